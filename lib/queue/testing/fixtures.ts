/** Test data for queue/worker tests: one submitter, one repository, jobs via the real enqueueJob. */
import type { Db } from "../../db/client";
import type { Job } from "../../domain/db-types";
import { enqueueJob } from "../enqueue";
import type { EnqueueInput } from "../job-input";

export interface Owner {
  userId: string;
  repositoryId: string;
}

export async function seedOwner(db: Db, tag = "t"): Promise<Owner> {
  const user = await db.user.create({ data: { email: `${tag}-${Date.now()}-${Math.random()}@example.test`, name: "Submitter" } });
  const repo = await db.repository.create({ data: { name: `repo-${tag}-${Date.now()}-${Math.random()}`, path: "/tmp/none", ecosystems: [] } });
  return { userId: user.id, repositoryId: repo.id };
}

export function jobInput(owner: Owner, overrides: Partial<EnqueueInput> = {}): EnqueueInput {
  return {
    title: "Add a helper",
    instruction: "Add a helper function",
    targetPaths: ["src/a.ts"],
    taskType: "simple",
    risk: "low",
    repositoryId: owner.repositoryId,
    submitterId: owner.userId,
    source: "form",
    ...overrides,
  };
}

export function makeJob(db: Db, owner: Owner, overrides: Partial<EnqueueInput> = {}): Promise<Job> {
  return enqueueJob(db, jobInput(owner, overrides));
}

/** Many jobs quickly (no audit rows): for load tests where enqueue itself is not under test. */
export async function bulkJobs(db: Db, owner: Owner, n: number, runAfter = new Date(Date.now() - 1000)): Promise<void> {
  const data = Array.from({ length: n }, (_, i) => ({
    title: `job ${i}`,
    instruction: "noop",
    targetPaths: [],
    repositoryId: owner.repositoryId,
    submitterId: owner.userId,
    runAfter,
    maxAttempts: 3,
  }));
  for (let i = 0; i < data.length; i += 500) await db.job.createMany({ data: data.slice(i, i + 500) });
}
