/**
 * /stats in real Chromium for a lead, on the hand-computed data set of lib/stats/fixture.ts (March 2026,
 * so nothing the other specs create falls in the window): the figures, charts beside tables, filters
 * kept in the URL, drill-down to the changes behind a number, and CSV exports of a table and of the
 * whole drill-down list.
 */
import fs from "node:fs";
import { authStatePath } from "./env";
import { apiAs } from "./helpers";
import { expect, runReviewFixture, test } from "./review-helpers";

const MARCH = "window=custom&from=2026-03-01&to=2026-03-31";

test.describe("as a lead", () => {
  test.use({ storageState: authStatePath("lead") });
  test.beforeAll(() => void runReviewFixture("stats"));
  // Leave the shared database as the seed made it for the specs that follow (the queue's first page).
  test.afterAll(() => void runReviewFixture("stats-remove"));

  test("reads the hand-computed figures, with charts beside the tables, and filters them from the URL", async ({ page }) => {
    await page.goto(`/stats?${MARCH}`);
    const summary = page.getByTestId("stats-summary");
    await expect(summary).toContainText("Changes20");
    await expect(summary).toContainText("Jobs15");
    // 3 of the 20 changes use a package that does not exist.
    await expect(summary).toContainText("With a not-found package15.0%");

    const byModel = page.getByTestId("stats-hallucinations-by-model");
    await expect(byModel.getByRole("row", { name: /fast-1/ })).toContainText("22.2%"); // 2 of 9
    await expect(byModel.getByRole("row", { name: /local-1/ })).toContainText("25.0%"); // 1 of 4
    // Trends and comparisons are drawn (recharts SVG), not only tabulated.
    for (const title of ["Changes with a not-found package, per day", "Per ecosystem", "First-revision acceptance per tier", "Generation latency per tier"]) {
      await expect(page.getByRole("figure", { name: title }).locator("svg.recharts-surface").first()).toBeVisible();
    }

    // A filter goes into the URL and every figure follows it.
    const tier = page.getByRole("form", { name: "Filters" }).locator('select[name="tier"]');
    await tier.selectOption("fast");
    await expect(page).toHaveURL(/tier=fast/);
    await expect(summary).toContainText("Changes9");
    await expect(summary).toContainText("With a not-found package22.2%");
    await page.reload();
    await expect(tier).toHaveValue("fast");
    await expect(summary).toContainText("Jobs8");
  });

  test("drills down from an invented package to the changes that used it, and exports tables as CSV", async ({ page }) => {
    await page.goto(`/stats?${MARCH}`);
    const invented = page.getByTestId("stats-invented-packages");
    const tableCsv = page.waitForEvent("download");
    await invented.getByRole("button", { name: "CSV" }).click();
    const table = fs.readFileSync((await (await tableCsv).path())!, "utf8").trimEnd().split("\r\n");
    expect(table[0]).toBe("Package,Ecosystem,Changes,Findings,Models");
    expect(table).toContain("left-padd,npm,2,2,2"); // C1 (fast-1) and C9 (local-1)

    await invented.getByRole("link", { name: "left-padd" }).click();
    await expect(page).toHaveURL(/\/stats\/changes\?.*metric=package/);
    const list = page.getByTestId("stats-drilldown");
    await expect(list.getByRole("heading", { level: 2 })).toContainText("left-padd");
    await expect(list.locator("tbody tr")).toHaveCount(2);
    await expect(list).toContainText("2 changes");

    const allCsv = page.waitForEvent("download");
    await list.getByRole("link", { name: "CSV (all 2)" }).click();
    const rows = fs.readFileSync((await (await allCsv).path())!, "utf8").trimEnd().split("\r\n");
    expect(rows).toHaveLength(3);
    expect(rows.slice(1).map((r) => r.split(",")[0]).sort()).toEqual(["Job J1", "Job J5"]);

    // Each row opens its job.
    await list.locator("tbody tr").first().getByRole("link").click();
    await expect(page).toHaveURL(/\/jobs\//);
  });

  test("the same figures come from GET /api/stats for a lead's own dashboards, and not for a reviewer", async () => {
    const lead = await apiAs("lead");
    const res = await lead.get(`/api/stats?${MARCH}&tier=fast`);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { totals: { changes: number; jobs: number } };
    expect(body.totals).toEqual({ changes: 9, jobs: 8 });
    await lead.dispose();
    const reviewer = await apiAs("reviewer");
    expect((await reviewer.get(`/api/stats?${MARCH}`)).status()).toBe(403);
    expect((await reviewer.get(`/api/stats/changes/export?${MARCH}`)).status()).toBe(403);
    await reviewer.dispose();
  });
});
