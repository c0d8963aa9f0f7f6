import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTempRepo, extraWorktrees, type TempRepo } from "../testing/git-repo";
import { makeTestCertificates } from "../testing/tls";
import { runBin, type Run } from "./testing/run-bin";

const PKG_VERSION = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../package.json"), "utf8")).version as string;

/** Runs the real launcher as a child process (own process group, killed if it hangs). */
function gatehouse(args: string[], opts: { input?: string; cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  return runBin(args, { cwd: opts.cwd ?? os.tmpdir(), env: { ...process.env, NO_COLOR: "", ...opts.env }, input: opts.input, timeoutMs: 90_000 });
}

const URL_SRC = "export function encode(s) {\n  if (typeof s !== 'string') throw new Error('Invalid URL');\n  return s.replace(/ /g, '%20');\n}\n";
const URL_TESTS = `import test from "node:test";
import assert from "node:assert";
import { encode } from "../src/url.mjs";
test("encodes spaces", () => assert.strictEqual(encode("a b"), "a%20b"));
test("rejects numbers", () => assert.throws(() => encode(1), /Invalid URL/));
test("keeps letters", () => assert.strictEqual(encode("ab"), "ab"));
`;

let repo: TempRepo;
let dir: string;
let breaking: string;
let harmless: string;
let headBefore: string;

beforeAll(() => {
  repo = createTempRepo({
    "package.json": JSON.stringify({ name: "fixture", private: true, scripts: { test: "node --test" } }),
    "src/url.mjs": URL_SRC,
    "test/url.test.mjs": URL_TESTS,
  });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-"));
  breaking = path.join(dir, "breaking.diff");
  harmless = path.join(dir, "harmless.diff");
  fs.writeFileSync(breaking, repo.diff({ "src/url.mjs": URL_SRC.replace("/ /g, '%20'", "/ /g, '+'") }));
  fs.writeFileSync(harmless, repo.diff({ "README.md": "more docs\n" }));
  headBefore = repo.git("rev-parse", "HEAD").trim();
});

afterAll(() => {
  // The CLI never touches the checkout and leaves no worktree behind.
  expect(repo.git("status", "--porcelain")).toBe("");
  expect(repo.git("rev-parse", "HEAD").trim()).toBe(headBefore);
  expect(extraWorktrees(repo)).toEqual([]);
  repo.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("gatehouse CLI", () => {
  it("--help and --version", async () => {
    const help = await gatehouse(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("gatehouse check --repo DIR --patch FILE|-");
    expect(help.stdout).toContain("gatehouse complexity FILE...");
    expect(help.stdout).toContain("gatehouse submit --url URL --token TOKEN --repo NAME");
    const version = await gatehouse(["--version"]);
    expect(version).toMatchObject({ code: 0, stdout: `${PKG_VERSION}\n` });
  });

  it("exits 1 with the JSON contract when a gate fails", async () => {
    const res = await gatehouse(["check", "--repo", repo.dir, "--patch", breaking, "--gates", "tests", "--format", "json"]);
    expect(res.code, res.stderr).toBe(1);
    const json = JSON.parse(res.stdout);
    expect(Object.keys(json)).toEqual(["gates"]);
    expect(json.gates).toHaveLength(1);
    expect(json.gates[0]).toMatchObject({
      gate: "tests",
      status: "fail",
      summary: expect.stringContaining("encodes spaces"),
      durationMs: expect.any(Number),
      findings: expect.any(Array),
      passed: 2,
      failed: 1,
      baselineFailed: 0,
      newlyFailing: ["encodes spaces"],
    });
  });

  it("exits 0 for a harmless patch read from stdin, gates in canonical order, relative paths from the cwd", async () => {
    const res = await gatehouse(
      ["check", "--repo", ".", "--patch", "-", "--gates", "complexity,tests", "--format", "json", "--base", "main"],
      { input: fs.readFileSync(harmless, "utf8"), cwd: repo.dir },
    );
    expect(res.code, res.stderr).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(json.gates.map((g: { gate: string }) => g.gate)).toEqual(["tests", "complexity"]);
    expect(json.gates[0]).toMatchObject({ status: "pass", passed: 3, failed: 0, newlyFailing: [] });
    expect(["pass", "skipped"]).toContain(json.gates[1].status);
  });

  it("prints SARIF 2.1.0", async () => {
    const res = await gatehouse(["check", "--repo", repo.dir, "--patch", breaking, "--gates", "tests", "--format", "sarif"]);
    expect(res.code, res.stderr).toBe(1);
    const sarif = JSON.parse(res.stdout);
    expect(sarif).toMatchObject({ version: "2.1.0", $schema: expect.stringContaining("sarif") });
    expect(sarif.runs).toHaveLength(1);
    expect(sarif.runs[0].tool.driver).toMatchObject({ name: "gatehouse", version: PKG_VERSION });
    const rules = sarif.runs[0].tool.driver.rules.map((r: { id: string }) => r.id);
    expect(rules).toContain("tests/newly-failing");
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === "tests/newly-failing");
    expect(result).toMatchObject({ level: "error", message: { text: expect.stringContaining("encodes spaces") } });
    expect(rules[result.ruleIndex]).toBe("tests/newly-failing");
  });

  it("prints a plain text table when stdout is not a terminal", async () => {
    const res = await gatehouse(["check", "--repo", repo.dir, "--patch", breaking, "--gates", "tests"]);
    expect(res.code).toBe(1);
    expect(res.stdout).not.toMatch(/\u001b\[/);
    expect(res.stdout).toMatch(/^GATE\s+STATUS\s+SCORE\s+TIME\s+SUMMARY/);
    expect(res.stdout).toMatch(/\ntests\s+FAIL\s+66\.7\s/);
    expect(res.stdout).toContain("[newly-failing] encodes spaces");
    expect(res.stdout).toContain("overall: FAIL");
  });

  it("exits 2 with a one-line reason on bad input", async () => {
    const plainDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-notrepo-"));
    const malformed = path.join(dir, "malformed.diff");
    fs.writeFileSync(malformed, "--- a/src/url.mjs\n+++ b/src/url.mjs\n@@ -1,5 +1,5 @@\n-x\n");
    const stale = path.join(dir, "stale.diff");
    fs.writeFileSync(stale, "--- a/src/url.mjs\n+++ b/src/url.mjs\n@@ -1 +1 @@\n-export function nope() {\n+export function yes() {\n");
    const escape = path.join(dir, "escape.diff");
    fs.writeFileSync(escape, "--- /dev/null\n+++ b/../outside.txt\n@@ -0,0 +1 @@\n+x\n");
    const cases: Array<[string[], RegExp]> = [
      [["check", "--repo", plainDir, "--patch", breaking], /not a git repository/],
      [["check", "--repo", repo.dir, "--patch", breaking, "--base", "no-such-ref"], /unknown commit "no-such-ref"/],
      [["check", "--repo", repo.dir, "--patch", path.join(dir, "missing.diff")], /cannot read patch .*missing\.diff \(ENOENT\)/],
      [["check", "--repo", repo.dir, "--patch", malformed], /malformed patch: hunk line counts do not match/],
      [["check", "--repo", repo.dir, "--patch", stale], /patch does not apply: src\/url\.mjs:1/],
      [["check", "--repo", repo.dir, "--patch", escape], /unsafe path in patch: "\.\.\/outside\.txt"/],
      [["check", "--repo", repo.dir, "--patch", breaking, "--gates", "tests,lint"], /unknown gate: lint/],
      [["check", "--repo", repo.dir, "--patch", breaking, "--format", "xml"], /unknown format: xml/],
      [["check", "--patch", breaking], /--repo DIR is required/],
      [["check", "--repo", repo.dir, "--patch", breaking, "--frobnicate"], /unknown option --frobnicate/],
      [["check", "--repo", repo.dir, "--patch", "-"], /malformed patch: patch is empty/],
      [["deploy"], /unknown command: deploy/],
      [["complexity"], /complexity needs at least one FILE/],
    ];
    try {
      const runs = await Promise.all(cases.map(([args]) => gatehouse(args)));
      runs.forEach((res, i) => {
        const [args, reason] = cases[i];
        expect(res.code, args.join(" ")).toBe(2);
        expect(res.stdout, args.join(" ")).toBe("");
        expect(res.stderr.trimEnd().split("\n"), args.join(" ")).toHaveLength(1);
        expect(res.stderr, args.join(" ")).toMatch(/^gatehouse: /);
        expect(res.stderr, args.join(" ")).toMatch(reason);
      });
    } finally {
      fs.rmSync(plainDir, { recursive: true, force: true });
    }
  });
});

describe("gatehouse CLI with all four gates", () => {
  let registry: http.Server;
  let registryUrl = "";
  const requested: string[] = [];
  beforeAll(async () => {
    // Double of the package registry: nothing exists.
    registry = http.createServer((req, res) => {
      requested.push(req.url ?? "");
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
    });
    await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
    registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => registry.close(() => resolve())));

  it("reports tests, dependencies, complexity and error-contract findings in the contract's shape", async () => {
    const branchy =
      "import pad from 'left-pad-nonexistent-zz';\n" +
      "export function encode(s) {\n" +
      "  if (typeof s !== 'string') throw new Error('Malformed URI structure');\n" +
      "  let out = '';\n" +
      "  for (const c of s) {\n" +
      "    if (c === ' ') out += '+';\n    else if (c === '/') out += '%2F';\n    else if (c === '?') out += '%3F';\n" +
      "    else if (c === '#') out += '%23';\n    else if (c === '&') out += '%26';\n    else if (c === '=') out += '%3D';\n" +
      "    else if (c === ':') out += '%3A';\n    else if (c === '@') out += '%40';\n    else if (c === '!') out += '%21';\n" +
      "    else out += pad(c, 1);\n  }\n  return out;\n}\n";
    const all = path.join(dir, "all.diff");
    fs.writeFileSync(all, repo.diff({ "src/url.mjs": branchy }));
    const res = await gatehouse(["check", "--repo", repo.dir, "--patch", all, "--format", "json"], {
      env: { NPM_CONFIG_REGISTRY: registryUrl, PIP_INDEX_URL: `${registryUrl}simple/` },
    });
    expect(res.code, res.stderr).toBe(1);
    const { gates } = JSON.parse(res.stdout);
    expect(gates.map((g: { gate: string }) => g.gate)).toEqual(["tests", "dependencies", "complexity", "error-contract", "static-analysis"]);
    for (const g of gates) {
      expect(g).toMatchObject({ status: expect.stringMatching(/^(pass|warn|fail|error|skipped)$/), summary: expect.any(String), durationMs: expect.any(Number) });
      expect(Array.isArray(g.findings)).toBe(true);
    }
    const [tests, deps, complexity, errors] = gates;
    expect(tests).toMatchObject({ status: "fail", baselineFailed: 0, newlyFailing: ["test/url.test.mjs"] });
    expect(requested.some((u) => u.includes("left-pad-nonexistent-zz"))).toBe(true);
    expect(deps.status).toBe("fail");
    expect(deps.findings).toContainEqual(
      expect.objectContaining({ ecosystem: "npm", package: "left-pad-nonexistent-zz", kind: "not-found", file: "src/url.mjs", line: 1, message: expect.any(String) }),
    );
    expect(complexity.findings).toContainEqual(
      expect.objectContaining({ file: "src/url.mjs", function: "encode", line: 2, cyclomaticBefore: 2, cyclomatic: expect.any(Number), cognitiveBefore: expect.any(Number), cognitive: expect.any(Number) }),
    );
    expect(complexity.findings[0].cyclomatic).toBeGreaterThan(10);
    expect(errors.findings).toContainEqual(
      expect.objectContaining({
        file: "src/url.mjs",
        line: 3,
        kind: "changed",
        before: "Invalid URL",
        after: "Malformed URI structure",
        consumers: [expect.objectContaining({ file: "test/url.test.mjs", line: 5 })],
      }),
    );
  });
});

describe("gatehouse check and its candidate cache", () => {
  it("keeps the consumer candidates of the repository's files on disk per build, reads them next time, and keeps none with --no-cache", async () => {
    const cacheDir = path.join(dir, "candidate-cache");
    const buildId = fs.readFileSync(path.resolve(__dirname, "../../dist/cli/build-id"), "utf8").trim();
    fs.mkdirSync(path.join(cacheDir, "candidates", "0000000000000000", "ab"), { recursive: true }); // an earlier build's
    const renamed = path.join(dir, "renamed-message.diff");
    fs.writeFileSync(renamed, repo.diff({ "src/url.mjs": URL_SRC.replace("Invalid URL", "Malformed URI structure") }));
    const check = (...extra: string[]) =>
      gatehouse(["check", "--repo", repo.dir, "--patch", renamed, "--gates", "error-contract", "--format", "json", ...extra], {
        env: { GATEHOUSE_CACHE_DIR: cacheDir },
      });
    const searchOf = (run: Run) => {
      expect(run.stdout.trim().startsWith("{"), run.stderr).toBe(true);
      const [gate] = JSON.parse(run.stdout).gates as Array<{ findings: unknown; consumerSearch?: { filesScanned: number; filesFromCache: number } }>;
      return gate;
    };
    const first = searchOf(await check());
    expect(first.consumerSearch).toMatchObject({ filesFromCache: 0 });
    expect(JSON.stringify(first.findings)).toContain("test/url.test.mjs"); // the test's regex is a broken consumer
    expect(fs.readdirSync(path.join(cacheDir, "candidates"))).toEqual([buildId]);
    const entries = fs.readdirSync(path.join(cacheDir, "candidates", buildId), { recursive: true }).filter((f) => String(f).endsWith(".json"));
    expect(entries.length).toBeGreaterThan(0);

    const second = searchOf(await check());
    expect(second.consumerSearch!.filesFromCache).toBe(entries.length);
    expect(second.findings).toEqual(first.findings);

    fs.rmSync(cacheDir, { recursive: true });
    const uncached = searchOf(await check("--no-cache"));
    expect(uncached.findings).toEqual(first.findings);
    expect(fs.existsSync(path.join(cacheDir, "candidates"))).toBe(false);
  });
});

describe("gatehouse check and the package registry", () => {
  /** A registry double that knows one package and counts what it is asked. */
  function registryHandler(asked: string[]): http.RequestListener {
    return (req, res) => {
      asked.push(decodeURIComponent(req.url ?? ""));
      if (req.url === "/left-pad") {
        const doc = { name: "left-pad", "dist-tags": { latest: "1.3.0" }, versions: { "1.3.0": {} }, time: { created: "2014-03-18T00:00:00.000Z" } };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(doc));
      } else res.writeHead(404, { "content-type": "application/json" }).end('{"error":"Not found"}');
    };
  }
  const listen = (server: http.Server) =>
    new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
  const close = (server: http.Server) => {
    server.closeAllConnections();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  };

  let pkgRepo: TempRepo;
  let patch: string;
  beforeAll(() => {
    pkgRepo = createTempRepo({
      "package.json": JSON.stringify({ name: "fixture", private: true, dependencies: { "left-pad": "^1.3.0" } }),
      "src/pad.mjs": "export const width = 4;\n",
    });
    patch = path.join(dir, "left-pad.diff");
    fs.writeFileSync(patch, pkgRepo.diff({ "src/pad.mjs": 'import leftPad from "left-pad";\nexport const width = 4;\nexport const pad = (s) => leftPad(s, width);\n' }));
  });
  afterAll(() => pkgRepo.remove());

  it("keeps answers in the cache folder between runs, and asks again with --no-cache", async () => {
    const asked: string[] = [];
    const server = http.createServer(registryHandler(asked));
    const port = await listen(server);
    const cacheDir = path.join(dir, "registry-cache");
    const env = { NPM_CONFIG_REGISTRY: `http://127.0.0.1:${port}/`, GATEHOUSE_CACHE_DIR: cacheDir };
    const check = (...extra: string[]) =>
      gatehouse(["check", "--repo", pkgRepo.dir, "--patch", patch, "--gates", "dependencies", "--format", "json", ...extra], { env });
    try {
      const first = await check();
      expect(first.code, first.stderr).toBe(0);
      expect(JSON.parse(first.stdout).gates[0]).toMatchObject({ status: "pass", packagesChecked: 1, lookupsFromCache: 0 });
      expect(asked).toEqual(["/left-pad"]);
      expect(fs.readdirSync(path.join(cacheDir, "registry"))).toHaveLength(1);

      const second = await check();
      expect(JSON.parse(second.stdout).gates[0]).toMatchObject({ status: "pass", packagesChecked: 1, lookupsFromCache: 1 });
      expect(asked).toHaveLength(1);

      const fresh = await check("--no-cache");
      expect(JSON.parse(fresh.stdout).gates[0]).toMatchObject({ status: "pass", lookupsFromCache: 0 });
      expect(asked).toEqual(["/left-pad", "/left-pad"]);
    } finally {
      await close(server);
    }
  });

  it("trusts an HTTPS registry signed by the CA in NODE_EXTRA_CA_CERTS, which the launcher keeps Node from loading at start", async () => {
    const certs = makeTestCertificates();
    const asked: string[] = [];
    const server = https.createServer({ key: certs.key, cert: certs.cert }, registryHandler(asked));
    const port = await listen(server);
    const args = ["check", "--repo", pkgRepo.dir, "--patch", patch, "--gates", "dependencies", "--format", "json"];
    const env = { NPM_CONFIG_REGISTRY: `https://127.0.0.1:${port}/` };
    try {
      const trusted = await gatehouse(args, { env: { ...env, NODE_EXTRA_CA_CERTS: certs.caFile } });
      expect(trusted.code, trusted.stderr).toBe(0);
      expect(JSON.parse(trusted.stdout).gates[0]).toMatchObject({ status: "pass", packagesChecked: 1 });
      expect(asked).toEqual(["/left-pad"]);

      // Without the CA the same registry is refused: the gate cannot decide, so it says error, never pass.
      const untrusted = await gatehouse(args, { env: { ...env, NODE_EXTRA_CA_CERTS: "" } });
      expect(untrusted.code).toBe(1);
      const gate = JSON.parse(untrusted.stdout).gates[0];
      expect(gate.status).toBe("error");
      expect(JSON.stringify(gate)).toMatch(/certificate|CERT/i);
    } finally {
      await close(server);
      certs.remove();
    }
  });

  it("hands NODE_EXTRA_CA_CERTS back to the process, so child processes see it unchanged", async () => {
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-probe-"));
    try {
      const out = path.join(probeDir, "env.json");
      const probe = path.join(probeDir, "probe.cjs");
      fs.writeFileSync(
        probe,
        `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify({ ca: process.env.NODE_EXTRA_CA_CERTS ?? null, aside: process.env.GATEHOUSE_NODE_EXTRA_CA_CERTS ?? null })));\n`,
      );
      const r = await gatehouse(["--version"], { env: { NODE_OPTIONS: `--require ${probe}`, NODE_EXTRA_CA_CERTS: "/etc/ssl/certs/ca-certificates.crt" } });
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(fs.readFileSync(out, "utf8"))).toEqual({ ca: "/etc/ssl/certs/ca-certificates.crt", aside: null });
    } finally {
      fs.rmSync(probeDir, { recursive: true, force: true });
    }
  });
});

describe("gatehouse CLI on Python", () => {
  it("reads Python through the tree-sitter parser in the built command (its import() survives the code cache)", async () => {
    const src = 'from gettext import gettext as _\n\ndef pick(name):\n    raise ValueError(_("No such option {name!r}.").format(name=name))\n';
    const py = createTempRepo({ "pkg/opts.py": src, "tests/test_opts.py": 'def test_pick(out):\n    assert f"No such option \'{out}\'." in out\n' });
    try {
      const patch = path.join(dir, "python.diff");
      fs.writeFileSync(patch, py.diff({ "pkg/opts.py": src.replace("No such option", "Unknown option") }));
      for (let run = 0; run < 2; run += 1) {
        const res = await gatehouse(["check", "--repo", py.dir, "--patch", patch, "--gates", "error-contract", "--format", "json"]);
        expect(res.stderr).toBe("");
        const [gate] = JSON.parse(res.stdout).gates;
        expect(gate.status).toBe("fail");
        expect(gate.findings[0].consumers).toEqual([expect.objectContaining({ file: "tests/test_opts.py", line: 2, match: "template", broken: true })]);
      }
    } finally {
      py.remove();
    }
  });
});

describe("gatehouse launcher without a build", () => {
  it("says how to build the command instead of failing obscurely", async () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-unbuilt-"));
    try {
      fs.mkdirSync(path.join(copy, "bin"));
      for (const file of ["gatehouse", "gatehouse.cjs"]) fs.copyFileSync(path.resolve(__dirname, "../../bin", file), path.join(copy, "bin", file));
      const r = await runBin(["--help"], { cwd: copy, env: process.env, timeoutMs: 30_000, bin: path.join(copy, "bin/gatehouse") });
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toContain("dist/cli/gatehouse.cjs is missing");
      expect(r.stderr).toContain("npm run build:cli");
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});

describe("gatehouse loads only what a command uses", () => {
  /** The CommonJS modules a run loaded, recorded at exit by a preloaded probe. */
  async function loadedModules(args: string[]): Promise<string[]> {
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-probe-"));
    try {
      const probe = path.join(probeDir, "probe.cjs");
      const out = path.join(probeDir, "loaded.json");
      fs.writeFileSync(probe, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(out)}, JSON.stringify(Object.keys(require.cache))));\n`);
      const r = await gatehouse(args, { env: { NODE_OPTIONS: `--require ${probe}` } });
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(fs.readFileSync(out, "utf8")) as string[];
    } finally {
      fs.rmSync(probeDir, { recursive: true, force: true });
    }
  }
  const loads = (modules: string[], pkg: string) => modules.some((m) => m.includes(`/node_modules/${pkg}/`));
  /** oxc-parser's JavaScript is inside the bundle; its native binding (@oxc-parser/binding-<platform>) is what loads. */
  const loadsOxc = (modules: string[]) => modules.some((m) => m.includes("/node_modules/@oxc-parser/binding-"));

  it("--help loads no parser, and the small libraries come inside the bundle", async () => {
    const modules = await loadedModules(["--help"]);
    expect(modules.some((m) => m.endsWith("dist/cli/gatehouse.cjs"))).toBe(true);
    for (const pkg of ["typescript", "oxc-parser", "web-tree-sitter", "zod", "semver", "picomatch"]) expect(loads(modules, pkg), pkg).toBe(false);
    expect(loadsOxc(modules)).toBe(false);
  });

  it("check without the tests gate reads JavaScript without loading TypeScript", async () => {
    const patch = path.join(dir, "comment.diff");
    fs.writeFileSync(patch, repo.diff({ "src/url.mjs": `${URL_SRC}// encodes query values\n` }));
    const modules = await loadedModules(["check", "--repo", repo.dir, "--patch", patch, "--gates", "dependencies,complexity,error-contract", "--format", "json"]);
    expect(loadsOxc(modules)).toBe(true);
    expect(loads(modules, "typescript")).toBe(false);
    expect(loads(modules, "web-tree-sitter")).toBe(false); // no Python file in the change
  });

  it("complexity on JavaScript does not load TypeScript or the Python parser", async () => {
    const file = path.join(dir, "probe.js");
    fs.writeFileSync(file, "function f(a) { return a ? 1 : 2; }\n");
    const modules = await loadedModules(["complexity", file]);
    expect(loadsOxc(modules)).toBe(true);
    for (const pkg of ["typescript", "web-tree-sitter"]) expect(loads(modules, pkg), pkg).toBe(false);
  });
});

describe("gatehouse check asks git little", () => {
  it("lists the base tree once and resolves the repository and base commit once for all three gates (8 git processes)", async () => {
    const realGit = spawnSync("sh", ["-c", "command -v git"], { encoding: "utf8" }).stdout.trim();
    const wrapDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-git-log-"));
    try {
      const log = path.join(wrapDir, "calls.log");
      // A git in front of the real one that records each call's arguments.
      fs.writeFileSync(path.join(wrapDir, "git"), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
      const r = await gatehouse(["check", "--repo", repo.dir, "--patch", breaking, "--gates", "dependencies,complexity,error-contract", "--format", "json"], {
        env: { PATH: `${wrapDir}:${process.env.PATH ?? ""}` },
      });
      expect(r.code, r.stderr).toBe(0);
      const report = JSON.parse(r.stdout) as { gates: { gate: string; status: string }[] };
      expect(report.gates.map((g) => `${g.gate} ${g.status}`)).toEqual(["dependencies pass", "complexity pass", "error-contract pass"]);
      const calls = fs.readFileSync(log, "utf8").trim().split("\n");
      const subcommand = (call: string) => call.replace(/^-c \S+ /, "").split(" ")[0];
      expect(calls.filter((c) => subcommand(c) === "ls-tree"), calls.join("\n")).toHaveLength(1);
      // The repository's top level and the base commit in one rev-parse, and never again.
      expect(calls.filter((c) => subcommand(c) === "rev-parse"), calls.join("\n")).toHaveLength(1);
      expect(calls.length, calls.join("\n")).toBeLessThanOrEqual(8);
    } finally {
      fs.rmSync(wrapDir, { recursive: true, force: true });
    }
  });
});
