import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mirrorDir } from "../git/mirror";
import { createServerRepo, pushAsSomeoneElse, serverBaseDir, serverGit, startGitDaemon, startGitHttpServer, type GitServer } from "../testing/git-servers";
import { buildCommitMessage } from "./commit-message";
import { pushChange, type PushInput } from "./push-change";

const FILES = { "a.txt": "one\ntwo\nthree\nfour\nfive\nsix\nseven\n", "b.txt": "b\n" };
const PATCH = `diff --git a/a.txt b/a.txt
--- a/a.txt
+++ b/a.txt
@@ -1,3 +1,3 @@
 one
-two
+TWO
 three
`;
const author = { name: "Sam Submitter", email: "sam@example.test" };
const TOKEN = "push-test-token-0000";

let base: string;
let data: string;
let daemon: GitServer;
let seq = 0;

function setup(): { name: string; baseCommit: string; input: (over?: Partial<PushInput>) => PushInput } {
  const name = `r${++seq}`;
  const baseCommit = createServerRepo(base, name, FILES);
  const jobId = `job-${name}`;
  const message = buildCommitMessage({ title: "Shout two", instruction: "Uppercase two.", reviewer: "Rita <r@example.test>", tier: "fast", model: "m", jobId, gates: [] });
  return {
    name,
    baseCommit,
    input: (over = {}) => ({
      mirrorDir: mirrorDir(data, name),
      access: { url: daemon.urlOf(name) },
      branch: "main",
      baseCommit,
      diff: PATCH,
      message,
      author,
      marker: { jobId },
      ...over,
    }),
  };
}

beforeAll(async () => {
  base = serverBaseDir();
  data = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-data-"));
  daemon = await startGitDaemon(base);
});
afterAll(async () => {
  await daemon?.stop();
  fs.rmSync(base, { recursive: true, force: true });
  fs.rmSync(data, { recursive: true, force: true });
});

describe("pushChange (git daemon on 127.0.0.1)", () => {
  it("pushes the commit with its trailers onto the server's branch", async () => {
    const s = setup();
    const r = await pushChange(s.input());
    expect(r).toMatchObject({ status: "merged", branch: "main", parent: s.baseCommit });
    expect(serverGit(base, s.name, "rev-parse", "main")).toBe((r as { commit: string }).commit);
    expect(serverGit(base, s.name, "show", "main:a.txt")).toContain("TWO");
    expect(serverGit(base, s.name, "log", "-1", "--format=%B", "main")).toContain(`Gatehouse-Job: job-${s.name}`);
    expect(serverGit(base, s.name, "log", "-1", "--format=%an", "main")).toBe("Sam Submitter");
  });

  it("re-applies on top of someone else's push: both commits, ours on top", async () => {
    const s = setup();
    const theirs = pushAsSomeoneElse(base, s.name, { "a.txt": FILES["a.txt"].replace("six", "SIX"), "c.txt": "c\n" });
    const r = await pushChange(s.input());
    expect(r).toMatchObject({ status: "merged", parent: theirs, reapplied: true });
    expect(serverGit(base, s.name, "rev-parse", "main~1")).toBe(theirs);
    expect(serverGit(base, s.name, "show", "main:a.txt")).toBe("one\nTWO\nthree\nfour\nfive\nSIX\nseven");
  });

  it("reports a conflict with the failing hunks when someone changed the same lines, and pushes nothing", async () => {
    const s = setup();
    const theirs = pushAsSomeoneElse(base, s.name, { "a.txt": FILES["a.txt"].replace("two", "zwei") });
    const r = await pushChange(s.input());
    expect(r).toMatchObject({ status: "conflict", head: theirs });
    if (r.status !== "conflict") throw new Error("expected a conflict");
    expect(r.message).toContain("a.txt");
    expect(r.failingHunks.join("\n")).toMatch(/a\.txt/);
    expect(serverGit(base, s.name, "rev-parse", "main")).toBe(theirs);
  });

  it("server down → not merged with the reason; back up → merged once; again → adopted, not pushed twice", async () => {
    const s = setup();
    await daemon.stop();
    let down;
    try {
      down = await pushChange(s.input());
    } finally {
      await daemon.start();
    }
    expect(down).toMatchObject({ status: "not-merged" });
    expect((down as { reason: string }).reason).toMatch(/down or unreachable/);
    expect(serverGit(base, s.name, "rev-parse", "main")).toBe(s.baseCommit);
    const first = await pushChange(s.input());
    const again = await pushChange(s.input());
    expect(first.status).toBe("merged");
    expect(again).toMatchObject({ status: "merged", alreadyMerged: true, commit: (first as { commit: string }).commit });
    expect(serverGit(base, s.name, "rev-list", "--count", "main")).toBe("2");
  });

  it("a push that reached the server before the process died is adopted from another machine's mirror", async () => {
    const s = setup();
    const first = await pushChange(s.input({ mirrorDir: mirrorDir(data, `${s.name}-machine-a`) }));
    const other = await pushChange(s.input({ mirrorDir: mirrorDir(data, `${s.name}-machine-b`) }));
    expect(other).toMatchObject({ status: "merged", alreadyMerged: true, commit: (first as { commit: string }).commit });
  });

  it("creates a branch per change from the default branch, never overwriting an existing one", async () => {
    const s = setup();
    const r = await pushChange(s.input({ branch: `gatehouse/job-${s.name}`, startPoint: "main" }));
    expect(r).toMatchObject({ status: "merged", parent: s.baseCommit });
    expect(serverGit(base, s.name, "rev-parse", "main")).toBe(s.baseCommit);
    expect(serverGit(base, s.name, "show", `gatehouse/job-${s.name}:a.txt`)).toContain("TWO");
  });

  it("hands back the re-applied diff unpushed when asked to (gates re-run on the new base)", async () => {
    const s = setup();
    const theirs = pushAsSomeoneElse(base, s.name, { "b.txt": "B\n" });
    const r = await pushChange(s.input({ onMovedBase: "return" }));
    expect(r).toMatchObject({ status: "moved", head: theirs });
    expect((r as { diff: string }).diff).toContain("+TWO");
    expect(serverGit(base, s.name, "rev-parse", "main")).toBe(theirs);
  });
});

describe("pushChange over smart HTTP", () => {
  it("pushes with the token from the environment; a wrong token fails with a clear reason and no token", async () => {
    const srv = await startGitHttpServer(base, { user: "*", password: TOKEN });
    try {
      const s = setup();
      process.env.GATEHOUSE_PUSH_TOKEN = TOKEN;
      process.env.GATEHOUSE_PUSH_WRONG = "wrong-push-token-1111";
      const wrong = await pushChange(s.input({ access: { url: srv.urlOf(s.name), credentialEnv: "GATEHOUSE_PUSH_WRONG" } }));
      expect(wrong).toMatchObject({ status: "not-merged" });
      expect((wrong as { reason: string }).reason).toMatch(/Authentication failed.*GATEHOUSE_PUSH_WRONG/);
      expect(JSON.stringify(wrong)).not.toContain("wrong-push-token-1111");
      const ok = await pushChange(s.input({ access: { url: srv.urlOf(s.name), credentialEnv: "GATEHOUSE_PUSH_TOKEN" } }));
      expect(ok.status).toBe("merged");
      expect(serverGit(base, s.name, "show", "main:a.txt")).toContain("TWO");
    } finally {
      delete process.env.GATEHOUSE_PUSH_TOKEN;
      delete process.env.GATEHOUSE_PUSH_WRONG;
      await srv.stop();
    }
  });
});
