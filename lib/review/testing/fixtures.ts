/**
 * Review fixtures: people, a repository row for a real git repo, and jobs that reached
 * awaiting_review through the real queue and state machine (enqueueJob + transitionJob), with a
 * Change and its gate results. Used by the vitest suites, the e2e seed and the benchmark.
 */
import { DbNull, type Db, type Prisma } from "../../db/client";
import { composeInstructions } from "../../generation/instructions";
import { workerActor } from "../../domain/audit";
import { transitionJob } from "../../domain/transitions";
import { enqueueJob } from "../../queue/enqueue";
import { unifiedDiff, type FileEdit } from "./unified-diff";

const FIXTURE_WORKER = workerActor("fixture");

export interface Person {
  id: string;
  email: string;
  name: string;
  role: string;
}

export async function createPerson(db: Db, role: string, name: string, email?: string): Promise<Person> {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  const user = await db.user.create({
    data: { email: email ?? `${role}-${tag}@example.test`, name, role },
    select: { id: true, email: true, name: true, role: true },
  });
  return user;
}

export async function createRepositoryRow(
  db: Db,
  repoDir: string,
  opts: { name?: string; defaultBranch?: string; branchPerChange?: boolean } = {},
): Promise<{ id: string; name: string }> {
  return db.repository.create({
    data: {
      name: opts.name ?? `repo-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`,
      path: repoDir,
      defaultBranch: opts.defaultBranch ?? "main",
      ecosystems: ["npm"],
      branchPerChange: opts.branchPerChange ?? false,
    },
    select: { id: true, name: true },
  });
}

export interface SeedGate {
  gate: string;
  status: string;
  score?: number | null;
  summary: string;
  findings?: Record<string, unknown>[];
  details?: Record<string, unknown> | null;
}

/** Every gate passing: what a clean change looks like. */
export function passingGates(): SeedGate[] {
  return [
    { gate: "tests", status: "pass", score: 100, summary: "4/4 tests passed (100%)", findings: [], details: { passed: 4, failed: 0, total: 4, log: "ok 1\nok 2\nok 3\nok 4\n" } },
    { gate: "dependencies", status: "pass", summary: "no dependency problems", findings: [] },
    { gate: "complexity", status: "pass", summary: "no function above the threshold", findings: [] },
    { gate: "error-contract", status: "pass", summary: "no error messages changed", findings: [] },
    { gate: "static-analysis", status: "pass", summary: "no new problems; 0 at base; checked by tsc", findings: [], details: { introduced: 0, fixed: 0, baseTotal: 0, tools: [] } },
  ];
}

export interface SeedChange {
  files: FileEdit[];
  baseCommit: string;
  diff?: string;
  tier?: string;
  model?: string;
  recorded?: boolean;
  gates?: SeedGate[];
  /** As the worker stores it: {entries, totalTokens, budget, omitted, newFiles} (lib/generation/context). */
  contextPack?: Record<string, unknown>;
  routingReason?: string;
  cause?: string;
  rerouteNote?: string | null;
  instructions?: unknown;
}

export interface SeedJob {
  repositoryId: string;
  submitterId: string;
  title?: string;
  instruction?: string;
  targetPaths?: string[];
  taskType?: "boilerplate" | "simple" | "complex" | "refactor";
  risk?: "low" | "medium" | "high";
  routedTier?: string;
  routingReason?: string;
}

async function writeChange(tx: Prisma.TransactionClient, jobId: string, revision: number, c: SeedChange, parentChangeId: string | null) {
  const change = await tx.change.create({
    data: {
      jobId,
      revision,
      tier: c.tier ?? "fast",
      model: c.model ?? "demo-fast",
      recorded: c.recorded ?? false,
      baseCommit: c.baseCommit,
      diff: c.diff ?? unifiedDiff(c.files),
      files: c.files.map((f) => ({ path: f.path, before: f.before, after: f.after })) as Prisma.InputJsonValue,
      contextPack: (c.contextPack ?? { entries: [], totalTokens: 0, budget: 0, omitted: [], newFiles: [] }) as Prisma.InputJsonValue,
      routingReason: c.routingReason ?? null,
      cause: c.cause ?? "initial",
      rerouteNote: c.rerouteNote ?? null,
      instructions: (c.instructions ?? undefined) as Prisma.InputJsonValue | undefined,
      parentChangeId,
      latencyMs: 1200,
    },
  });
  for (const g of c.gates ?? passingGates()) {
    const findings = g.findings ?? [];
    const result = await tx.gateResult.create({
      data: {
        changeId: change.id,
        gate: g.gate,
        status: g.status,
        score: g.score ?? null,
        summary: g.summary,
        findings: findings as Prisma.InputJsonValue,
        details: (g.details ?? undefined) as Prisma.InputJsonValue | undefined,
        durationMs: 10,
      },
    });
    if (findings.length) {
      await tx.gateFinding.createMany({
        data: findings.map((f) => ({
          gateResultId: result.id,
          changeId: change.id,
          gate: g.gate,
          kind: typeof f.kind === "string" ? f.kind : g.gate,
          ecosystem: typeof f.ecosystem === "string" ? f.ecosystem : null,
          package: typeof f.package === "string" ? f.package : null,
          file: typeof f.file === "string" ? f.file : null,
          line: typeof f.line === "number" ? f.line : null,
        })),
      });
    }
  }
  return change;
}

/** Runs a queued job through gating to awaiting_review with a new revision (like the worker would). */
export async function addRevision(db: Db, jobId: string, c: SeedChange) {
  const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
  const prev = await db.change.findFirst({ where: { jobId }, orderBy: { revision: "desc" }, select: { id: true, revision: true } });
  const gating = await transitionJob(db, jobId, { from: "queued", to: "gating", expectVersion: job.version, actor: FIXTURE_WORKER });
  let changeId = "";
  const done = await transitionJob(db, jobId, {
    from: "gating",
    to: "awaiting_review",
    expectVersion: gating.version,
    actor: FIXTURE_WORKER,
    reason: "gates finished",
    data: { nextCause: null, nextNote: null, nextModel: null, nextInstructions: DbNull },
    effects: async (tx) => {
      const change = await writeChange(
        tx,
        jobId,
        (prev?.revision ?? 0) + 1,
        {
          ...c,
          cause: c.cause ?? job.nextCause ?? "initial",
          rerouteNote: c.rerouteNote ?? job.nextNote,
          instructions:
            c.instructions ??
            composeInstructions({ next: job.nextInstructions, note: job.nextNote, problems: job.nextProblems, cause: job.nextCause ?? "initial", fromRevision: prev?.revision ?? null }),
        },
        prev?.id ?? null,
      );
      changeId = change.id;
    },
  });
  const change = await db.change.findUniqueOrThrow({ where: { id: changeId } });
  return { job: done, change };
}

export async function createAwaitingReviewJob(db: Db, j: SeedJob, c: SeedChange) {
  const job = await enqueueJob(db, {
    title: j.title ?? "Add a helper",
    instruction: j.instruction ?? "Add a helper function and use it.",
    targetPaths: j.targetPaths ?? c.files.map((f) => f.path),
    taskType: j.taskType ?? "simple",
    risk: j.risk ?? "low",
    repositoryId: j.repositoryId,
    submitterId: j.submitterId,
    source: "form",
  });
  await db.job.update({
    where: { id: job.id },
    data: { routedTier: j.routedTier ?? c.tier ?? "fast", routingReason: j.routingReason ?? "routed to fast because task type simple goes to fast" },
  });
  return addRevision(db, job.id, c);
}
