import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { InputError } from "../settings/errors";
import { seed } from "../seed/seed";
import { createTempRepo, type TempRepo } from "../testing/git-repo";
import { createJob } from "./create-job";

describe.each(testDatabases())("createJob on %s", (provider) => {
  let t: TestDb;
  let submitter: { id: string; email: string };
  let repositoryId: string;
  let repo: TempRepo;

  beforeAll(async () => {
    t = await openTestDb(provider);
    await seed(t.db, { users: false }); // the default policy: **/auth/** is protected
    submitter = await t.db.user.create({ data: { email: `s-${provider}@example.test`, name: "Sam" }, select: { id: true, email: true } });
    repo = createTempRepo({ "src/util.ts": "export const add = (a: number, b: number) => a + b;\n", "src/auth/session.ts": "export const TTL = 1;\n" });
    repositoryId = (await t.db.repository.create({ data: { name: "demo", path: repo.dir, ecosystems: [] } })).id;
  });
  afterAll(async () => {
    await t?.close();
    repo?.remove();
  });

  const valid = () => ({
    repositoryId,
    instruction: "Add a double() helper next to add()\nand use it in the report.",
    targetPaths: ["src/util.ts"],
    taskType: "simple",
    risk: "low",
  });

  async function inputError(p: Promise<unknown>): Promise<InputError> {
    const e = await p.then(() => null, (err: unknown) => err);
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }

  it("queues the job with its routing decision and a title from the instruction", async () => {
    const job = await createJob(t.db, submitter, valid());
    expect(job).toMatchObject({
      status: "queued",
      title: "Add a double() helper next to add()",
      routedTier: "fast",
      submitterId: submitter.id,
      source: "form",
    });
    expect(job.routingReason).toBe("routed to fast because task type simple goes to fast");
    const actions = (await t.db.auditEvent.findMany({ where: { subjectId: job.id } })).map((e) => e.action).sort();
    expect(actions).toEqual(["job.created", "job.routed"]);
  });

  it("routes protected paths to the accurate tier and refuses a lower requested tier on the tier field", async () => {
    const auto = await createJob(t.db, submitter, { ...valid(), targetPaths: ["src/auth/session.ts"] });
    expect(auto.routedTier).toBe("accurate");
    expect(auto.routingReason).toMatch(/\*\*\/auth\/\*\* is protected/);
    const before = await t.db.job.count();
    const e = await inputError(createJob(t.db, submitter, { ...valid(), targetPaths: ["src/auth/session.ts"], requestedTier: "fast" }));
    expect(e.issues).toEqual([{ path: "requestedTier", message: expect.stringMatching(/Tier fast is not allowed.*requires accurate/) }]);
    expect(await t.db.job.count()).toBe(before);
    const higher = await createJob(t.db, submitter, { ...valid(), requestedTier: "accurate" });
    expect(higher).toMatchObject({ routedTier: "accurate", requestedTier: "accurate" });
  });

  it("reports every invalid field and stores run-after", async () => {
    const e = await inputError(createJob(t.db, submitter, { repositoryId: "", instruction: "short", targetPaths: [], taskType: "simple", risk: "extreme" }));
    const paths = e.issues.map((i) => i.path).sort();
    expect(paths).toEqual(["instruction", "repositoryId", "risk", "targetPaths"]);
    expect(e.issues.find((i) => i.path === "targetPaths")?.message).toBe("Pick at least one target file");
    const unknownRepo = await inputError(createJob(t.db, submitter, { ...valid(), repositoryId: "nope" }));
    expect(unknownRepo.issues[0].path).toBe("repositoryId");
    const badTime = await inputError(createJob(t.db, submitter, { ...valid(), runAfter: "tomorrow-ish" }));
    expect(badTime.issues[0]).toEqual({ path: "runAfter", message: "Not a valid date and time" });
    const later = new Date(Date.now() + 3_600_000);
    const job = await createJob(t.db, submitter, { ...valid(), runAfter: later.toISOString() });
    expect(job.runAfter.getTime()).toBe(later.getTime());
  });

  it("refuses target paths that are not files of the default branch, on their own field, and queues nothing", async () => {
    const before = await t.db.job.count();
    const e = await inputError(createJob(t.db, submitter, { ...valid(), targetPaths: ["src/util.ts", "src/utill.ts", "src"] }));
    expect(e.issues).toEqual([
      { path: "targetPaths.1", message: "src/utill.ts is not a file of main" },
      { path: "targetPaths.2", message: "src is not a file of main" },
    ]);
    // A file that exists only in the working tree (not committed on main) is not a target either.
    repo.write({ "src/draft.ts": "export {};\n" });
    const draft = await inputError(createJob(t.db, submitter, { ...valid(), targetPaths: ["src/draft.ts"] }));
    expect(draft.issues).toEqual([{ path: "targetPaths.0", message: "src/draft.ts is not a file of main" }]);
    expect(await t.db.job.count()).toBe(before);
  });

  it("says the files cannot be checked when the repository cannot be read", async () => {
    const gone = await t.db.repository.create({ data: { name: `gone-${provider}`, path: "/nonexistent/gatehouse-repo", ecosystems: [] } });
    const e = await inputError(createJob(t.db, submitter, { ...valid(), repositoryId: gone.id }));
    expect(e.issues[0].path).toBe("targetPaths");
    expect(e.issues[0].message).toMatch(/^The target files cannot be checked: /);
  });
});
