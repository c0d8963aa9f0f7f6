/**
 * Tests gate: applies the change in a fresh worktree, runs the repository's tests there (sandboxed,
 * time-limited) and at the base commit (cached), and reports what the change broke.
 */
import { z } from "zod";
import { createWorktree, isPatchError, applyPatchInWorktree, resolveRepoRoot } from "../../patch";
import { DEFAULT_POLICY, type Gate, type GateInput, type GateResult } from "../types";
import { baselineCacheKey, createMemoryBaselineCache, type BaselineCache } from "./baseline-cache";
import { detectTestCommand } from "./detect-command";
import { runTestsInWorktree, type RunTestsResult } from "./run-tests";
import { probeSandbox, readSandboxConfig, type SandboxConfig } from "../../sandbox";
import type { SandboxKind, TestRunSummary } from "./types";
import { judge, type TestFinding } from "./verdict";

export const TestsGateOptionsSchema = z.object({
  /** Where baseline results are kept; in memory (per gate instance) by default. */
  cache: z.custom<BaselineCache>((v) => !!v && typeof (v as BaselineCache).get === "function" && typeof (v as BaselineCache).set === "function").optional(),
  /** Sandbox settings instead of the environment's (GATEHOUSE_SANDBOX…); for tests. */
  sandboxConfig: z.custom<SandboxConfig>((v) => !!v && typeof v === "object" && "mode" in v).optional(),
  /** Overrides policy.testTimeoutMs. */
  timeoutMs: z.number().int().positive().optional(),
  /** CPU seconds per process; default: the wall-clock limit in seconds. */
  cpuSeconds: z.number().int().positive().optional(),
  /** Run the tests at the base commit to tell new failures from old ones. */
  baseline: z.boolean().default(true),
});
export type TestsGateOptions = z.input<typeof TestsGateOptionsSchema>;

export interface TestsGateResult extends GateResult<TestFinding> {
  passed: number;
  failed: number;
  baselineFailed: number;
  newlyFailing: string[];
  total: number;
  log: string;
  sandbox: SandboxKind;
  timedOut: boolean;
}

export function createTestsGate(options: TestsGateOptions = {}): Gate {
  const opts = TestsGateOptionsSchema.parse(options);
  const cache = opts.cache ?? createMemoryBaselineCache();
  const inFlight = new Map<string, Promise<TestRunSummary | null>>();

  async function baselineRun(repoRoot: string, commit: string, command: string, run: RunSettings): Promise<TestRunSummary | null> {
    const key = baselineCacheKey(repoRoot, commit, command);
    const cached = await cache.get(key);
    if (cached) return cached;
    let pending = inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        const wt = await createWorktree(repoRoot, commit);
        try {
          const result = await runTestsInWorktree({ ...run, worktreeDir: wt.worktreeDir, repoDir: repoRoot, command });
          if (result.startError || result.aborted) return null;
          const { aborted: _aborted, ...summary } = result;
          // A timed-out baseline may be load-dependent: use it now, but don't keep it.
          if (!summary.timedOut) await cache.set(key, summary);
          return summary;
        } finally {
          await wt.cleanup();
        }
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  return {
    name: "tests",
    async run(input: GateInput): Promise<GateResult> {
      const started = Date.now();
      const errorResult = (summary: string): GateResult => ({
        gate: "tests",
        status: "error",
        summary,
        findings: [],
        durationMs: Date.now() - started,
      });
      try {
        if (input.signal?.aborted) return errorResult("aborted before the tests ran");
        const repoRoot = await resolveRepoRoot(input.repoDir);
        let applied;
        try {
          applied = await applyPatchInWorktree(repoRoot, input.baseCommit, input.diff);
        } catch (err) {
          return errorResult(isPatchError(err) ? err.message : `cannot apply the patch: ${String(err)}`);
        }

        // Fail closed: without a working sandbox the change's code is not run at all.
        const sandboxConfig = opts.sandboxConfig ?? readSandboxConfig();
        const probe = await probeSandbox(sandboxConfig);
        if (!probe.ok) {
          await applied.cleanup();
          return { ...errorResult(`sandbox unavailable: ${probe.reason} — fix: ${probe.fix}`), sandboxError: { reason: probe.reason, fix: probe.fix } };
        }
        let change: RunTestsResult;
        let command: string | null;
        const timeoutMs = opts.timeoutMs ?? input.policy.testTimeoutMs ?? DEFAULT_POLICY.testTimeoutMs!;
        const run: RunSettings = {
          timeoutMs,
          cpuSeconds: opts.cpuSeconds ?? Math.max(1, Math.ceil(timeoutMs / 1000)),
          sandbox: probe.isolation,
          ...(probe.note ? { sandboxNote: probe.note } : {}),
          sandboxConfig,
          ...(input.policy.sandboxLimits ? { limits: input.policy.sandboxLimits } : {}),
          ...(input.signal ? { signal: input.signal } : {}),
        };
        try {
          command = input.policy.testCommand?.trim() || detectTestCommand(applied.worktreeDir);
          if (!command) {
            return {
              gate: "tests",
              status: "skipped",
              summary: "no test command: set policy.testCommand (none detected: no package.json test script, no pytest/python tests)",
              findings: [],
              durationMs: Date.now() - started,
            };
          }
          change = await runTestsInWorktree({ ...run, worktreeDir: applied.worktreeDir, repoDir: repoRoot, command });
        } finally {
          await applied.cleanup();
        }

        if (change.aborted) return errorResult("aborted while the tests ran");
        if (change.startError) return { ...errorResult(change.startError), log: change.log, sandbox: change.sandbox, command };

        let baseline: TestRunSummary | null = null;
        let baselineNote: string | undefined = opts.baseline ? undefined : "disabled";
        if (opts.baseline) {
          baseline = await baselineRun(repoRoot, applied.commit, command, run);
          if (input.signal?.aborted) return errorResult("aborted while the baseline tests ran");
          if (!baseline) baselineNote = "the test command did not run at the base commit";
        }

        const verdict = judge(change, baseline, input.policy.minTestPassRate ?? DEFAULT_POLICY.minTestPassRate, baselineNote);
        const result: TestsGateResult = {
          gate: "tests",
          status: verdict.status,
          ...(verdict.score !== undefined ? { score: verdict.score } : {}),
          summary: verdict.summary,
          findings: verdict.findings,
          durationMs: Date.now() - started,
          passed: change.passed,
          failed: change.failed,
          baselineFailed: verdict.baselineFailed,
          newlyFailing: verdict.newlyFailing,
          total: change.passed + change.failed + change.skipped,
          skipped: change.skipped,
          log: change.log,
          sandbox: change.sandbox,
          timedOut: change.timedOut,
          command,
          parsedFrom: change.parsedFrom,
          exitCode: change.exitCode,
          baselineAvailable: baseline !== null,
        };
        return result;
      } catch (err) {
        return errorResult(`tests gate failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

type RunSettings = Omit<Parameters<typeof runTestsInWorktree>[0], "worktreeDir" | "repoDir" | "command">;

export const testsGate: Gate = createTestsGate();
