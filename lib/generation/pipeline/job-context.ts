/** Everything a pipeline step needs to know about its job, loaded in one place. */
import type { Db } from "../../db/client";
import type { Job } from "../../domain/db-types";
import { getPolicy, type PolicyView } from "../../settings/policy";
import { RemoteGitError } from "../../git/remote-git";
import { repositoryGitDir, repositoryGitDirWith, type FetchMode, type RepositoryLocation } from "../../git/repository-dir";
import { outcome, type StepOutcome } from "../../worker/steps";

export interface JobContext {
  job: Job;
  repo: RepositoryLocation & { name: string; defaultBranch: string; testCommand: string | null; sarifCommands?: unknown };
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

/** How long a job waits when its git server cannot be read (the change is not at fault). */
export const REPOSITORY_WAIT_MS = 30_000;

/**
 * The local git directory a step reads: the repository's path, or this worker's mirror (fetched before
 * the step when asked, or when it lacks the commit the step needs — another worker may have resolved
 * it). A git server that cannot be read sends the job back to wait.
 */
export async function openJobRepository(
  repo: JobContext["repo"],
  want: FetchMode | { commit: string },
): Promise<{ ok: true; dir: string } | { ok: false; outcome: StepOutcome }> {
  try {
    const dir = typeof want === "string" ? await repositoryGitDir(repo, { fetch: want }) : await repositoryGitDirWith(repo, want.commit);
    return { ok: true, dir };
  } catch (e) {
    if (!(e instanceof RemoteGitError)) throw e;
    return { ok: false, outcome: outcome.wait(REPOSITORY_WAIT_MS, `repository ${repo.name} cannot be read: ${e.message}`) };
  }
}
