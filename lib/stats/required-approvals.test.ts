/**
 * With required approvals (lib/review/approvals.ts) one revision can carry several "approve" reviews; the
 * review outcomes count each change's decision once, so a second reviewer's approval is not a second outcome.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabases, type TestDb } from "../db/testing";
import type { StatsDialect } from "./dialect";
import type { StatsFixture } from "./fixture";
import { openStatsFixtureDb } from "./testing";
import { resolveStatsFilters, statsQuerySchema } from "./filters";
import * as q from "./queries";

describe.each(testDatabases())("review outcomes with several approvals on %s", (kind) => {
  let t: TestDb, fx: StatsFixture, d: StatsDialect;
  beforeAll(async () => void ({ t, fx, d } = await openStatsFixtureDb(kind)));
  afterAll(async () => t?.close());

  it("counts a change approved by two reviewers as one approval", async () => {
    const filters = resolveStatsFilters(statsQuerySchema.parse({}), fx.now);
    const before = await q.reviewOutcomesByModel(t.db, d, filters);
    const approved = await t.db.review.findFirstOrThrow({ where: { decision: "approve" }, include: { change: { select: { model: true } } } });
    const second = await t.db.user.create({ data: { email: "second-approver@gatehouse.local", name: "Second Approver", role: "reviewer" } });
    await t.db.review.create({
      data: { jobId: approved.jobId, changeId: approved.changeId, reviewerId: second.id, decision: "approve", createdAt: approved.createdAt },
    });
    const after = await q.reviewOutcomesByModel(t.db, d, filters);
    expect(after).toEqual(before);
    expect(after.find((r) => r.model === approved.change.model)?.approve).toBeGreaterThan(0);
  });
});
