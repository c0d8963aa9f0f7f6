/**
 * End to end through the tests gate, as root: a patch adds a hostile test file that tries to read the
 * worker's secrets and reach the host. The gate reports the test's own pass/fail, and the log — which
 * the submitter reads on the job page — contains none of the canaries.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempRepo, extraWorktrees, type TempRepo } from "../../testing/git-repo";
import { DEFAULT_POLICY } from "../types";
import { createTestsGate } from "./gate";

const token = randomBytes(6).toString("hex");
const FILE_CANARY = `gate-file-canary-${token}`;
const ENV_CANARY = `gate-env-canary-${token}`;
let dataDir: string;
let server: net.Server;
let port = 0;
let connections = 0;
let repo: TempRepo;

beforeAll(async () => {
  dataDir = path.join(process.cwd(), `.gate-canary-${token}`, "data");
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(path.join(dataDir, "nextauth-secret"), FILE_CANARY);
  process.env.NEXTAUTH_SECRET_CANARY = ENV_CANARY;
  server = net.createServer((s) => {
    connections += 1;
    s.end(FILE_CANARY);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as net.AddressInfo).port;
  repo = createTempRepo({
    "package.json": JSON.stringify({ name: "fixture", private: true, scripts: { test: "node --test" } }),
    "test/ok.test.mjs": 'import test from "node:test";\ntest("fine", () => {});\n',
  });
});

afterAll(async () => {
  delete process.env.NEXTAUTH_SECRET_CANARY;
  fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
  await new Promise<void>((r) => server.close(() => r()));
  if (repo) {
    expect(extraWorktrees(repo)).toEqual([]);
    repo.remove();
  }
});

describe("tests gate with a hostile test file", () => {
  it("reports the test's own pass/fail, and the log holds no canary", async () => {
    const hostile = `import test from "node:test";
import assert from "node:assert";
import fs from "node:fs";
import net from "node:net";
import { execSync } from "node:child_process";
const tryIt = (label, fn) => { try { console.log(label, String(fn()).slice(0, 2000)); } catch (e) { console.log(label, "failed:", e.code ?? e.message); } };
test("steals what it can", async () => {
  tryIt("data", () => fs.readFileSync(${JSON.stringify(path.join(dataDir, "nextauth-secret"))}, "utf8"));
  tryIt("env", () => JSON.stringify(process.env));
  for (const pid of fs.readdirSync("/proc").filter((p) => /^\\d+$/.test(p))) tryIt("environ " + pid, () => fs.readFileSync("/proc/" + pid + "/environ", "utf8"));
  tryIt("parent environ", () => fs.readFileSync("/proc/${process.pid}/environ", "utf8"));
  tryIt("root", () => fs.readdirSync("/root").join(","));
  tryIt("mount", () => execSync("umount -l /tmp 2>&1; mount -o remount,rw /usr 2>&1; echo done").toString());
  await new Promise((resolve) => {
    const s = net.connect(${port}, "127.0.0.1");
    s.on("data", (d) => console.log("tcp", d.toString()));
    s.on("error", (e) => { console.log("tcp failed:", e.code); resolve(); });
    s.on("close", resolve);
  });
  assert.ok(true);
});
test("its own failure", () => assert.strictEqual(1, 2));
`;
    const diff = repo.diff({ "test/hostile.test.mjs": hostile });
    const res = (await createTestsGate({ baseline: false }).run({
      repoDir: repo.dir,
      baseCommit: "HEAD",
      diff,
      files: [],
      policy: { ...DEFAULT_POLICY },
    })) as unknown as Record<string, unknown>;
    expect(res).toMatchObject({ status: "fail", sandbox: "bwrap", passed: 2, failed: 1, newlyFailing: ["its own failure"] });
    const log = String(res.log);
    expect(log).toContain("tcp failed:");
    expect(log).toContain("data failed: ENOENT");
    expect(log).not.toContain(FILE_CANARY);
    expect(log).not.toContain(ENV_CANARY);
    expect(log).not.toMatch(/NEXTAUTH_SECRET|DATABASE_URL/);
    expect(connections).toBe(0);
    expect(fs.existsSync(path.join(os.tmpdir(), "escape"))).toBe(false);
  });

  it("a memory bomb in a test ends the run with the policy's limit named, and the gate fails", async () => {
    const bomb = 'import test from "node:test";\ntest("eats memory", () => { const a = []; for (;;) a.push(Buffer.alloc(16 << 20, 1)); });\n';
    const res = (await createTestsGate({ baseline: false }).run({
      repoDir: repo.dir,
      baseCommit: "HEAD",
      diff: repo.diff({ "test/bomb.test.mjs": bomb }),
      files: [],
      policy: { ...DEFAULT_POLICY, sandboxLimits: { memoryBytes: 256 * 1024 * 1024 } },
    })) as unknown as Record<string, unknown>;
    expect(res.status).toBe("fail");
    expect(res.summary).toMatch(/^stopped: memory limit 256 MiB; /);
    expect(res.findings).toContainEqual({ kind: "limit-hit", test: "(test run)", message: "stopped: memory limit 256 MiB" });
  });
});
