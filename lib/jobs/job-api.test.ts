/**
 * GET /api/jobs/{id}: the documented shape (status + revisions with their gates) on SQLite and PostgreSQL,
 * and the route's role check and 404 through the real handler with real bearer tokens.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiToken } from "../auth/api-tokens";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { transitionJob } from "../domain/transitions";
import { createAwaitingReviewJob, createPerson, createRepositoryRow, addRevision, passingGates } from "../review/testing/fixtures";
import { JobApiSchema, loadJobApi } from "./job-api";
import { GET } from "../../app/api/jobs/[id]/route";

const FILES = [{ path: "src/a.ts", before: "export const a = 1;\n", after: "export const a = 2;\n" }];
const failingTests = { gate: "tests", status: "fail", score: 50, summary: "1/2 tests passed (50%)", findings: [{ kind: "newly-failing", test: "a works", message: "expected 2 to be 1" }] };

async function jobWithTwoRevisions(db: TestDb["db"]) {
  const submitter = await createPerson(db, "submitter", "Sam");
  const repo = await createRepositoryRow(db, "/nonexistent/repo");
  const first = await createAwaitingReviewJob(
    db,
    { repositoryId: repo.id, submitterId: submitter.id, title: "Bump a" },
    { files: FILES, baseCommit: "0".repeat(40), gates: [failingTests, ...passingGates().slice(1)] },
  );
  const rerouted = await transitionJob(db, first.job.id, { from: "awaiting_review", to: "rerouted", actor: { id: submitter.id, label: submitter.email } });
  await transitionJob(db, first.job.id, { from: "rerouted", to: "queued", expectVersion: rerouted.version, actor: { id: null, label: "system" }, data: { nextCause: "reviewer" } });
  const second = await addRevision(db, first.job.id, { files: FILES, baseCommit: "0".repeat(40), tier: "accurate", model: "big-model" });
  return { jobId: first.job.id, first: first.change, second: second.change, repoName: repo.name };
}

describe.each(testDatabases())("loadJobApi on %s", (provider) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(provider);
  });
  afterAll(async () => t?.close());

  it("returns the status and every revision, newest first, with its gates in gate order", async () => {
    const { jobId, first, second, repoName } = await jobWithTwoRevisions(t.db);
    const view = await loadJobApi(t.db, jobId);
    expect(JobApiSchema.safeParse(view).success).toBe(true);
    expect(view).toMatchObject({
      id: jobId,
      title: "Bump a",
      status: "awaiting_review",
      repository: repoName,
      latestChangeId: second.id,
      latestRevision: 2,
    });
    expect(view!.revisions.map((r) => [r.revision, r.tier, r.model, r.cause])).toEqual([
      [2, "accurate", "big-model", "reviewer"],
      [1, "fast", "demo-fast", "initial"],
    ]);
    expect(view!.revisions[1].id).toBe(first.id);
    expect(view!.revisions[1].files).toEqual(["src/a.ts"]);
    expect(view!.revisions[1].gates.map((g) => g.gate)).toEqual(["tests", "dependencies", "complexity", "error-contract", "static-analysis"]);
    expect(view!.revisions[1].gates[0]).toEqual({ gate: "tests", status: "fail", score: 50, summary: "1/2 tests passed (50%)", findings: 1 });
    expect(view!.revisions[0].gates.every((g) => g.status === "pass")).toBe(true);
  });

  it("answers null for an unknown job", async () => {
    expect(await loadJobApi(t.db, "no-such-job")).toBeNull();
  });
});

describe("GET /api/jobs/[id] route", () => {
  let t: TestDb;
  const tokens: Record<string, string> = {};
  let jobId = "";
  beforeAll(async () => {
    t = await openTestDb("sqlite");
    process.env.DATABASE_URL = t.url; // the route's getDb() connects lazily to this database
    for (const role of ["submitter", "reviewer"]) {
      const u = await createPerson(t.db, role, role);
      const g = generateApiToken();
      await t.db.apiToken.create({ data: { userId: u.id, name: "t", tokenHash: g.hash, prefix: g.prefix } });
      tokens[role] = g.token;
    }
    jobId = (await jobWithTwoRevisions(t.db)).jobId;
  });
  afterAll(async () => t?.close());

  const get = (id: string, role?: string) =>
    GET(new Request(`http://127.0.0.1/api/jobs/${id}`, { headers: { authorization: `Bearer ${tokens[role ?? ""] ?? "gat_unknown"}` } }), {
      params: Promise.resolve({ id }),
    });

  it("refuses unknown credentials, answers 404 for an unknown job and the revisions with gates to any role that reads jobs", async () => {
    expect((await get(jobId)).status).toBe(401);
    expect((await get("no-such-job", "reviewer")).status).toBe(404);
    const res = await get(jobId, "submitter");
    expect(res.status).toBe(200);
    const body = JobApiSchema.parse(await res.json());
    expect(body.revisions.map((r) => r.revision)).toEqual([2, 1]);
    expect(body.revisions[1].gates.find((g) => g.gate === "tests")?.status).toBe("fail");
  });
});
