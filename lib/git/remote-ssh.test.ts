/**
 * ssh remotes against a real OpenSSH server on 127.0.0.1: the key comes from the file an environment variable
 * names, the host key is checked against an explicit known_hosts file (never turned off), and each failure says
 * which of those it was.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCommitMessage } from "../merge/commit-message";
import { pushChange } from "../merge/push-change";
import { runGit } from "../patch/git";
import { createServerRepo, serverBaseDir, serverGit, startSshGitServer, type SshGitServer } from "../testing/git-servers";
import { fetchMirror, mirrorDir } from "./mirror";
import { listRemoteBranches, RemoteGitError } from "./remote-git";

let base: string;
let data: string;
let sshd: SshGitServer;
let baseCommit: string;
const saved = { known: process.env.GATEHOUSE_SSH_KNOWN_HOSTS };

async function failureOf(p: Promise<unknown>): Promise<RemoteGitError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(RemoteGitError);
  return e as RemoteGitError;
}

beforeAll(async () => {
  base = serverBaseDir();
  data = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-data-"));
  baseCommit = createServerRepo(base, "app", { "a.txt": "one\ntwo\nthree\n" });
  sshd = await startSshGitServer(base);
  process.env.GATEHOUSE_TEST_SSH_KEY = sshd.clientKey;
  process.env.GATEHOUSE_TEST_STRANGER_KEY = sshd.strangerKey;
  process.env.GATEHOUSE_SSH_KNOWN_HOSTS = sshd.knownHosts;
});
afterAll(async () => {
  await sshd?.stop();
  delete process.env.GATEHOUSE_TEST_SSH_KEY;
  delete process.env.GATEHOUSE_TEST_STRANGER_KEY;
  if (saved.known === undefined) delete process.env.GATEHOUSE_SSH_KNOWN_HOSTS;
  else process.env.GATEHOUSE_SSH_KNOWN_HOSTS = saved.known;
  fs.rmSync(base, { recursive: true, force: true });
  fs.rmSync(data, { recursive: true, force: true });
});

describe("ssh remotes (OpenSSH server on 127.0.0.1)", () => {
  it("lists branches, mirrors and pushes with the key file named by an environment variable", async () => {
    const access = { url: sshd.urlOf("app"), sshKeyEnv: "GATEHOUSE_TEST_SSH_KEY" };
    expect(await listRemoteBranches(access)).toEqual(["main"]);

    const dir = mirrorDir(data, "ssh-app");
    await fetchMirror(dir, access);
    expect((await runGit(["rev-parse", "refs/heads/main"], { cwd: dir })).stdout.toString().trim()).toBe(baseCommit);
    expect(fs.readFileSync(path.join(dir, "config"), "utf8")).not.toContain(sshd.clientKey);

    const jobId = "job-ssh";
    const message = buildCommitMessage({ title: "Shout two", instruction: "Uppercase two.", reviewer: "Rita <r@example.test>", tier: "fast", model: "m", jobId, gates: [] });
    const diff = "diff --git a/a.txt b/a.txt\n--- a/a.txt\n+++ b/a.txt\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n";
    const r = await pushChange({ mirrorDir: dir, access, branch: "main", baseCommit, diff, message, author: { name: "Sam", email: "sam@example.test" }, marker: { jobId } });
    expect(r).toMatchObject({ status: "merged", parent: baseCommit });
    expect(serverGit(base, "app", "show", "main:a.txt")).toBe("one\nTWO\nthree");
    expect(serverGit(base, "app", "log", "-1", "--format=%B", "main")).toContain(`Gatehouse-Job: ${jobId}`);
  });

  it("refuses a host whose key does not match known_hosts, and says so", async () => {
    const e = await failureOf(listRemoteBranches({ url: sshd.urlOf("app"), sshKeyEnv: "GATEHOUSE_TEST_SSH_KEY" }, { env: { ...process.env, GATEHOUSE_SSH_KNOWN_HOSTS: sshd.wrongKnownHosts } }));
    expect(e.kind).toBe("host-key");
    expect(e.message).toMatch(/Host key verification failed/);
    // An empty known_hosts (host never added) is refused too: host key checking is never skipped.
    const empty = path.join(data, "empty_known_hosts");
    fs.writeFileSync(empty, "");
    expect((await failureOf(listRemoteBranches({ url: sshd.urlOf("app"), sshKeyEnv: "GATEHOUSE_TEST_SSH_KEY" }, { env: { ...process.env, GATEHOUSE_SSH_KNOWN_HOSTS: empty } }))).kind).toBe("host-key");
  });

  it("names the key variable when the server refuses the key, and never prints the key", async () => {
    const e = await failureOf(listRemoteBranches({ url: sshd.urlOf("app"), sshKeyEnv: "GATEHOUSE_TEST_STRANGER_KEY" }));
    expect(e.kind).toBe("auth");
    expect(e.message).toContain("GATEHOUSE_TEST_STRANGER_KEY");
    expect(e.message).not.toContain(fs.readFileSync(sshd.strangerKey, "utf8").split("\n")[1]);
    const unset = await failureOf(listRemoteBranches({ url: sshd.urlOf("app"), sshKeyEnv: "GATEHOUSE_NO_SUCH_KEY_VAR" }));
    expect(unset.message).toMatch(/GATEHOUSE_NO_SUCH_KEY_VAR is not set/);
  });

  it("says the server is unreachable when sshd is down", async () => {
    await sshd.stop();
    try {
      const e = await failureOf(listRemoteBranches({ url: sshd.urlOf("app"), sshKeyEnv: "GATEHOUSE_TEST_SSH_KEY" }));
      expect(e.kind).toBe("unreachable");
    } finally {
      await sshd.start();
    }
  });
});
