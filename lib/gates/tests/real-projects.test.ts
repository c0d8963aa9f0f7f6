/**
 * The tests gate on real projects in miniature (fixture-projects.ts), with the real runners from npm and
 * pytest, inside the sandbox: an innocent change passes, a breaking one fails naming the tests with their
 * assertion messages and file:line, a flaky test is a warning, and a hang is stopped by the hang rule.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { extraWorktrees } from "../../testing/git-repo";
import { DEFAULT_POLICY, type GateResult } from "../types";
import { createTestsGate } from "./gate";
import { avaProject, jestProject, mochaProject, pytestProject, vitestProject, type FixtureProject } from "./testing/fixture-projects";
import type { TestFinding } from "./verdict";

const HANG_FLOOR_MS = 3000;
const projects: FixtureProject[] = [];
afterAll(() => {
  for (const p of projects) {
    expect(extraWorktrees(p.repo)).toEqual([]);
    p.repo.remove();
  }
});

function check(project: FixtureProject) {
  const gate = createTestsGate({ hangFloorMs: HANG_FLOOR_MS, timeoutMs: 120_000 });
  const run = (edits: Record<string, string>) =>
    gate.run({ repoDir: project.repo.dir, baseCommit: "HEAD", diff: project.repo.diff(edits), files: [], policy: { ...DEFAULT_POLICY } });
  return { run };
}

const findings = (r: GateResult) => r.findings as TestFinding[];

describe.each([
  ["vitest (TypeScript, vitest.config.mts)", vitestProject],
  ["jest", jestProject],
  ["mocha (express-style script)", mochaProject],
  ["ava", avaProject],
  ["pytest (src layout, older copy in the venv's site-packages)", pytestProject],
])("tests gate on a %s project", (_name, make) => {
  const project = make();
  projects.push(project);
  const { run } = check(project);

  it("passes an innocent change, and keeps the base run's log", async () => {
    const res = await run(project.innocent);
    expect(res.status, res.summary).toBe("pass");
    expect(res).toMatchObject({ newlyFailing: [], flaky: [], baselineAvailable: true, sandbox: "bwrap" });
    expect(Number(res.passed)).toBeGreaterThanOrEqual(3);
    expect(String(res.baselineLog)).not.toBe("");
    // The checkout is untouched: no cache or report written into it or its node_modules/venv.
    expect(project.repo.git("status", "--porcelain", "--ignored")).toMatch(/^(!! (node_modules|\.venv\/)\n?)*$/);
    const viteTemp = project.kind === "vitest" ? path.join(fs.realpathSync(path.join(project.repo.dir, "node_modules")), ".vite-temp") : "";
    if (viteTemp && fs.existsSync(viteTemp)) {
      // vite bundled vitest.config.mts into node_modules/.vite-temp inside the run's copy-on-write layer only.
      expect(fs.readdirSync(viteTemp).filter((f) => f.startsWith("vitest.config.mts."))).toEqual([]);
    }
  });

  it("fails a breaking change, naming the tests with their assertion messages and file:line", async () => {
    const res = await run(project.breaking);
    expect(res.status, res.summary).toBe("fail");
    expect(res.newlyFailing).toEqual(project.broken.map((b) => b.test));
    for (const b of project.broken) {
      const f = findings(res).find((x) => x.kind === "newly-failing" && x.test === b.test);
      expect(f, `finding for ${b.test}`).toBeDefined();
      expect(f!.message).toContain(b.message);
      expect(f!.file).toBe(b.file);
      expect(f!.line).toBeGreaterThan(0);
    }
    expect(res.summary).toMatch(/reran \d+ failing tests?: 2× on the change, 1× at base/);
  });

  it("warns about a flaky test instead of failing", async () => {
    const res = await run(project.flaky);
    expect(res.status, res.summary).toBe("warn");
    expect(res).toMatchObject({ newlyFailing: [], flaky: [project.flakyTest] });
    expect(findings(res)).toContainEqual(expect.objectContaining({ kind: "flaky", test: project.flakyTest }));
  });

  it("stops a hang at max(floor, 5 × the base run's duration) and says so", async () => {
    const res = await run(project.hang);
    expect(res.status, res.summary).toBe("fail");
    expect(res.timedOut).toBe(true);
    const base = Number(res.baselineDurationMs);
    const limit = Math.max(HANG_FLOOR_MS, 5 * base);
    const m = /stopped after ([\d.]+) s \(limit ([\d.]+) s\); the base suite runs in ([\d.]+) s/.exec(res.summary);
    expect(m, res.summary).not.toBeNull();
    expect(Number(m![2]) * 1000).toBeCloseTo(limit, -3);
    // Stopped near the rule's limit, far below the 120 s configured limit.
    expect(Number(m![1]) * 1000).toBeLessThan(limit + 15_000);
  });
});

describe("src layout with an older copy installed", () => {
  it("the venv really shadows the checkout when run naively, so the gate's pass is not by accident", () => {
    const p = pytestProject();
    projects.push(p);
    const naive = spawnSync(path.join(p.repo.dir, ".venv/bin/python"), ["-m", "pytest", "-q", "-p", "no:cacheprovider"], { cwd: p.repo.dir, encoding: "utf8" });
    expect(naive.status).not.toBe(0);
    expect(naive.stdout).toMatch(/cannot import name 'title_case'/);
    expect(fs.existsSync(path.join(p.repo.dir, ".venv/pyvenv.cfg"))).toBe(true);
  });
});
