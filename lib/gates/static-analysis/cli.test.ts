/** `gatehouse check --gates static-analysis` through the real built CLI: exit codes as for the other gates, JSON and SARIF. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBin } from "../../cli/testing/run-bin";
import { createProject, type Project } from "./test-support/projects";

let p: Project;
let dir: string;
const CONFIG = 'module.exports = [{ files: ["**/*.js"], languageOptions: { sourceType: "commonjs", globals: { module: "readonly" } }, rules: { "no-undef": "error" } }];\n';

beforeAll(() => {
  p = createProject({ "package.json": JSON.stringify({ name: "cli-lint", devDependencies: { eslint: "^9.0.0" } }), "eslint.config.js": CONFIG, "a.js": "module.exports = 1;\n" }, { nodeModules: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sa-cli-"));
  fs.writeFileSync(path.join(dir, "bad.diff"), p.change({ "a.js": "module.exports = missingName + 1;\n" }).diff);
  fs.writeFileSync(path.join(dir, "good.diff"), p.change({ "a.js": "module.exports = 2;\n" }).diff);
});
afterAll(() => {
  p.repo.remove();
  fs.rmSync(dir, { recursive: true, force: true });
});

const check = (patch: string, format: string) =>
  runBin(["check", "--repo", p.repo.dir, "--patch", path.join(dir, patch), "--gates", "static-analysis", "--format", format], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1" },
    timeoutMs: 90_000,
  });

describe("gatehouse check --gates static-analysis", () => {
  it("exits 1 with the new problem in JSON and SARIF, 0 for a clean change", async () => {
    const bad = await check("bad.diff", "json");
    expect(bad.code, bad.stderr).toBe(1);
    const [gate] = JSON.parse(bad.stdout).gates;
    expect(gate).toMatchObject({ gate: "static-analysis", status: "fail", introduced: 1, baseTotal: 0 });
    expect(gate.findings[0]).toMatchObject({ tool: "eslint", rule: "no-undef", file: "a.js", line: 1, severity: "error" });

    const sarif = JSON.parse((await check("bad.diff", "sarif")).stdout);
    expect(sarif.runs[0].results[0]).toMatchObject({
      ruleId: "static-analysis/eslint/no-undef",
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "a.js" }, region: { startLine: 1, startColumn: 18 } } }],
    });

    const good = await check("good.diff", "text");
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/static-analysis\s+PASS/);
  }, 120_000);
});
