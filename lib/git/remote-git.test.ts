import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGit } from "../patch/git";
import { createWorktree } from "../patch/worktree";
import { createServerRepo, pushAsSomeoneElse, serverBaseDir, startGitDaemon, startGitHttpServer, type GitServer, type HttpGitServer } from "../testing/git-servers";
import { fetchMirror, mirrorDir, pruneWorktrees } from "./mirror";
import { classifyRemoteFailure, listRemoteBranches, remoteInvocation, RemoteGitError } from "./remote-git";
import { compareLink, parseCloneUrl, redactUrls, webUrlFor } from "./remote-url";
import { withRepositoryLock } from "./repo-lock";

const TOKEN = "s3cret-token-value-1234";

async function failureOf(p: Promise<unknown>): Promise<RemoteGitError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(RemoteGitError);
  return e as RemoteGitError;
}

describe("clone URLs", () => {
  it("accepts the supported forms and refuses credentials, helpers and unknown schemes", () => {
    for (const u of ["https://127.0.0.1/team/app.git", "ssh://git@127.0.0.1:2222/team/app.git", "git@127.0.0.1:team/app.git", "git://127.0.0.1/app.git", "file:///srv/git/app.git"]) {
      expect(parseCloneUrl(u).ok, u).toBe(true);
    }
    expect(parseCloneUrl("git@127.0.0.1:team/app.git")).toMatchObject({ ok: true, value: { protocol: "ssh", host: "127.0.0.1", repoPath: "team/app" } });
    const withToken = new URL("https://127.0.0.1/team/app.git");
    withToken.username = "user";
    withToken.password = TOKEN;
    const refused = parseCloneUrl(withToken.href);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).not.toContain(TOKEN);
    expect(parseCloneUrl(`https://${TOKEN}@127.0.0.1/app.git`).ok).toBe(false);
    expect(parseCloneUrl("ext::sh -c evil").ok).toBe(false);
    expect(parseCloneUrl("ftp://127.0.0.1/app.git").ok).toBe(false);
    expect(parseCloneUrl("-uhttps://127.0.0.1/y").ok).toBe(false);
    expect(parseCloneUrl("relative/path").ok).toBe(false);
  });

  it("redacts userinfo anywhere in a message and builds compare links", () => {
    const withToken = new URL("http://127.0.0.1/a.git/");
    withToken.username = "u";
    withToken.password = TOKEN;
    expect(redactUrls(`fatal: unable to access '${withToken.href}': 403`)).toBe("fatal: unable to access 'http://***@127.0.0.1/a.git/': 403");
    const clone = parseCloneUrl("git@127.0.0.1:team/app.git");
    if (!clone.ok) throw new Error("parse");
    const web = webUrlFor(clone.value);
    expect(web).toBe("https://127.0.0.1/team/app");
    expect(compareLink("{web}/compare/{base}...{branch}", { web, base: "main", branch: "gatehouse/j1", commit: "abc" })).toBe(
      "https://127.0.0.1/team/app/compare/main...gatehouse/j1",
    );
    expect(compareLink("{web}/-/merge_requests/new?merge_request[source_branch]={branch}", { web: null, base: "main", branch: "b", commit: "c" })).toBeNull();
  });

  it("builds a non-interactive invocation: one protocol, no inherited helpers, strict ssh", () => {
    const known = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-kh-")), "known_hosts");
    fs.writeFileSync(known, "");
    const inv = remoteInvocation({ url: "ssh://git@127.0.0.1:2222/app.git" }, { GATEHOUSE_SSH_KNOWN_HOSTS: known });
    expect(inv.config.join(" ")).toContain("protocol.allow=never -c protocol.ssh.allow=always -c credential.helper=");
    expect(inv.env.GIT_SSH_COMMAND).toContain("StrictHostKeyChecking=yes");
    expect(inv.env.GIT_SSH_COMMAND).toContain(`UserKnownHostsFile='${known}'`);
    expect(inv.env.GIT_SSH_COMMAND).toContain("-F /dev/null");
    expect(() => remoteInvocation({ url: "ssh://git@127.0.0.1/app.git" }, { GATEHOUSE_SSH_KNOWN_HOSTS: `${known}.missing` })).toThrow(/known_hosts/);
    expect(() => remoteInvocation({ url: "https://127.0.0.1/app.git", credentialEnv: "NOT_SET_ANYWHERE" }, {})).toThrow(/NOT_SET_ANYWHERE is not set/);
    const https = remoteInvocation({ url: "https://127.0.0.1/app.git", credentialEnv: "TOK" }, { TOK: TOKEN });
    expect(https.config.join(" ")).not.toContain(TOKEN); // the token travels in the environment only
    expect(https.env.GATEHOUSE_GIT_PASSWORD).toBe(TOKEN);
  });

  it("classifies the failures git, ssh and curl report", () => {
    expect(classifyRemoteFailure("fatal: unable to access 'https://127.0.0.1/': Could not resolve host: gitserver")).toBe("dns");
    expect(classifyRemoteFailure("ssh: Could not resolve hostname nowhere: Name or service not known")).toBe("dns");
    expect(classifyRemoteFailure("Host key verification failed.\nfatal: Could not read from remote repository.")).toBe("host-key");
    expect(classifyRemoteFailure("git@h: Permission denied (publickey).")).toBe("auth");
    expect(classifyRemoteFailure("fatal: 'x' does not appear to be a git repository")).toBe("not-a-repository");
    expect(classifyRemoteFailure("fatal: unable to connect to 127.0.0.1:\n127.0.0.1[0: 127.0.0.1]: errno=Connection refused")).toBe("unreachable");
  });
});

describe("real git servers", () => {
  let base: string;
  let daemon: GitServer;
  let httpSrv: HttpGitServer;
  let data: string;
  const env = () => ({ ...process.env, GATEHOUSE_TEST_TOKEN: TOKEN, GATEHOUSE_WRONG_TOKEN: "wrong-token-value-99" });

  beforeAll(async () => {
    base = serverBaseDir();
    createServerRepo(base, "app", { "a.txt": "one\n" });
    data = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-data-"));
    daemon = await startGitDaemon(base);
    httpSrv = await startGitHttpServer(base, { user: "*", password: TOKEN });
  });
  afterAll(async () => {
    await daemon?.stop();
    await httpSrv?.stop();
    fs.rmSync(base, { recursive: true, force: true });
    fs.rmSync(data, { recursive: true, force: true });
  });

  it("lists branches over git:// and over smart HTTP with a token from the environment", async () => {
    pushAsSomeoneElse(base, "app", { "b.txt": "b\n" }, "feature", "main");
    expect(await listRemoteBranches({ url: daemon.urlOf("app") })).toEqual(["main"]);
    const before = httpSrv.refused();
    process.env.GATEHOUSE_TEST_TOKEN_FOR_LIST = `gatehouse:${TOKEN}`;
    try {
      expect(await listRemoteBranches({ url: httpSrv.urlOf("app"), credentialEnv: "GATEHOUSE_TEST_TOKEN_FOR_LIST" })).toEqual(["main"]);
    } finally {
      delete process.env.GATEHOUSE_TEST_TOKEN_FOR_LIST;
    }
    // The real credential flow: the first request goes without credentials, the 401 makes git ask the helper.
    expect(httpSrv.refused()).toBeGreaterThan(before);
    expect(httpSrv.authorizations().at(-1)).toBe(`Basic ${Buffer.from(`gatehouse:${TOKEN}`).toString("base64")}`);
  });

  it("says exactly why it cannot connect, never quoting the token", async () => {
    const wrong = await failureOf(listRemoteBranches({ url: httpSrv.urlOf("app"), credentialEnv: "GATEHOUSE_WRONG_TOKEN" }, { env: env() }));
    expect(wrong.kind).toBe("auth");
    expect(wrong.message).toContain("GATEHOUSE_WRONG_TOKEN");
    expect(wrong.message).not.toContain("wrong-token-value-99");
    expect((await failureOf(listRemoteBranches({ url: httpSrv.urlOf("app") }))).kind).toBe("auth");
    expect((await failureOf(listRemoteBranches({ url: daemon.urlOf("missing") }))).kind).toBe("not-a-repository");
    expect((await failureOf(listRemoteBranches({ url: `file://${data}` }))).kind).toBe("not-a-repository");
    const port = daemon.port;
    await daemon.stop();
    try {
      const down = await failureOf(listRemoteBranches({ url: `git://127.0.0.1:${port}/app.git` }));
      expect(down.kind).toBe("unreachable");
      expect(down.message).toMatch(/down or unreachable/);
    } finally {
      await daemon.start();
    }
  });

  it("keeps a bare mirror that follows the server, with no URL or token in its config", async () => {
    const dir = mirrorDir(data, "repo1");
    const access = { url: httpSrv.urlOf("app"), credentialEnv: "GATEHOUSE_TEST_TOKEN" };
    process.env.GATEHOUSE_TEST_TOKEN = TOKEN;
    try {
      await fetchMirror(dir, access);
      const head = serverGitHead();
      expect((await runGit(["rev-parse", "refs/heads/main"], { cwd: dir })).stdout.toString().trim()).toBe(head);
      const next = pushAsSomeoneElse(base, "app", { "c.txt": "c\n" });
      await fetchMirror(dir, access);
      expect((await runGit(["rev-parse", "refs/heads/main"], { cwd: dir })).stdout.toString().trim()).toBe(next);
    } finally {
      delete process.env.GATEHOUSE_TEST_TOKEN;
    }
    const config = fs.readFileSync(path.join(dir, "config"), "utf8");
    expect(config).not.toContain(TOKEN);
    expect(config).not.toContain("127.0.0.1");
    expect(fs.existsSync(path.join(dir, "FETCH_HEAD"))).toBe(false);
  });

  it("prunes worktrees a killed process left behind and serialises holders of the repository lock", async () => {
    const dir = mirrorDir(data, "repo2");
    await fetchMirror(dir, { url: daemon.urlOf("app") });
    const wt = await createWorktree(dir, "refs/heads/main"); // worktrees work from the bare mirror
    const old = new Date(Date.now() - 7 * 3600_000);
    fs.utimesSync(wt.worktreeDir, old, old);
    expect(await pruneWorktrees(dir)).toEqual([wt.worktreeDir]);
    expect(fs.existsSync(wt.worktreeDir)).toBe(false);

    const order: string[] = [];
    const lock = `${dir}.lock`;
    fs.writeFileSync(lock, JSON.stringify({ pid: 2 ** 22 + 12345, host: os.hostname(), t: Date.now() })); // a dead owner
    await Promise.all(
      ["a", "b"].map((n) =>
        withRepositoryLock(lock, async () => {
          order.push(`${n}+`);
          await new Promise((r) => setTimeout(r, 30));
          order.push(`${n}-`);
        }),
      ),
    );
    expect(order).toEqual(["a+", "a-", "b+", "b-"]);
    expect(fs.existsSync(lock)).toBe(false);
  });

  function serverGitHead(): string {
    return fs.readFileSync(path.join(base, "app.git", "refs", "heads", "main"), "utf8").trim();
  }
});
