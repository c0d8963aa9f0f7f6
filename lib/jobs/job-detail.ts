/**
 * Everything the Change page shows, as plain JSON-safe data: the job, every revision (the latest with
 * its files, gates and context pack), the reviews, the timeline (audit events of the job), whether the
 * merge policy is met, the routing floor for reroutes and the conflict details.
 */
import type { Db } from "../db/client";
import { RiskSchema, routeJob, TaskTypeSchema, TIERS } from "../generation/routing";
import { GATE_NAMES } from "../gates/types";
import { compareUrlFor } from "../review/merge-approved";
import { evaluateMergePolicy, type PolicyVerdict } from "../review/merge-policy";
import { getPolicy } from "../settings/policy";
import { loadRoutingPolicy } from "./routing-policy";
import { failureOf, type JobFailureView } from "./failure";
import { parseInstructions, type RevisionInstructions } from "../generation/instructions";

export interface ChangeFileView {
  path: string;
  before: string | null;
  after: string | null;
  binary: boolean;
}

export interface ContextEntryView {
  file: string;
  reason: string;
  score: number | null;
  tokens: number | null;
  content: string | null;
}

export interface GateView {
  gate: string;
  status: string;
  score: number | null;
  summary: string;
  findings: unknown[];
  details: Record<string, unknown> | null;
  durationMs: number;
}

export interface RevisionView {
  id: string;
  revision: number;
  tier: string;
  model: string;
  providerName: string | null;
  recorded: boolean;
  cause: string;
  rerouteNote: string | null;
  /** What this revision was asked beyond the job's instruction (note, line comments, gate problems). */
  instructions: RevisionInstructions | null;
  /** An earlier revision whose diff is byte-identical to this one ("no change from revision N"). */
  sameAsRevision: number | null;
  routingReason: string | null;
  baseCommit: string;
  latencyMs: number | null;
  createdAt: string;
  gates: { gate: string; status: string }[];
  paths: string[];
}

export interface CurrentChangeView extends RevisionView {
  files: ChangeFileView[];
  contextPack: ContextEntryView[];
  gateResults: GateView[];
}

export interface ReviewView {
  id: string;
  decision: string;
  reason: string | null;
  override: boolean;
  rerouteTier: string | null;
  rerouteModel: string | null;
  reviewer: string;
  revision: number | null;
  createdAt: string;
}

export interface TimelineEvent {
  id: string;
  action: string;
  actor: string;
  details: Record<string, unknown> | null;
  createdAt: string;
}

export interface JobPageData {
  job: {
    id: string;
    title: string;
    instruction: string;
    status: string;
    stage: string | null;
    statusReason: string | null;
    version: number;
    taskType: string;
    risk: string;
    requestedTier: string | null;
    routedTier: string | null;
    routingReason: string | null;
    source: string;
    targetPaths: string[];
    rerouteCount: number;
    nextCause: string | null;
    nextNote: string | null;
    nextModel: string | null;
    overrideReason: string | null;
    overrideBy: string | null;
    mergedCommit: string | null;
    mergedBranch: string | null;
    /** Compare link of a pushed branch per change (repository's template), to open a pull request. */
    compareUrl: string | null;
    attempts: number;
    maxAttempts: number;
    createdAt: string;
    runAfter: string;
    submitter: { id: string; name: string; email: string };
    repository: { id: string; name: string; defaultBranch: string; branchPerChange: boolean };
  };
  revisions: RevisionView[];
  current: CurrentChangeView | null;
  reviews: ReviewView[];
  timeline: TimelineEvent[];
  policy: PolicyVerdict & { minTestPassRate: number; requiredGates: string[]; complexityThreshold: number };
  /** Lowest tier a reroute may pick (protected paths, high risk). */
  minimumTier: string;
  providers: { tier: string; model: string; name: string }[];
  conflict: { message: string; failingHunks: string[]; head: string | null; branch: string | null } | null;
  /** Why a failed job failed (reason, failure code, tier), or null. */
  failure: JobFailureView | null;
}

const stringArray = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const asRecord = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
const gateOrder = (g: string) => {
  const i = (GATE_NAMES as readonly string[]).indexOf(g);
  return i === -1 ? 99 : i;
};

function filesOf(v: unknown): ChangeFileView[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((f) => {
    const r = asRecord(f);
    if (!r || typeof r.path !== "string") return [];
    return [
      {
        path: r.path,
        before: typeof r.before === "string" ? r.before : null,
        after: typeof r.after === "string" ? r.after : null,
        binary: r.binary === true,
      },
    ];
  });
}

/** A stored context pack's entries: the worker stores `{entries: […], totalTokens, …}`; older rows a bare array. */
export function contextOf(v: unknown): ContextEntryView[] {
  const list = Array.isArray(v) ? v : asRecord(v)?.entries;
  if (!Array.isArray(list)) return [];
  return list.flatMap((e) => {
    const r = asRecord(e);
    if (!r || typeof r.file !== "string") return [];
    return [
      {
        file: r.file,
        reason: typeof r.reason === "string" ? r.reason : "",
        score: typeof r.score === "number" ? r.score : null,
        tokens: typeof r.tokens === "number" ? r.tokens : null,
        content: typeof r.content === "string" ? r.content : null,
      },
    ];
  });
}

/** The latest earlier revision with the same (non-empty) diff, or null. `changes` is newest first. */
function identicalEarlier(changes: { revision: number; diff: string }[], c: { revision: number; diff: string }): number | null {
  if (!c.diff) return null;
  return changes.find((o) => o.revision < c.revision && o.diff === c.diff)?.revision ?? null;
}

/** The columns every revision listing reads (the Change page and GET /api/jobs/{id}). */
export const REVISION_SELECT = { id: true, revision: true, tier: true, model: true, providerName: true, recorded: true, cause: true } as const;

export async function loadJobPage(db: Db, jobId: string): Promise<JobPageData | null> {
  const job = await db.job.findUnique({
    where: { id: jobId },
    include: {
      submitter: { select: { id: true, name: true, email: true } },
      repository: { select: { id: true, name: true, defaultBranch: true, branchPerChange: true, url: true, webUrl: true, compareUrlTemplate: true } },
    },
  });
  if (!job) return null;

  const [changes, reviews, events, policy, routingPolicy, providers, overrideBy] = await Promise.all([
    db.change.findMany({
      where: { jobId },
      orderBy: { revision: "desc" },
      select: {
        ...REVISION_SELECT,
        rerouteNote: true,
        instructions: true,
        routingReason: true,
        baseCommit: true,
        latencyMs: true,
        createdAt: true,
        files: true,
        diff: true,
        gateResults: { select: { gate: true, status: true } },
      },
    }),
    db.review.findMany({
      where: { jobId },
      orderBy: { createdAt: "asc" },
      include: { reviewer: { select: { name: true } }, change: { select: { revision: true } } },
    }),
    db.auditEvent.findMany({ where: { subjectType: "job", subjectId: jobId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: 500 }),
    getPolicy(db),
    loadRoutingPolicy(db),
    db.provider.findMany({ where: { enabled: true }, select: { tier: true, model: true, name: true }, orderBy: [{ tier: "asc" }, { priority: "asc" }] }),
    job.overrideById ? db.user.findUnique({ where: { id: job.overrideById }, select: { name: true } }) : null,
  ]);

  const revisions: RevisionView[] = changes.map((c) => ({
    id: c.id,
    revision: c.revision,
    tier: c.tier,
    model: c.model,
    providerName: c.providerName,
    recorded: c.recorded,
    cause: c.cause,
    rerouteNote: c.rerouteNote,
    instructions: parseInstructions(c.instructions),
    sameAsRevision: identicalEarlier(changes, c),
    routingReason: c.routingReason,
    baseCommit: c.baseCommit,
    latencyMs: c.latencyMs,
    createdAt: c.createdAt.toISOString(),
    gates: [...c.gateResults].sort((a, b) => gateOrder(a.gate) - gateOrder(b.gate)),
    paths: filesOf(c.files).map((f) => f.path),
  }));

  let current: CurrentChangeView | null = null;
  if (changes[0]) {
    const full = await db.change.findUniqueOrThrow({
      where: { id: changes[0].id },
      select: { files: true, contextPack: true, gateResults: true },
    });
    current = {
      ...revisions[0],
      files: filesOf(full.files),
      contextPack: contextOf(full.contextPack),
      gateResults: full.gateResults
        .map((g) => ({
          gate: g.gate,
          status: g.status,
          score: g.score,
          summary: g.summary,
          findings: Array.isArray(g.findings) ? g.findings : [],
          details: asRecord(g.details),
          durationMs: g.durationMs,
        }))
        .sort((a, b) => gateOrder(a.gate) - gateOrder(b.gate)),
    };
  }

  const verdict = evaluateMergePolicy(current?.gateResults ?? [], policy);
  let minimumTier: string = TIERS[0];
  try {
    minimumTier = routeJob(
      {
        taskType: TaskTypeSchema.catch("complex").parse(job.taskType),
        risk: RiskSchema.catch("high").parse(job.risk),
        targetPaths: stringArray(job.targetPaths),
      },
      routingPolicy,
    ).minimumTier;
  } catch {
    minimumTier = TIERS[TIERS.length - 1];
  }

  const conflictEvent =
    job.status === "conflict"
      ? [...events].reverse().find((e) => e.action === "job.status" && asRecord(e.details)?.to === "conflict")
      : undefined;
  const cd = asRecord(conflictEvent?.details);

  return {
    job: {
      id: job.id,
      title: job.title,
      instruction: job.instruction,
      status: job.status,
      stage: job.stage,
      statusReason: job.statusReason,
      version: job.version,
      taskType: job.taskType,
      risk: job.risk,
      requestedTier: job.requestedTier,
      routedTier: job.routedTier,
      routingReason: job.routingReason,
      source: job.source,
      targetPaths: stringArray(job.targetPaths),
      rerouteCount: job.rerouteCount,
      nextCause: job.nextCause,
      nextNote: job.nextNote,
      nextModel: job.nextModel,
      overrideReason: job.overrideReason,
      overrideBy: overrideBy?.name ?? null,
      mergedCommit: job.mergedCommit,
      mergedBranch: job.mergedBranch,
      compareUrl: compareUrlFor(job.repository, job.mergedBranch, job.mergedCommit) ?? null,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      createdAt: job.createdAt.toISOString(),
      runAfter: job.runAfter.toISOString(),
      submitter: job.submitter,
      repository: { id: job.repository.id, name: job.repository.name, defaultBranch: job.repository.defaultBranch, branchPerChange: job.repository.branchPerChange },
    },
    revisions,
    current,
    reviews: reviews.map((r) => ({
      id: r.id,
      decision: r.decision,
      reason: r.reason,
      override: r.override,
      rerouteTier: r.rerouteTier,
      rerouteModel: r.rerouteModel,
      reviewer: r.reviewer.name,
      revision: r.change?.revision ?? null,
      createdAt: r.createdAt.toISOString(),
    })),
    timeline: events.map((e) => ({
      id: e.id,
      action: e.action,
      actor: e.actorLabel,
      details: asRecord(e.details),
      createdAt: e.createdAt.toISOString(),
    })),
    policy: {
      ...verdict,
      minTestPassRate: policy.minTestPassRate,
      requiredGates: policy.requiredGates,
      complexityThreshold: policy.complexityThreshold,
    },
    minimumTier,
    providers,
    failure: failureOf(job, events),
    conflict: conflictEvent
      ? {
          message: job.statusReason ?? "the change no longer applies",
          failingHunks: stringArray(cd?.failingHunks),
          head: typeof cd?.head === "string" && cd.head ? cd.head : null,
          branch: typeof cd?.branch === "string" ? cd.branch : null,
        }
      : null,
  };
}

/** The small, frequently polled part: enough to notice a stage change or a new revision. */
export async function loadJobStatus(db: Db, jobId: string) {
  const job = await db.job.findUnique({
    where: { id: jobId },
    select: { id: true, status: true, stage: true, statusReason: true, version: true, routedTier: true, updatedAt: true },
  });
  if (!job) return null;
  const latest = await db.change.findFirst({ where: { jobId }, orderBy: { revision: "desc" }, select: { id: true, revision: true } });
  return {
    id: job.id,
    status: job.status,
    stage: job.stage,
    statusReason: job.statusReason,
    version: job.version,
    routedTier: job.routedTier,
    latestChangeId: latest?.id ?? null,
    latestRevision: latest?.revision ?? null,
    updatedAt: job.updatedAt.toISOString(),
  };
}
export type JobStatusView = NonNullable<Awaited<ReturnType<typeof loadJobStatus>>>;

/** One revision's files (for comparing revisions), or null when it is not part of the job. */
export async function loadRevisionFiles(db: Db, jobId: string, changeId: string) {
  const c = await db.change.findUnique({ where: { id: changeId }, select: { jobId: true, revision: true, files: true, baseCommit: true } });
  if (!c || c.jobId !== jobId) return null;
  return { changeId, revision: c.revision, baseCommit: c.baseCommit, files: filesOf(c.files) };
}
