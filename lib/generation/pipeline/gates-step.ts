/**
 * gating → awaiting_review: runs the gates on the newest revision and stores their results (and one
 * GateFinding row per finding, for statistics). A fast/local change that fails the complexity gate or
 * imports a package that does not exist goes back to the queue for the accurate tier instead.
 */
import { sandboxLimitsFromPolicy } from "../../settings/sandbox-policy";
import { outcome, type StepContext, type StepOutcome } from "../../worker/steps";
import { runGates } from "../../gates";
import { createDependenciesGate } from "../../gates/dependencies/gate";
import { createTestsGate } from "../../gates/tests/gate";
import { createStaticAnalysisGate } from "../../gates/static-analysis/gate";
import { parseSarifCommands } from "../../settings/sarif-commands";
import type { ChangedFile, GateName, GateResult } from "../../gates/types";
import { GATE_NAMES } from "../../gates/types";
import { DbNull, type Db } from "../../db/client";
import { decideAutoReroute, TierSchema } from "../routing";
import { DbBaselineCache, DbRegistryCache, DbStaticBaseCache } from "./caches";
import { loadJobContext, openJobRepository } from "./job-context";
import { evaluateMergePolicy } from "../../review/merge-policy";
import { mergeApprovedJob } from "../../review/merge-approved";
import { workerActor } from "../../domain/audit";
import { REGATE_CAUSE } from "../../review/rerun-gates";
import { formatGateProgress, formatGatesStarted } from "../../jobs/run-progress";

export interface GatesStepOptions {
  /** Test seam: replace gates (e.g. a dependencies gate pointed at a local registry double). */
  gates?: (db: Db) => Partial<Record<GateName, import("../../gates/types").Gate>>;
  testTimeoutMs?: number;
}

function defaultGates(db: Db, testTimeoutMs?: number) {
  return {
    dependencies: createDependenciesGate({ cache: new DbRegistryCache(db) }),
    tests: createTestsGate({ cache: new DbBaselineCache(db), timeoutMs: testTimeoutMs }),
    "static-analysis": createStaticAnalysisGate({ cache: new DbStaticBaseCache(db), timeoutMs: testTimeoutMs }),
  };
}

/** Gate-specific extra fields (tests: passed, failed, log…) kept beside the findings. */
function extras(r: GateResult): Record<string, unknown> {
  const { gate: _g, status: _s, score: _sc, summary: _su, findings: _f, durationMs: _d, ...rest } = r;
  return rest;
}

interface FindingRow {
  kind: string;
  ecosystem: string | null;
  package: string | null;
  file: string | null;
  line: number | null;
}

/** One row per finding, with the columns statistics group by. */
export function findingRows(r: GateResult): FindingRow[] {
  return (r.findings as Record<string, unknown>[]).map((f) => {
    const str = (k: string) => (typeof f[k] === "string" ? (f[k] as string) : null);
    let kind = str("kind");
    if (r.gate === "complexity") kind = f.cyclomaticBefore === null || f.cognitiveBefore === null ? "new" : "rose";
    // Statistics count static-analysis problems by severity, invented members apart.
    if (r.gate === "static-analysis") kind = f.inventedMember === true ? "invented-member" : str("severity");
    return {
      kind: kind ?? r.status,
      ecosystem: str("ecosystem"),
      package: str("package"),
      file: str("file"),
      line: typeof f.line === "number" ? f.line : null,
    };
  });
}

export function createGatesStep(opts: GatesStepOptions = {}) {
  return async function gate(ctx: StepContext): Promise<StepOutcome> {
    const { job, db } = ctx;
    const { repo, policy, latest: change } = await loadJobContext(db, job);
    if (!change || !change.diff) return outcome.fail("no change to gate");
    // Fetched before the gates: a patch job starts here, and the base may be newer than this worker's copy.
    const opened = await openJobRepository(repo, repo.url ? "always" : "never");
    if (!opened.ok) return opened.outcome;

    // The page reads this progress back (lib/jobs/run-progress) to show each gate's card as it finishes.
    const done: { gate: string; status: string }[] = [];
    ctx.progress(formatGatesStarted(GATE_NAMES));
    const results = await runGates(
      {
        repoDir: opened.dir,
        baseCommit: change.baseCommit,
        diff: change.diff,
        files: change.files as unknown as ChangedFile[],
        policy: {
          minTestPassRate: policy.minTestPassRate,
          complexityThreshold: policy.complexityThreshold,
          cognitiveThreshold: policy.cognitiveThreshold,
          complexityFailOnGrowth: policy.complexityFailOnGrowth,
          undeclaredDependencies: policy.undeclaredDependencies,
          testCommand: repo.testCommand ?? undefined,
          testTimeoutMs: opts.testTimeoutMs,
          sandboxLimits: sandboxLimitsFromPolicy(policy.sandbox),
          sarifCommands: parseSarifCommands(repo.sarifCommands),
        },
        signal: ctx.signal,
      },
      GATE_NAMES,
      {
        gates: { ...defaultGates(db, opts.testTimeoutMs), ...opts.gates?.(db) },
        onProgress: (e) => {
          if (e.phase === "done") done.push({ gate: e.gate, status: e.result.status });
          ctx.progress(formatGateProgress(done, GATE_NAMES.length));
        },
      },
    );

    const tier = TierSchema.safeParse(change.tier);
    const rebased = change.cause === "rebased";
    // A reviewer re-running the gates of the revision under review: results replace the old ones, no reroute.
    const regate = job.nextCause === REGATE_CAUSE;
    const decision = tier.success && !rebased && !regate
      ? decideAutoReroute({
          tier: tier.data,
          results,
          rerouteCount: job.rerouteCount,
          maxReroutes: policy.maxReroutes,
          rules: policy.routingRules,
          complexityThresholds: { cyclomatic: policy.complexityThreshold, cognitive: policy.cognitiveThreshold },
        })
      : ({ reroute: false, reason: null } as const);

    const effects = async (tx: Parameters<NonNullable<Parameters<typeof outcome.advance>[0]>["effects"] & object>[0]) => {
      await tx.gateResult.deleteMany({ where: { changeId: change.id } }); // a re-run after a crash replaces them
      for (const r of results) {
        const row = await tx.gateResult.create({
          data: {
            changeId: change.id,
            gate: r.gate,
            status: r.status,
            score: typeof r.score === "number" && Number.isFinite(r.score) ? r.score : null,
            summary: r.summary,
            findings: r.findings as object[],
            details: extras(r) as object,
            durationMs: Math.round(r.durationMs),
          },
        });
        const rows = findingRows(r);
        if (rows.length > 0) {
          await tx.gateFinding.createMany({
            data: rows.map((f) => ({ ...f, gateResultId: row.id, changeId: change.id, gate: r.gate })),
          });
        }
      }
    };
    const summary = results.map((r) => `${r.gate} ${r.status}`).join(", ");

    if (rebased) return afterRegate(ctx, change.revision, results, policy, summary, effects);
    if (decision.reroute) {
      return outcome.finish("queued", {
        reason: decision.summary,
        stage: decision.summary,
        details: { revision: change.revision, gates: summary, reroute: { to: decision.toTier, cause: decision.cause } },
        data: {
          routedTier: decision.toTier,
          routingReason: decision.summary,
          rerouteCount: { increment: 1 },
          // A new revision gets its own attempts.
          attempts: 0,
          nextCause: decision.cause,
          nextProblems: decision.problems,
          nextNote: null,
          nextInstructions: DbNull,
          nextModel: null,
        },
        effects,
      });
    }
    return outcome.finish("awaiting_review", {
      reason: decision.reason ?? undefined,
      stage: `gates: ${summary}`,
      details: { revision: change.revision, gates: summary, ...(regate ? { regate: true } : {}) },
      data: { readyForReviewAt: new Date(), nextProblems: undefined, ...(regate ? { nextCause: null } : {}) },
      effects,
    });
  };
}

/**
 * An approved change re-applied on a moved branch has been gated again: still meeting the merge policy
 * (and approved without an override), it moves back to approved and is pushed right after the move;
 * otherwise a reviewer decides again.
 */
function afterRegate(
  ctx: StepContext,
  revision: number,
  results: GateResult[],
  policy: Awaited<ReturnType<typeof loadJobContext>>["policy"],
  summary: string,
  effects: NonNullable<Parameters<typeof outcome.advance>[0]>["effects"],
): StepOutcome {
  const verdict = evaluateMergePolicy(
    results.map((r) => ({ gate: r.gate, status: r.status, score: r.score, summary: r.summary, details: extras(r) })),
    policy,
  );
  const details = { revision, gates: summary, regate: true };
  if (verdict.met && !ctx.job.overrideById) {
    return outcome.finish("approved", {
      reason: `re-gated on the moved branch (${summary}); pushing`,
      details,
      data: { nextCause: null },
      effects,
      after: async (job) => {
        await mergeApprovedJob(ctx.db, job.id, { actor: workerActor(ctx.workerId) });
      },
    });
  }
  const why = verdict.met ? "it was approved with a policy override" : `the merge policy is no longer met: ${verdict.reasons.join("; ")}`;
  return outcome.finish("awaiting_review", {
    reason: `re-applied on the moved branch and gated again; ${why}`,
    stage: `gates: ${summary}`,
    details,
    data: { readyForReviewAt: new Date(), nextCause: null },
    effects,
  });
}
