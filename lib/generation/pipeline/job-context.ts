/** Everything a pipeline step needs to know about its job, loaded in one place. */
import type { Db } from "../../db/client";
import type { Job } from "../../domain/db-types";
import { getPolicy, type PolicyView } from "../../settings/policy";

export interface JobContext {
  job: Job;
  repo: { id: string; name: string; path: string; defaultBranch: string; testCommand: string | null; sarifCommands?: unknown };
  policy: PolicyView;
  latest: Awaited<ReturnType<typeof latestChange>>;
}

export function latestChange(db: Db, jobId: string) {
  return db.change.findFirst({ where: { jobId }, orderBy: { revision: "desc" }, include: { gateResults: true } });
}

export async function loadJobContext(db: Db, job: Job): Promise<JobContext> {
  const [repo, policy, latest] = await Promise.all([
    db.repository.findUniqueOrThrow({ where: { id: job.repositoryId } }),
    getPolicy(db),
    latestChange(db, job.id),
  ]);
  return { job, repo, policy, latest };
}

export function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
}
