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

  test("shows the honest counts with their sample sizes, and a toggle that counts replays too", async ({ page }) => {
    await page.goto(`/stats?${MARCH}`);
    const summary = page.getByTestId("stats-summary");
    const rule = page.getByTestId("stats-counting-rule");
    const fastRow = page.getByTestId("stats-hallucinations-by-model").getByRole("row", { name: /fast-1/ });
    // The replay (C23), the failed generation (C24, model "(choosing)") and the revision identical to C11
    // (C25) are not counted: 3 of the 20 changes, 2 of fast-1's 9.
    await expect(summary).toContainText("Changes20");
    await expect(summary).toContainText("With a not-found package15.0% (3 of 20)");
    await expect(fastRow).toContainText("22.2% (2 of 9)");
    // fast-1 dependencies: 4 pass of 8 decided (C25 repeats C11's warning and is not a 9th).
    await expect(page.getByTestId("stats-gate-status").getByRole("row", { name: /fast-1 dependencies/ })).toContainText("50.0% (4 of 8)");
    await expect(rule).toContainText("identical to an earlier revision of the same job");
    await expect(rule).toContainText("replays of recordings are left out");
    // The model list is not limited to March (other specs add their own models): the fixture's real models
    // are offered, the failed generation's "(choosing)" is not.
    const models = await page.locator('select[name="model"] option').allTextContents();
    expect(models).toEqual(expect.arrayContaining(["All models", "acc-1", "fast-1", "local-1"]));
    expect(models).not.toContain("(choosing)");

    const toggle = page.getByRole("checkbox", { name: /Include replays/ });
    await expect(toggle).toBeVisible();
    await expect(toggle).not.toBeChecked();
    await toggle.check();
    await expect(page).toHaveURL(/includeReplays=1/);
    // + the replay C23 (fast-1, invented axios-v2) and its job J18.
    await expect(summary).toContainText("Changes21");
    await expect(summary).toContainText("Jobs16");
    await expect(summary).toContainText("With a not-found package19.0% (4 of 21)");
    await expect(fastRow).toContainText("30.0% (3 of 10)");
    await expect(rule).toContainText("real providers and replays of recordings");
    // Latency never comes from a replay: fast stays at 9 timed changes.
    await expect(page.getByTestId("stats-latency").getByRole("row", { name: /fast all models/ })).toContainText("9");
    await page.reload();
    await expect(toggle).toBeChecked();
    await expect(fastRow).toContainText("30.0% (3 of 10)");
    await toggle.uncheck();
    await expect(page).not.toHaveURL(/includeReplays/);
    await expect(fastRow).toContainText("22.2% (2 of 9)");
  });

  test("an empty page says that replays are left out, and the hint goes once they are included", async ({ page }) => {
    await page.goto("/stats?window=custom&from=2024-01-01&to=2024-01-31");
    await expect(page.getByText("No data for these filters")).toBeVisible();
    await expect(page.getByTestId("stats-replays-hint")).toContainText("tick Include replays");
    await page.getByRole("checkbox", { name: /Include replays/ }).check();
    await expect(page).toHaveURL(/includeReplays=1/);
    await expect(page.getByText("No data for these filters")).toBeVisible();
    await expect(page.getByTestId("stats-replays-hint")).toHaveCount(0);
  });

  test("CSV percentages are in the page's unit", async ({ page }) => {
    await page.goto(`/stats?${MARCH}`);
    const byModel = page.getByTestId("stats-hallucinations-by-model");
    await expect(byModel.getByRole("row", { name: /fast-1/ })).toContainText("22.2% (2 of 9)");
    const csv = page.waitForEvent("download");
    await byModel.getByRole("button", { name: "CSV" }).click();
    const lines = fs.readFileSync((await (await csv).path())!, "utf8").trimEnd().split("\r\n");
    expect(lines[0]).toBe("Model,Changes,Not found,Not found %,Version not found,Version not found %");
    expect(lines).toContain("fast-1,9,2,22.2,2,22.2"); // 22.2 %, as on the page (not 0.222…)
    expect(lines).toContain("local-1,4,1,25.0,0,0.0");
  });

  test("chart labels do not overlap, and the section navigation jumps to each section", async ({ page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/stats?${MARCH}`);
    const chart = page.getByRole("figure", { name: "Gate outcomes per model (share of results that decided)" });
    await expect(chart.locator("svg.recharts-surface[role=application]")).toBeVisible();
    await chart.scrollIntoViewIfNeeded();
    // Every model · gate pair is labelled (none hidden to make room), and no two labels of an axis overlap.
    const figureBox = (await chart.boundingBox())!;
    // Recharts draws tick labels in their own layer: tell the axes apart by their text.
    const ticks = await chart.locator(".recharts-cartesian-axis-tick-value").evaluateAll((els) =>
      els.map((el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent ?? "", x: r.x, y: r.y, w: r.width, h: r.height };
      }),
    );
    const categories = ticks.filter((t) => t.text.includes("·"));
    const values = ticks.filter((t) => !t.text.includes("·"));
    expect(categories.map((b) => b.text)).toContain("fast-1 · dependencies");
    expect(categories).toHaveLength(15); // the fixture's 15 model × gate rows
    expect(values.length).toBeGreaterThan(1);
    for (const boxes of [categories, values]) {
      for (const b of boxes) expect(b.x).toBeGreaterThanOrEqual(figureBox.x - 0.5); // not cut at the left edge
      for (let i = 0; i < boxes.length; i++) {
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i], boxes[j]];
          const overlap = a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
          expect(overlap, `"${a.text}" overlaps "${b.text}"`).toBe(false);
        }
      }
    }

    // The tooltip of a share shows its sample too: fast-1 dependencies passed 4 of 8 decided results.
    const row = categories.find((c) => c.text === "fast-1 · dependencies")!;
    await page.mouse.move(figureBox.x + figureBox.width * 0.7, row.y + row.h / 2);
    await expect(chart.locator(".recharts-tooltip-wrapper")).toContainText("pass : 50.0% (4 of 8)");

    await page.evaluate(() => window.scrollTo(0, 0));
    const nav = page.getByRole("navigation", { name: "Sections" });
    const speed = page.getByRole("heading", { level: 2, name: "Speed and cost" });
    await expect(speed).not.toBeInViewport();
    await nav.getByRole("link", { name: "Speed and cost" }).click();
    await expect(page).toHaveURL(/#stats-speed$/);
    await expect(speed).toBeInViewport();
    // The navigation stays on screen, so the next jump is one click away.
    await expect(nav).toBeInViewport();
    await nav.getByRole("link", { name: "Gates" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Gates" })).toBeInViewport();
    await expect(speed).not.toBeInViewport();
  });

  test("fits a 390 px phone with data on the page: no sideways scroll, wide tables scroll in their own box", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/stats?${MARCH}`);
    await expect(page.getByTestId("stats-summary")).toContainText("Changes20");
    await expect(page.getByTestId("stats-hallucinations-by-model").getByRole("row", { name: /fast-1/ })).toContainText("22.2%");
    const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(scroll).toBeLessThanOrEqual(client);
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

  test("cost follows the per-1k-token prices an admin sets in Settings → Providers", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: authStatePath("admin") });
    const page = await admin.newPage();
    const setInputPrice = async (price: string, shown: string) => {
      await page.goto("/settings/providers");
      const row = page.getByTestId("provider").filter({ hasText: "p-local" });
      await row.getByRole("button", { name: "Edit" }).click();
      const form = page.getByRole("form", { name: "Save provider" });
      await form.getByLabel("Price per 1k input tokens").fill(price);
      await form.getByRole("button", { name: "Save provider" }).click();
      await expect(page.getByTestId("provider").filter({ hasText: "p-local" })).toContainText(shown);
    };
    const localCost = () => page.getByTestId("stats-cost").getByRole("row", { name: /local-1/ });
    try {
      await page.goto(`/stats?${MARCH}`);
      // C9 + C13 on p-local: 850 prompt tokens × 0.1 + 420 completion tokens × 0.2, per 1k.
      await expect(localCost()).toContainText("0.1690");
      await setInputPrice("1", "1 · 0.2");
      await page.goto(`/stats?${MARCH}`);
      await expect(localCost()).toContainText("0.9340"); // (850 × 1 + 420 × 0.2) / 1000
    } finally {
      await setInputPrice("0.1", "0.1 · 0.2");
      await admin.close();
    }
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
