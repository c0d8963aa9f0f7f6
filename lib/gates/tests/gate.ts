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
import { settleFlaky } from "./reruns";
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
  /** Hang rule: the change's run stops at max(hangFloorMs, hangFactor × the base run's duration), capped by the limit. */
  hangFloorMs: z.number().int().positive().default(60_000),
  hangFactor: z.number().positive().default(5),
  /** Reruns of tests that fail on the change only (flaky detection); 0 turns them off. */
  changeReruns: z.number().int().min(0).max(5).default(2),
});
export type TestsGateOptions = z.input<typeof TestsGateOptionsSchema>;

export interface TestsGateResult extends GateResult<TestFinding> {
  passed: number;
  failed: number;
  baselineFailed: number;
  newlyFailing: string[];
  flaky: string[];
  total: number;
  log: string;
  /** The base commit's run log (from the cache when the base was cached). */
  baselineLog?: string;
  baselineDurationMs?: number;
  sandbox: SandboxKind;
  timedOut: boolean;
}

/** The change's time limit: max(floor, factor × base duration), capped by the configured limit. */
export function hangLimitMs(baseDurationMs: number, limitMs: number, floorMs: number, factor: number): number {
  return Math.min(limitMs, Math.max(floorMs, Math.ceil(factor * baseDurationMs)));
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
        const result = await runAt(repoRoot, commit, command, run);
        if (!result || result.aborted) return null;
        const { aborted: _aborted, selected: _selected, ...summary } = result;
        // A timed-out or not-started baseline may be load- or install-dependent: use it now, don't keep it.
        if (!summary.timedOut && !summary.notRun) await cache.set(key, summary);
        return summary;
      })().finally(() => inFlight.delete(key));
      inFlight.set(key, pending);
    }
    return pending;
  }

  /** One run in a fresh worktree at `commit`, removed afterwards. */
  async function runAt(repoRoot: string, commit: string, command: string, run: RunSettings, only?: string[]): Promise<RunTestsResult | null> {
    const wt = await createWorktree(repoRoot, commit);
    try {
      return await runTestsInWorktree({ ...run, worktreeDir: wt.worktreeDir, repoDir: repoRoot, command, ...(only ? { only } : {}) });
    } finally {
      await wt.cleanup();
    }
  }

  /**
   * The change's run and the base commit's, at the same time. The hang rule needs the base's duration:
   * from the cache up front, else the change's deadline is set when the base run finishes.
   */
  async function runChangeAndBase(repoRoot: string, commit: string, worktreeDir: string, command: string, run: RunSettings) {
    const cached = opts.baseline ? await cache.get(baselineCacheKey(repoRoot, commit, command)) : undefined;
    const rule = (base: TestRunSummary) => hangLimitMs(base.durationMs, run.timeoutMs, opts.hangFloorMs, opts.hangFactor);
    let changeLimitMs = cached && !cached.notRun && !cached.timedOut ? rule(cached) : run.timeoutMs;
    const hang = new AbortController();
    let hangTimer: NodeJS.Timeout | undefined;
    const changeStarted = Date.now();
    const basePromise = opts.baseline ? (cached ? Promise.resolve(cached) : baselineRun(repoRoot, commit, command, run)) : Promise.resolve(null);
    if (!cached) {
      void basePromise.then((base) => {
        if (!base || base.notRun || base.timedOut) return;
        changeLimitMs = rule(base);
        hangTimer = setTimeout(() => hang.abort(), Math.max(0, changeLimitMs - (Date.now() - changeStarted)));
      }, () => undefined);
    }
    try {
      const [change, baseline] = await Promise.all([
        runTestsInWorktree({ ...run, timeoutMs: changeLimitMs, hangSignal: hang.signal, worktreeDir, repoDir: repoRoot, command }),
        basePromise,
      ]);
      return { change, baseline, changeLimitMs };
    } finally {
      clearTimeout(hangTimer);
    }
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
        const limitMs = opts.timeoutMs ?? input.policy.testTimeoutMs ?? DEFAULT_POLICY.testTimeoutMs!;
        const run: RunSettings = {
          timeoutMs: limitMs,
          cpuSeconds: opts.cpuSeconds ?? Math.max(1, Math.ceil(limitMs / 1000)),
          sandbox: probe.isolation,
          ...(probe.note ? { sandboxNote: probe.note } : {}),
          sandboxConfig,
          ...(input.policy.sandboxLimits ? { limits: input.policy.sandboxLimits } : {}),
          ...(input.signal ? { signal: input.signal } : {}),
        };
        try {
          const command = input.policy.testCommand?.trim() || detectTestCommand(applied.worktreeDir);
          if (!command) {
            return {
              gate: "tests",
              status: "skipped",
              summary: "no test command: set policy.testCommand (none detected: no package.json test script, no pytest/python tests)",
              findings: [],
              durationMs: Date.now() - started,
            };
          }
          const { change, baseline, changeLimitMs } = await runChangeAndBase(repoRoot, applied.commit, applied.worktreeDir, command, run);
          if (change.aborted || input.signal?.aborted) return errorResult("aborted while the tests ran");
          const rerunSettings = { ...run, timeoutMs: changeLimitMs };
          const reruns =
            opts.changeReruns > 0
              ? await settleFlaky({
                  change,
                  baseline,
                  changeReruns: opts.changeReruns,
                  rerunChange: (only) =>
                    runTestsInWorktree({ ...rerunSettings, worktreeDir: applied.worktreeDir, repoDir: repoRoot, command, ...(only ? { only } : {}) }),
                  rerunBase: (only) => runAt(repoRoot, applied.commit, command, run, only),
                })
              : { flaky: [] };
          if (input.signal?.aborted) return errorResult("aborted while the tests ran");

          const verdict = judge({
            change,
            baseline,
            minPassRate: input.policy.minTestPassRate ?? DEFAULT_POLICY.minTestPassRate,
            ...(opts.baseline ? {} : { baselineNote: "disabled" }),
            ...(opts.baseline && !baseline ? { baselineNote: "the base commit's run was aborted" } : {}),
            flaky: reruns.flaky,
            ...(reruns.note ? { rerunNote: reruns.note } : {}),
            limitMs: changeLimitMs,
          });
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
            flaky: verdict.flaky,
            total: change.passed + change.failed + change.skipped,
            skipped: change.skipped,
            log: change.log,
            ...(baseline ? { baselineLog: baseline.log, baselineDurationMs: baseline.durationMs } : {}),
            sandbox: change.sandbox,
            timedOut: change.timedOut,
            command,
            parsedFrom: change.parsedFrom,
            exitCode: change.exitCode,
            baselineAvailable: baseline !== null,
            ...(change.notRun ? { notRun: change.notRun } : {}),
          };
          return result;
        } finally {
          await applied.cleanup();
        }
      } catch (err) {
        return errorResult(`tests gate failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  };
}

type RunSettings = Omit<Parameters<typeof runTestsInWorktree>[0], "worktreeDir" | "repoDir" | "command">;

export const testsGate: Gate = createTestsGate();
