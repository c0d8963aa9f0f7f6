/**
 * Reroute: send the job back for a new revision on a chosen tier (and optionally model) with a note
 * that goes into the next prompt. From awaiting_review (cause "reviewer") or from conflict (cause
 * "conflict", regenerated against the branch's new head). awaiting_review|conflict → rerouted → queued.
 */
import type { Db } from "../db/client";
import { recordAudit } from "../domain/audit";
import type { Job } from "../domain/db-types";
import { ConflictError, transitionJob } from "../domain/transitions";
import { RiskSchema, RoutingError, routeJob, TaskTypeSchema } from "../generation/routing";
import { loadRoutingPolicy } from "../jobs/routing-policy";
import { assertFresh, assertMayDecide, describeStale, loadDecisionContext, type Reviewer } from "./decision-context";
import { RerouteInputSchema } from "./decision-input";
import { DecisionError } from "./errors";
import { parseDecisionInput } from "./parse-input";
import { rerouteInstructions } from "./reroute-instructions";

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}

export async function rerouteJob(db: Db, reviewer: Reviewer, jobId: string, raw: unknown, now: Date = new Date()): Promise<Job> {
  const input = parseDecisionInput(RerouteInputSchema, raw);
  const ctx = await loadDecisionContext(db, jobId);
  assertMayDecide(reviewer, ctx.job);
  const change = await assertFresh(db, ctx, input, ["awaiting_review", "conflict"]);
  const { job } = ctx;

  // The same floor as on the form: protected paths and high risk need the tier the rules require.
  try {
    routeJob(
      {
        taskType: TaskTypeSchema.catch("complex").parse(job.taskType),
        risk: RiskSchema.catch("high").parse(job.risk),
        targetPaths: stringArray(job.targetPaths),
        requestedTier: input.tier,
      },
      await loadRoutingPolicy(db),
    );
  } catch (e) {
    if (e instanceof RoutingError) throw new DecisionError("invalid", e.message, [{ path: "tier", message: e.message }]);
    throw e;
  }
  if (input.model) {
    const provider = await db.provider.findFirst({ where: { tier: input.tier, model: input.model, enabled: true }, select: { id: true } });
    if (!provider) {
      const message = `No enabled ${input.tier} provider serves model ${input.model}`;
      throw new DecisionError("invalid", message, [{ path: "model", message }]);
    }
  }

  const cause = job.status === "conflict" ? "conflict" : "reviewer";
  const actor = { id: reviewer.id, label: reviewer.email };
  const target = input.model ? `${input.tier}/${input.model}` : input.tier;
  const instructions = await rerouteInstructions(db, { note: input.note, changeId: change.id, revision: change.revision });
  let rerouted: Job;
  try {
    rerouted = await transitionJob(db, jobId, {
      from: job.status as "awaiting_review" | "conflict",
      to: "rerouted",
      expectVersion: input.version,
      actor,
      reason: `rerouted to ${target} by ${reviewer.name}: ${input.note}`,
      details: { changeId: change.id, revision: change.revision, tier: input.tier, model: input.model, cause },
      data: {
        routedTier: input.tier,
        routingReason: `rerouted to ${target} by ${reviewer.name} (${cause === "conflict" ? "merge conflict" : "reviewer"})`,
        nextCause: cause,
        nextNote: input.note,
        nextModel: input.model,
        nextInstructions: instructions,
        rerouteCount: { increment: 1 },
      },
      effects: async (tx) => {
        await tx.review.create({
          data: {
            jobId,
            changeId: change.id,
            reviewerId: reviewer.id,
            decision: "reroute",
            reason: input.note,
            rerouteTier: input.tier,
            rerouteModel: input.model,
          },
        });
        await recordAudit(tx, {
          actorId: reviewer.id,
          actorLabel: reviewer.email,
          action: "review.reroute",
          subjectType: "job",
          subjectId: jobId,
          details: { changeId: change.id, revision: change.revision, tier: input.tier, model: input.model, note: input.note, cause },
        });
      },
    });
  } catch (e) {
    if (e instanceof ConflictError) throw await describeStale(db, jobId, "Another decision was recorded first");
    throw e;
  }
  // A new revision is a new piece of work: it gets a fresh attempt budget and is due now.
  return transitionJob(db, jobId, {
    from: "rerouted",
    to: "queued",
    expectVersion: rerouted.version,
    actor,
    reason: `queued for revision ${change.revision + 1} on ${target}`,
    data: { attempts: 0, runAfter: now },
    now,
  });
}
