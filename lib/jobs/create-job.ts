/**
 * Filing a job from the form (or the API): validate, route (a requested tier below what protection or
 * risk requires is refused on the tier field), then enqueue through lib/queue with the routing decision.
 */
import type { Db } from "../db/client";
import { recordAudit } from "../domain/audit";
import type { Job } from "../domain/db-types";
import { RoutingError, routeJob, type RoutingDecision, type RoutingInput } from "../generation/routing";
import { enqueueJob } from "../queue/enqueue";
import type { JobSource } from "../queue/job-input";
import { InputError } from "../settings/errors";
import { NewJobInputSchema, titleFromInstruction } from "./new-job-input";
import { loadRoutingPolicy } from "./routing-policy";
import { listRepositoryFiles } from "./repo-files";

export interface Submitter {
  id: string;
  email: string;
}

export async function routeForForm(db: Db, input: RoutingInput): Promise<RoutingDecision> {
  try {
    return routeJob(input, await loadRoutingPolicy(db));
  } catch (e) {
    if (e instanceof RoutingError) throw new InputError(e.message, [{ path: e.field, message: e.message }]);
    throw e;
  }
}

/** Every target path must be a file of the repository's default branch (a typo would send the model nowhere). */
async function checkTargetsExist(repo: Parameters<typeof listRepositoryFiles>[0], targetPaths: string[]): Promise<void> {
  const listed = await listRepositoryFiles(repo);
  if (!listed.ok) throw new InputError(listed.error, [{ path: "targetPaths", message: `The target files cannot be checked: ${listed.error}` }]);
  const files = new Set(listed.files);
  const issues = targetPaths.flatMap((p, i) =>
    files.has(p) ? [] : [{ path: `targetPaths.${i}`, message: `${p} is not a file of ${repo.defaultBranch}` }],
  );
  if (issues.length) throw new InputError("Please fix the highlighted fields", issues);
}

export async function createJob(db: Db, submitter: Submitter, raw: unknown, source: JobSource = "form"): Promise<Job> {
  const parsed = NewJobInputSchema.safeParse(raw);
  if (!parsed.success) {
    throw new InputError(
      "Please fix the highlighted fields",
      parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })),
    );
  }
  const input = parsed.data;
  const repo = await db.repository.findUnique({ where: { id: input.repositoryId } });
  if (!repo) throw new InputError("Unknown repository", [{ path: "repositoryId", message: "Choose a repository" }]);
  await checkTargetsExist(repo, input.targetPaths);

  const decision = await routeForForm(db, {
    taskType: input.taskType,
    risk: input.risk,
    targetPaths: input.targetPaths,
    requestedTier: input.requestedTier,
  });
  const job = await enqueueJob(db, {
    title: input.title || titleFromInstruction(input.instruction),
    instruction: input.instruction,
    targetPaths: input.targetPaths,
    taskType: input.taskType,
    risk: input.risk,
    requestedTier: input.requestedTier,
    repositoryId: input.repositoryId,
    submitterId: submitter.id,
    runAfter: input.runAfter ?? undefined,
    source,
    routedTier: decision.tier,
    routingReason: decision.summary,
  });
  await recordAudit(db, {
    actorId: submitter.id,
    actorLabel: submitter.email,
    action: "job.routed",
    subjectType: "job",
    subjectId: job.id,
    details: { tier: decision.tier, minimumTier: decision.minimumTier, reasons: decision.reasons },
  });
  return job;
}
