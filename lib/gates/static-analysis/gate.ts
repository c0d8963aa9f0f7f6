/**
 * Static-analysis gate: runs the repository's own type checker and linters (and SARIF commands from
 * Settings) in the sandbox on the change and at its base, and reports only the problems the change
 * introduced. Fails closed: no sandbox, or a tool that cannot run, is `error` — never a pass.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { applyPatchInWorktree, createWorktree, isPatchError, resolveRepoRoot } from "../../patch";
import { DEFAULT_POLICY, type Gate, type GateInput, type GateResult } from "../types";
import { createMemoryStaticCache, staticBaseKey, type StaticBaseCache } from "./base-cache";
import { compareDiagnostics } from "./fingerprint";
import { isInventedMember } from "./invented";
import { planTools, type ToolInvocation } from "./plan";
import { baseView, changeView } from "./repo-view";
import { runTool, type SandboxApi, type ToolContext } from "./run-tool";
import type { SandboxProbe } from "../../sandbox/types";
import type { Diagnostic, StaticFinding, ToolReport, ToolRunOutcome } from "./types";
import { judgeStatic } from "./verdict";
import { compareOrdinal } from "../../text/ordinal";

export const StaticAnalysisGateOptionsSchema = z.object({
  cache: z.custom<StaticBaseCache>((v) => !!v && typeof (v as StaticBaseCache).get === "function" && typeof (v as StaticBaseCache).set === "function").optional(),
  /** lib/sandbox by default. */
  sandbox: z.custom<SandboxApi>((v) => !!v && typeof (v as SandboxApi).runSandboxed === "function" && typeof (v as SandboxApi).probeSandbox === "function").optional(),
  /** Wall clock per tool run; default policy.testTimeoutMs. */
  timeoutMs: z.number().int().positive().optional(),
});
export type StaticAnalysisGateOptions = z.input<typeof StaticAnalysisGateOptionsSchema>;

export interface StaticAnalysisResult extends GateResult<StaticFinding> {
  introduced: number;
  introducedErrors: number;
  inventedMembers: number;
  fixed: number;
  baseTotal: number;
  tools: ToolReport[];
}

async function defaultSandbox(): Promise<SandboxApi> {
  const mod = await import("../../sandbox");
  return { runSandboxed: mod.runSandboxed, probeSandbox: mod.probeSandbox };
}

function realNodeModules(repoRoot: string): string | null {
  try {
    const p = fs.realpathSync(path.join(repoRoot, "node_modules"));
    return fs.statSync(p).isDirectory() ? p : null;
  } catch {
    return null;
  }
}

export function createStaticAnalysisGate(options: StaticAnalysisGateOptions = {}): Gate {
  const opts = StaticAnalysisGateOptionsSchema.parse(options);
  const cache = opts.cache ?? createMemoryStaticCache();

  async function runSide(plan: ToolInvocation[], worktree: string, ctx: Omit<ToolContext, "worktree">) {
    const out: ToolRunOutcome[] = [];
    for (const inv of plan) out.push(await runTool(inv, { ...ctx, worktree }));
    return out;
  }

  return {
    name: "static-analysis",
    async run(input: GateInput): Promise<GateResult> {
      const started = Date.now();
      const errorResult = (summary: string, extra: Record<string, unknown> = {}): GateResult => ({
        gate: "static-analysis",
        status: "error",
        summary,
        findings: [],
        durationMs: Date.now() - started,
        ...extra,
      });
      if (input.signal?.aborted) return errorResult("aborted before the analysers ran");
      const repoRoot = await resolveRepoRoot(input.repoDir);
      let applied;
      try {
        applied = await applyPatchInWorktree(repoRoot, input.baseCommit, input.diff);
      } catch (err) {
        return errorResult(isPatchError(err) ? err.message : `cannot apply the patch: ${String(err)}`);
      }
      const timeoutMs = opts.timeoutMs ?? input.policy.testTimeoutMs ?? DEFAULT_POLICY.testTimeoutMs!;
      const sarifCommands = input.policy.sarifCommands ?? [];
      let probe: SandboxProbe | undefined;

      let changeRuns: ToolRunOutcome[];
      let basePlan: ToolInvocation[];
      let changePlan: ToolInvocation[];
      const cached = new Map<string, ToolRunOutcome>();
      let baseRunsPromise: Promise<ToolRunOutcome[]> = Promise.resolve([]);
      try {
        const removed = applied.parsed.files.flatMap((f) => (f.oldPath && f.oldPath !== f.newPath ? [f.oldPath] : []));
        const changed = [...new Set([...applied.files.map((f) => f.path), ...removed])];
        const base = await baseView(repoRoot, applied.commit, input.signal);
        [basePlan, changePlan] = await Promise.all([
          planTools({ view: base, changed, repoRoot, sarifCommands }),
          planTools({ view: changeView(base, applied.files, removed), changed, repoRoot, sarifCommands }),
        ]);
        if (basePlan.length === 0 && changePlan.length === 0) {
          return {
            gate: "static-analysis",
            status: "skipped",
            summary: "no analyser applies: the repository configures none of tsc, ESLint, mypy, ruff, flake8, pyflakes or a SARIF command for the files changed",
            findings: [],
            durationMs: Date.now() - started,
            tools: [],
          };
        }
        // Fail closed: with something to run and no sandbox, nothing runs and the gate cannot decide.
        const sandbox = opts.sandbox ?? (await defaultSandbox());
        probe = await sandbox.probeSandbox();
        if (!probe.ok) return errorResult(`the sandbox is unavailable, so no analyser ran: ${probe.reason} (${probe.fix})`);
        const ctx: Omit<ToolContext, "worktree"> = {
          sandbox,
          nodeModules: realNodeModules(repoRoot),
          timeoutMs,
          ...(input.policy.sandboxLimits ? { limits: input.policy.sandboxLimits } : {}),
          ...(input.signal ? { signal: input.signal } : {}),
        };
        // The base side runs beside the change side; results already cached are not run again.
        const missing: ToolInvocation[] = [];
        for (const inv of basePlan) {
          const hit = inv.error ? undefined : await cache.get(staticBaseKey(repoRoot, applied.commit, inv));
          if (hit) cached.set(inv.id, hit);
          else missing.push(inv);
        }
        const commit = applied.commit;
        baseRunsPromise = missing.length === 0 ? Promise.resolve([]) : (async () => {
          const wt = await createWorktree(repoRoot, commit);
          try {
            const runs = await runSide(missing, wt.worktreeDir, ctx);
            for (const [i, run] of runs.entries()) if (!run.error) await cache.set(staticBaseKey(repoRoot, commit, missing[i]!), run);
            return runs;
          } finally {
            await wt.cleanup();
          }
        })();
        baseRunsPromise.catch(() => undefined);
        changeRuns = await runSide(changePlan, applied.worktreeDir, ctx);
      } finally {
        await applied.cleanup();
      }
      const baseRuns = [...cached.values(), ...(await baseRunsPromise)];
      if (input.signal?.aborted) return errorResult("aborted while the analysers ran");

      const result = compareSides(basePlan, changePlan, baseRuns, changeRuns, new Set(cached.keys()));
      const verdict = judgeStatic(result.findings, result.tools);
      const out: StaticAnalysisResult = {
        gate: "static-analysis",
        status: verdict.status,
        score: result.findings.length,
        summary: verdict.summary,
        findings: result.findings,
        durationMs: Date.now() - started,
        introduced: result.findings.length,
        introducedErrors: result.findings.filter((f) => f.severity === "error").length,
        inventedMembers: result.findings.filter((f) => f.inventedMember).length,
        fixed: result.tools.reduce((n, t) => n + t.fixed, 0),
        baseTotal: result.tools.reduce((n, t) => n + t.baseTotal, 0),
        tools: result.tools,
        sandbox: probe?.ok ? probe.isolation : "none",
      };
      return out;
    },
  };
}

function toFinding(d: Diagnostic, label: string): StaticFinding {
  return {
    kind: "introduced",
    tool: d.tool,
    toolLabel: label,
    rule: d.rule,
    message: d.message,
    severity: d.severity,
    file: d.file,
    line: d.line,
    column: d.column,
    ...(d.endLine ? { endLine: d.endLine } : {}),
    ...(d.endColumn ? { endColumn: d.endColumn } : {}),
    inventedMember: isInventedMember(d),
  };
}

/** Per invocation id: what is new, what was fixed, what the base had; a run that failed on either side is an error. */
export function compareSides(
  basePlan: readonly ToolInvocation[],
  changePlan: readonly ToolInvocation[],
  baseRuns: readonly ToolRunOutcome[],
  changeRuns: readonly ToolRunOutcome[],
  cachedIds: ReadonlySet<string> = new Set(),
): { findings: StaticFinding[]; tools: ToolReport[] } {
  const baseById = new Map(baseRuns.map((r) => [r.id, r]));
  const changeById = new Map(changeRuns.map((r) => [r.id, r]));
  const plans = new Map<string, ToolInvocation>();
  for (const inv of [...changePlan, ...basePlan]) if (!plans.has(inv.id)) plans.set(inv.id, inv);
  const findings: StaticFinding[] = [];
  const tools: ToolReport[] = [];
  for (const [id, inv] of plans) {
    const base = baseById.get(id);
    const change = changeById.get(id);
    const report: ToolReport = {
      id,
      tool: inv.tool,
      label: inv.label,
      command: change?.command ?? base?.command ?? inv.display,
      status: "ran",
      introduced: 0,
      fixed: 0,
      baseTotal: base?.diagnostics.length ?? 0,
      baseCached: cachedIds.has(id),
      durationMs: change?.durationMs ?? 0,
    };
    const error = change?.error ?? (base?.error ? `could not run at the base commit, so new problems cannot be told from old ones: ${base.error}` : undefined);
    if (error) {
      tools.push({ ...report, status: "error", error });
      continue;
    }
    const cmp = compareDiagnostics(base?.diagnostics ?? [], change?.diagnostics ?? []);
    findings.push(...cmp.introduced.map((d) => toFinding(d, inv.label)));
    tools.push({ ...report, introduced: cmp.introduced.length, fixed: cmp.fixed });
  }
  findings.sort((a, b) => compareOrdinal(a.file ?? "", b.file ?? "") || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { findings, tools };
}

export const staticAnalysisGate: Gate = createStaticAnalysisGate();
