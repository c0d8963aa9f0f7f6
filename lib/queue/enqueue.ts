/** Creating a job: the row and its `job.created` audit event commit together. */
import { z } from "zod";
import type { Db } from "../db/client";
import { recordAudit, type Actor } from "../domain/audit";
import type { Job } from "../domain/db-types";
import { retryOnBusy } from "../domain/sqlite-busy";
import { EnqueueInputSchema, type EnqueueInput } from "./job-input";

export class InvalidJobInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidJobInputError";
  }
}

const MaxAttemptsEnv = z.coerce.number().int().min(1).max(20);

/** Attempts when neither the input nor the Policy row says: GATEHOUSE_MAX_ATTEMPTS, else 3. */
export function defaultMaxAttempts(env: Record<string, string | undefined> = process.env): number {
  const raw = env.GATEHOUSE_MAX_ATTEMPTS;
  if (raw === undefined || raw.trim() === "") return 3;
  const parsed = MaxAttemptsEnv.safeParse(raw);
  if (!parsed.success) throw new InvalidJobInputError(`GATEHOUSE_MAX_ATTEMPTS must be an integer 1..20, got "${raw}"`);
  return parsed.data;
}

/**
 * Validates and stores a job. `actor` defaults to the submitter (by email). maxAttempts: input, else the
 * Policy's maxAttempts, else defaultMaxAttempts().
 */
export async function enqueueJob(db: Db, input: EnqueueInput, actor?: Actor): Promise<Job> {
  const parsed = EnqueueInputSchema.safeParse(input);
  if (!parsed.success) throw new InvalidJobInputError(z.prettifyError(parsed.error));
  const j = parsed.data;

  const [submitter, repository, policy] = await Promise.all([
    db.user.findUnique({ where: { id: j.submitterId }, select: { email: true, disabled: true } }),
    db.repository.findUnique({ where: { id: j.repositoryId }, select: { id: true } }),
    j.maxAttempts === undefined ? db.policy.findUnique({ where: { id: "default" }, select: { maxAttempts: true } }) : null,
  ]);
  if (!submitter || submitter.disabled) throw new InvalidJobInputError(`unknown or disabled submitter ${j.submitterId}`);
  if (!repository) throw new InvalidJobInputError(`unknown repository ${j.repositoryId}`);
  const maxAttempts = j.maxAttempts ?? policy?.maxAttempts ?? defaultMaxAttempts();
  const who = actor ?? { id: j.submitterId, label: submitter.email };
  const runAfter = j.runAfter ?? new Date();

  return retryOnBusy(() =>
    db.$transaction(async (tx) => {
      const job = await tx.job.create({
        data: {
          title: j.title,
          instruction: j.instruction,
          targetPaths: j.targetPaths,
          taskType: j.taskType,
          risk: j.risk,
          requestedTier: j.requestedTier ?? null,
          routedTier: j.routedTier ?? null,
          routingReason: j.routingReason ?? null,
          repositoryId: j.repositoryId,
          submitterId: j.submitterId,
          source: j.source,
          status: "queued",
          runAfter,
          maxAttempts,
        },
      });
      await recordAudit(tx, {
        actorId: who.id ?? null,
        actorLabel: who.label,
        action: "job.created",
        subjectType: "job",
        subjectId: job.id,
        details: {
          title: job.title,
          source: job.source,
          taskType: job.taskType,
          risk: job.risk,
          requestedTier: job.requestedTier,
          runAfter: runAfter.toISOString(),
          maxAttempts,
        },
      });
      return job;
    }),
  );
}
