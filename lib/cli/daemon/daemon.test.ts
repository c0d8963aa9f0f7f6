/**
 * The CLI daemon end to end, through the real launcher (bin/gatehouse → dist/cli), as root in CI: the
 * same results as a run in its own process, each request with its own environment and working
 * directory, and a socket nobody else can reach or plant.
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startRegistryServer, type RegistryServer } from "../../gates/dependencies/test-support/registry-server";
import { createTempRepo, type TempRepo } from "../../testing/git-repo";
import { BIN, runBin, type Run } from "../testing/run-bin";

const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
/** Daemons a test run could leave behind (a killed vitest) go away by themselves soon. */
const SHORT_IDLE = ["--idle-minutes", "2"];
const SRC = "export function encode(s) {\n  if (typeof s !== 'string') throw new Error('Invalid URL');\n  return s;\n}\n";

let repo: TempRepo;
let dir: string;
let registry: RegistryServer;
let patchFile: string;
let daemonDirs: string[] = [];

beforeAll(async () => {
  registry = await startRegistryServer();
  repo = createTempRepo({
    "package.json": JSON.stringify({ name: "fixture", private: true, dependencies: { axios: "^1.7.0" } }),
    "src/url.mjs": SRC,
    "test/url.test.mjs": 'import assert from "node:assert";\nassert.throws(() => 1, /Invalid URL/);\n',
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-daemon-test-"));
  patchFile = path.join(dir, "change.diff");
  fs.writeFileSync(
    patchFile,
    repo.diff({ "src/url.mjs": `import axios from "axios";\n${SRC.replace("Invalid URL", "Malformed URI structure")}export const client = axios;\n` }),
  );
});

afterAll(async () => {
  repo.remove();
  fs.rmSync(dir, { recursive: true, force: true });
  await registry.close();
});

/** Stops every daemon a test started, even when the test failed half-way. */
afterEach(async () => {
  for (const d of daemonDirs) {
    if (fs.existsSync(d) && fs.readdirSync(d).some((f) => f.endsWith(".sock"))) await gatehouse(["daemon", "stop"], d);
  }
  daemonDirs = [];
});

function newDaemonDir(): string {
  const d = path.join(fs.mkdtempSync(path.join(dir, "run-")), "daemon");
  daemonDirs.push(d);
  return d;
}

function gatehouse(args: string[], daemonDir: string, opts: { env?: Record<string, string>; input?: string; cwd?: string } = {}): Promise<Run> {
  const { GATEHOUSE_DAEMON: _developers, ...inherited } = process.env;
  const env = { ...inherited, NO_COLOR: "1", NPM_CONFIG_REGISTRY: registry.npmRegistry, GATEHOUSE_DAEMON_DIR: daemonDir, ...opts.env };
  return runBin(args, { cwd: opts.cwd ?? os.tmpdir(), env, input: opts.input, timeoutMs: 60_000 });
}

const CHECK = ["check", "--repo", "", "--patch", "", "--gates", "dependencies,error-contract", "--format", "json"];
function checkArgs(patch = patchFile): string[] {
  const args = [...CHECK];
  args[2] = repo.dir;
  args[4] = patch;
  return args;
}

/** The JSON report without its timings and cache counts, which differ from run to run. */
function report(run: Run): unknown {
  expect(run.stdout.trim().startsWith("{"), run.stderr).toBe(true);
  return JSON.parse(run.stdout, (key, value) => (["durationMs", "startedAt", "finishedAt", "filesFromCache"].includes(key) ? 0 : value));
}

function runsServed(status: Run): number {
  const m = /, (\d+) runs?\)/.exec(status.stdout);
  if (!m) throw new Error(`no run count in: ${status.stdout}${status.stderr}`);
  return Number(m[1]);
}

describe("gatehouse daemon", () => {
  it("runs check as a process of its own would, one request at a time with the client's environment and directory", async () => {
    const d = newDaemonDir();
    const before = await gatehouse(["daemon", "status"], d);
    expect(before.code).toBe(3);
    expect(before.stdout).toContain("not running");

    const started = await gatehouse(["daemon", "start", ...SHORT_IDLE], d);
    expect(started.code, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/gatehouse daemon: running \(pid \d+, build [0-9a-f]{16}/);
    expect(fs.statSync(d).mode & 0o777).toBe(0o700);
    const socket = fs.readdirSync(d).find((f) => f.endsWith(".sock"))!;
    expect(fs.statSync(path.join(d, socket)).mode & 0o777).toBe(0o600);

    const local = await gatehouse(checkArgs(), d, { env: { GATEHOUSE_DAEMON: "off" } });
    const viaDaemon = await gatehouse(checkArgs(), d);
    expect(viaDaemon.code).toBe(local.code);
    expect(viaDaemon.code).toBe(1); // the changed message breaks the test's regex
    expect(report(viaDaemon)).toEqual(report(local));
    expect(runsServed(await gatehouse(["daemon", "status"], d))).toBe(1);

    // The patch from stdin, and a path relative to the client's working directory.
    const fromStdin = await gatehouse([...checkArgs("-")], d, { input: fs.readFileSync(patchFile, "utf8") });
    expect(report(fromStdin)).toEqual(report(local));
    const relative = await gatehouse(checkArgs("change.diff"), d, { cwd: dir });
    expect(report(relative)).toEqual(report(local));
    const missing = await gatehouse(checkArgs("no-such.diff"), d, { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read patch no-such.diff");
    expect(runsServed(await gatehouse(["daemon", "status"], d))).toBe(4);

    // Each request's own environment: the same daemon asks the registry each client names.
    const statusOf = (run: Run) => (report(run) as { gates: Array<{ gate: string; status: string }> }).gates.find((g) => g.gate === "dependencies")?.status;
    const elsewhere = { NPM_CONFIG_REGISTRY: registry.npmRegistry.replace("/npm/", "/nothing-here/") };
    expect(statusOf(await gatehouse(checkArgs(), d))).toBe("pass");
    expect(statusOf(await gatehouse(checkArgs(), d, { env: elsewhere }))).toBe("fail");
    expect(statusOf(await gatehouse(checkArgs(), d))).toBe("pass");
    expect(runsServed(await gatehouse(["daemon", "status"], d))).toBe(7);

    const stopped = await gatehouse(["daemon", "stop"], d);
    expect(stopped.stdout).toMatch(/stopped \(pid \d+\)/);
    expect(fs.readdirSync(d).filter((f) => f.endsWith(".sock"))).toEqual([]);
    expect((await gatehouse(["daemon", "status"], d)).code).toBe(3);
    expect(report(await gatehouse(checkArgs(), d))).toEqual(report(local)); // and runs in its own process again
  });

  it("stops by itself after its idle time", async () => {
    const d = newDaemonDir();
    expect((await gatehouse(["daemon", "start", "--idle-minutes", "0.02"], d)).code).toBe(0);
    // 1.2 s without a run (status questions do not count): a loaded machine gets up to 15 s.
    let status = await gatehouse(["daemon", "status"], d);
    for (let i = 0; i < 30 && status.code !== 3; i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = await gatehouse(["daemon", "status"], d);
    }
    expect(status.code).toBe(3);
    expect(fs.readdirSync(d).filter((f) => f.endsWith(".sock"))).toEqual([]);
    expect(fs.readFileSync(path.join(d, "daemon.log"), "utf8")).toMatch(/stopping: idle for 1 s/);
  });

  it("a daemon that was killed leaves a socket file: the command runs in its own process, and start replaces it", async () => {
    const d = newDaemonDir();
    const started = await gatehouse(["daemon", "start", ...SHORT_IDLE], d);
    const pid = Number(/pid (\d+)/.exec(started.stdout)?.[1]);
    process.kill(pid, "SIGKILL");
    await new Promise((r) => setTimeout(r, 200));
    expect(fs.readdirSync(d).some((f) => f.endsWith(".sock"))).toBe(true);
    const local = await gatehouse(checkArgs(), d, { env: { GATEHOUSE_DAEMON: "off" } });
    const run = await gatehouse(checkArgs(), d);
    expect(run.code).toBe(1);
    expect(report(run)).toEqual(report(local));
    const again = await gatehouse(["daemon", "start", ...SHORT_IDLE], d);
    expect(again.code, again.stderr).toBe(0);
    expect(Number(/pid (\d+)/.exec(again.stdout)?.[1])).not.toBe(pid);
  });

  it("a daemon of another build is never used, and stop stops it too", async () => {
    const d = newDaemonDir();
    // Another build of the CLI: the same launcher and bundle beside a different build id.
    const other = fs.mkdtempSync(path.join(dir, "other-build-"));
    fs.mkdirSync(path.join(other, "bin"));
    fs.copyFileSync(path.resolve(__dirname, "../../../bin/gatehouse.cjs"), path.join(other, "bin", "gatehouse.cjs"));
    fs.cpSync(path.resolve(__dirname, "../../../dist/cli"), path.join(other, "dist", "cli"), { recursive: true });
    fs.symlinkSync(path.resolve(__dirname, "../../../node_modules"), path.join(other, "node_modules"));
    fs.symlinkSync(path.resolve(__dirname, "../../../package.json"), path.join(other, "package.json"));
    fs.writeFileSync(path.join(other, "dist", "cli", "build-id"), "0123456789abcdef\n");
    const otherBin = path.join(other, "bin", "gatehouse.cjs");
    const { GATEHOUSE_DAEMON: _developers, ...inherited } = process.env;
    const env = { ...inherited, NO_COLOR: "1", NPM_CONFIG_REGISTRY: registry.npmRegistry, GATEHOUSE_DAEMON_DIR: d };
    const started = await runBin(["daemon", "start", ...SHORT_IDLE], { cwd: os.tmpdir(), env, timeoutMs: 60_000, bin: otherBin });
    expect(started.stdout, started.stderr).toContain("build 0123456789abcdef");

    expect((await gatehouse(["daemon", "status"], d)).code).toBe(3);
    expect((await gatehouse(checkArgs(), d)).code).toBe(1);
    expect(runsServed(await runBin(["daemon", "status"], { cwd: os.tmpdir(), env, timeoutMs: 60_000, bin: otherBin }))).toBe(0);

    const stopped = await gatehouse(["daemon", "stop"], d);
    expect(stopped.stdout).toMatch(/stopped \(pid \d+, an earlier build 0123456789abcdef\)/);
    expect(fs.readdirSync(d).filter((f) => f.endsWith(".sock"))).toEqual([]);
  });

  it("Ctrl-C on the client stops the run in the daemon (its sandboxed test processes too), and the daemon serves on", async () => {
    const d = newDaemonDir();
    await gatehouse(["daemon", "start", ...SHORT_IDLE], d);
    const marker = `slow-${process.pid}-${Date.now()}`;
    const slow = createTempRepo({
      "package.json": JSON.stringify({ name: "slow", private: true, scripts: { test: "node --test" } }),
      [`test/${marker}.test.js`]: 'require("node:test")("waits", () => new Promise((r) => setTimeout(r, 120000)));\n',
    });
    try {
      fs.writeFileSync(path.join(dir, "slow.diff"), slow.diff({ "README.md": "docs\n" }));
      const testsRunning = () => spawnSync("pgrep", ["-f", marker]).status === 0;
      const { GATEHOUSE_DAEMON: _developers, ...inherited } = process.env;
      const child = spawn(BIN, ["check", "--repo", slow.dir, "--patch", path.join(dir, "slow.diff"), "--gates", "tests"], {
        env: { ...inherited, NO_COLOR: "1", GATEHOUSE_DAEMON_DIR: d },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (b: Buffer) => (out += b.toString()));
      child.stderr.on("data", (b: Buffer) => (out += b.toString()));
      const closed = new Promise<number | null>((resolve) => child.on("close", resolve));
      for (let i = 0; i < 300 && !testsRunning(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(testsRunning()).toBe(true);
      process.kill(-child.pid!, "SIGINT");
      expect(await closed).toBe(1);
      expect(out).toContain("SIGINT, stopping");
      expect(out).toMatch(/tests\s+ERROR.*aborted/);
      for (let i = 0; i < 50 && testsRunning(); i++) await new Promise((r) => setTimeout(r, 100));
      expect(testsRunning()).toBe(false);
      expect(runsServed(await gatehouse(["daemon", "status"], d))).toBe(1);
      expect((await gatehouse(checkArgs(), d)).code).toBe(1);
      expect(runsServed(await gatehouse(["daemon", "status"], d))).toBe(2);
    } finally {
      slow.remove();
    }
  });

  it("answers garbage and other commands with a refusal, and keeps serving", async () => {
    const d = newDaemonDir();
    await gatehouse(["daemon", "start", ...SHORT_IDLE], d);
    const socket = path.join(d, fs.readdirSync(d).find((f) => f.endsWith(".sock"))!);
    const exchange = (text: string) =>
      new Promise<string>((resolve) => {
        const conn = net.createConnection(socket, () => conn.write(text));
        let got = "";
        conn.on("data", (b) => (got += b.toString()));
        conn.on("close", () => resolve(got));
        conn.on("error", () => resolve(got));
      });
    expect(await exchange("this is not json\n")).toBe("");
    const submit = { type: "run", buildId: "x", argv: ["submit"], env: {}, cwd: "/", umask: 18, stdoutIsTTY: false, stderrIsTTY: false };
    expect(JSON.parse(await exchange(`${JSON.stringify(submit)}\n`))).toMatchObject({ type: "refused", reason: expect.stringContaining("another build") });
    const buildId = /build ([0-9a-f]{16})/.exec((await gatehouse(["daemon", "status"], d)).stdout)![1];
    expect(JSON.parse(await exchange(`${JSON.stringify({ ...submit, buildId })}\n`))).toMatchObject({ type: "refused", reason: 'the daemon does not run "submit"' });
    expect(JSON.parse(await exchange(`${JSON.stringify({ ...submit, buildId, argv: ["check"], env: { NODE_EXTRA_CA_CERTS: "/tmp/evil.pem" } })}\n`))).toMatchObject({ type: "refused" });
    expect(JSON.parse(await exchange('{"type":"run","argv":"check"}\n'))).toMatchObject({ type: "refused", reason: "not a run request" });
    expect((await gatehouse(checkArgs(), d)).code).toBe(1);
    expect(runsServed(await gatehouse(["daemon", "status"], d))).toBe(1);
  });
});

describe.runIf(isRoot)("gatehouse daemon: its socket is for its own user only (run as root)", () => {
  it("another user cannot connect to the socket", async () => {
    const d = newDaemonDir();
    expect((await gatehouse(["daemon", "start", ...SHORT_IDLE], d)).code).toBe(0);
    const socket = path.join(d, fs.readdirSync(d).find((f) => f.endsWith(".sock"))!);
    const probe = `require("node:net").createConnection(${JSON.stringify(socket)}).on("connect", () => { console.log("CONNECTED"); process.exit(0); }).on("error", (e) => { console.log(e.code); process.exit(0); });`;
    const asNobody = spawnSync("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", process.execPath, "-e", probe], { encoding: "utf8" });
    expect(asNobody.stderr).toBe("");
    expect(asNobody.stdout.trim()).toBe("EACCES");
  });

  const planted: Array<[string, (d: string) => void, RegExp]> = [
    ["a folder another user owns", (d) => (fs.mkdirSync(d, { mode: 0o700 }), fs.chownSync(d, NOBODY, NOBODY)), /belongs to uid 65534, not to uid 0/],
    ["a folder others may enter", (d) => (fs.mkdirSync(d), fs.chmodSync(d, 0o755)), /open to other users \(mode 755; must be 700\)/],
    ["a symbolic link to a private folder", (d) => (fs.mkdirSync(`${d}-real`, { mode: 0o700 }), fs.symlinkSync(`${d}-real`, d)), /is a symbolic link/],
  ];
  it.each(planted)("%s is refused: start fails, check runs in its own process", async (_what, plant, reason) => {
    const d = newDaemonDir();
    plant(d);
    const start = await gatehouse(["daemon", "start", ...SHORT_IDLE], d);
    expect(start.code).toBe(1);
    expect(start.stderr).toMatch(reason);
    expect(fs.readdirSync(d).filter((f) => f.endsWith(".sock"))).toEqual([]);
    // A socket planted in such a folder is never used, even one that answers.
    const fake = net.createServer((c) => c.end('{"type":"exit","code":0}\n'));
    const buildId = fs.readFileSync(path.resolve(__dirname, "../../../dist/cli/build-id"), "utf8").trim();
    await new Promise<void>((resolve) => fake.listen(path.join(d, `daemon-${buildId}.sock`), resolve));
    try {
      const run = await gatehouse(checkArgs(), d);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(reason);
      expect(report(run)).toEqual(report(await gatehouse(checkArgs(), d, { env: { GATEHOUSE_DAEMON: "off" } })));
    } finally {
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });
});
