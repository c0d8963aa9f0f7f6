/**
 * Issue 13, what a first-time reviewer saw, checked on what the page shows in real Chromium: every
 * finding labelled on its line in Monaco and no page error while hovering them, the label never cut at
 * the editor's edge, a favicon, why a test failed (its assertion message) on the tests gate card, the
 * queue's approvable/blocked sections with visible reasons and text gate marks, and phone width (390 px):
 * queue cards, the inline diff, nothing scrolling sideways. Screenshots go to $SCREENS_DIR.
 */
import fs from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";
import { authStatePath, ROOT } from "./env";
import { apiAs } from "./helpers";
import { expect, findingLabels, runReviewFixture, test, type ChangeFixture as Fx } from "./review-helpers";

/** Uncaught page errors and console errors, collected from now on. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console: ${m.text()}`);
  });
  return errors;
}

test.describe("as a reviewer", () => {
  test.use({ storageState: authStatePath("reviewer") });

  test("every finding has a visible label on its line, labels stay inside the editor, hovering them raises no page error", async ({ page }) => {
    const errors = collectErrors(page);
    const fx = runReviewFixture<Fx>("change", { tag: "labels" });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/jobs/${fx.jobId}`);
    const diff = page.getByTestId("diff-editor");
    await expect(diff).toHaveAttribute("data-diff-ready", "true");
    await expect(page.getByTestId("diff-path")).toHaveText("src/report.ts");

    // The dependency finding is labelled like the complexity one, not only underlined.
    await expect.poll(() => findingLabels(diff, "dependencies")).toBe("◀ suspicious package: lodahs");
    await expect.poll(() => findingLabels(diff, "complexity")).toBe("◀ cyclomatic 1→6, cognitive 0→7");
    await expect(diff.locator(".gh-badge-dependencies").first()).toBeVisible();
    await diff.locator(".gh-finding-dependencies").hover();
    await expect(page.locator(".monaco-hover").filter({ hasText: "lodahs looks like a typo" }).first()).toBeVisible();
    // The TypeScript worker answers the hover on the function with its signature (it used to throw
    // "Could not find source file" for the model's URI and leave "Loading…").
    await page.mouse.move(5, 5);
    await diff.locator(".gh-finding-complexity").hover();
    await expect(page.locator(".monaco-hover").filter({ hasText: "summarize became more complex" }).first()).toBeVisible();
    await expect(page.locator(".monaco-hover").filter({ hasText: "function summarize(values: number[], currency?: string): string" }).first()).toBeVisible({
      timeout: 30_000,
    });

    // The error-contract label on a long line ends inside the editor (it wraps with the line).
    await page.getByTestId("file-list").getByText("money.ts").click();
    await expect(page.getByTestId("diff-path")).toHaveText("src/money.ts");
    await expect(diff).toHaveAttribute("data-diff-ready", "true");
    const label = diff.locator(".gh-badge-error-contract");
    await expect.poll(() => findingLabels(diff, "error-contract")).toBe("◀ error message changed in parseAmount: 2 consumers");
    const box = await diff.boundingBox();
    const modified = await diff.locator(".editor.modified").boundingBox();
    const labelBoxes = await label.evaluateAll((els) => els.flatMap((el) => [...el.getClientRects()].map((r) => ({ left: r.left, right: r.right }))));
    expect(box && modified).toBeTruthy();
    expect(labelBoxes.length).toBeGreaterThan(0);
    for (const r of labelBoxes) expect(r.right).toBeLessThanOrEqual(Math.min(box!.x + box!.width, modified!.x + modified!.width));
    await diff.locator(".gh-finding-error-contract").first().hover();
    await expect(page.locator(".monaco-hover").filter({ hasText: "Amount must be a positive number" }).first()).toBeVisible();
    await page.waitForTimeout(600);

    expect(errors, "page errors while hovering findings").toEqual([]);
  });

  test("the tests gate card shows each newly failing test's assertion message and where it failed", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "failing-test", gates: "tests-fail" });
    await page.goto(`/jobs/${fx.jobId}`);
    const card = page.getByTestId("gate-tests");
    const finding = card.getByTestId("test-finding");
    await expect(finding).toHaveCount(1);
    await expect(finding).toContainText("newly failing");
    await expect(finding).toContainText("summarize > formats thousands");
    await expect(finding.getByTestId("test-location")).toHaveText("test/report.test.ts:12");
    await expect(finding.getByTestId("test-message")).toHaveText(
      "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n'1.5k EUR' !== '1.5 k EUR'",
    );
    await expect(finding.getByTestId("test-message")).toBeVisible();
  });
});

test("the favicon is served", async ({ request }) => {
  const res = await request.get("/favicon.ico");
  expect(res.status()).toBe(200);
  expect(res.headers()["content-type"]).toMatch(/image\//);
  expect((await res.body()).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0]));
});

/** Screenshots for people to look at: $SCREENS_DIR, else test-results/screens. */
const SCREENS = process.env.SCREENS_DIR || path.join(ROOT, "test-results", "screens");
fs.mkdirSync(SCREENS, { recursive: true });

/** The page does not scroll sideways: nothing is wider than the viewport. */
async function expectNoSideScroll(page: Page, what: string) {
  const [scrollWidth, clientWidth, widest] = await page.evaluate(() => {
    const cw = document.documentElement.clientWidth;
    // For the message: the widest element that sticks out, if any.
    let worst = "";
    let max = cw;
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.right > max + 0.5) {
        max = r.right;
        worst = `${el.tagName.toLowerCase()}.${String((el as HTMLElement).className).split(" ").join(".")} right=${Math.round(r.right)}`;
      }
    }
    return [document.documentElement.scrollWidth, cw, worst];
  });
  expect(scrollWidth, `${what} scrolls sideways at ${clientWidth}px (${widest})`).toBeLessThanOrEqual(clientWidth);
}

test.describe("a running job", () => {
  test.use({ storageState: authStatePath("reviewer") });

  test("its header and gate cards agree, and after a reroute the previous revision's results say so", async ({ page }) => {
    test.setTimeout(150_000); // five fixture steps through tsx on a shared machine
    const fx = runReviewFixture<Fx>("change", { tag: `running-${Date.now()}` });
    const api = await apiAs("reviewer");
    const res = await api.post(`/api/jobs/${fx.jobId}/reroute`, {
      data: { changeId: fx.changeId, version: fx.version, tier: "accurate", note: "Use lodash, not lodahs." },
    });
    expect(res.status()).toBe(200);
    await api.dispose();
    runReviewFixture("running", { jobId: fx.jobId, stage: "calling the model" });

    await page.goto(`/jobs/${fx.jobId}`);
    await expect(page.getByTestId("job-status")).toHaveText("generating");
    await expect(page.getByTestId("job-stage")).toHaveText("calling the model");
    await expect(page.getByTestId("header-revision")).toHaveText("revision 2 in progress · showing revision 1 (fast/demo-fast)");
    await expect(page.getByTestId("gates-previous-note")).toHaveText(
      "These are the results of revision 1, the previous revision: revision 2 is being generated.",
    );
    for (const g of ["tests", "dependencies", "complexity", "error-contract", "static-analysis"]) {
      await expect(page.getByTestId(`gate-${g}`).getByTestId("gate-revision")).toHaveText("revision 1 (previous)");
    }
    await expect(page.getByTestId("gate-dependencies")).toContainText("lodahs looks like a typo");

    // Revision 2 is written and its gates run: the page follows, the cards show what the header says.
    runReviewFixture("gating", { jobId: fx.jobId, stage: "gates: 2/5 done (dependencies warn, error-contract pass)" });
    await expect(page.getByTestId("job-status")).toHaveText("gating", { timeout: 20_000 });
    await expect(page.getByTestId("header-revision")).toHaveText("revision 2 · accurate/demo-accurate", { timeout: 20_000 });
    await expect(page.getByTestId("job-stage")).toHaveText("gates: 2/5 done (dependencies warn, error-contract pass)");
    await expect(page.getByTestId("gates-previous-note")).toHaveCount(0);
    await expect(page.getByTestId("gates-running-note")).toHaveText("Gates are running on revision 2: 2 of 5 finished.");
    await expect(page.getByTestId("gate-dependencies")).toHaveAttribute("data-status", "warn");
    await expect(page.getByTestId("gate-dependencies").getByTestId("gate-progress")).toHaveText(
      "Finished: warn. Details appear when every gate has finished.",
    );
    await expect(page.getByTestId("gate-error-contract")).toHaveAttribute("data-status", "pass");
    await expect(page.getByTestId("gate-tests")).toHaveAttribute("data-status", "running");
    await expect(page.getByTestId("gate-tests").getByTestId("gate-progress")).toHaveText("Running…");
    // The revision list agrees: revision 2 exists and nothing newer is pending.
    await expect(page.getByTestId("revision-pending")).toHaveCount(0);
    await expect(page.getByTestId("revision-2")).toContainText("accurate/demo-accurate");
    // Revision 1's findings are not shown as revision 2's.
    await expect(page.getByTestId("gate-dependencies")).not.toContainText("lodahs");

    // Progress moves without a new version: header and cards still agree.
    runReviewFixture("stage", { jobId: fx.jobId, stage: "gates: 3/5 done (dependencies warn, error-contract pass, tests pass)" });
    await expect(page.getByTestId("job-stage")).toHaveText("gates: 3/5 done (dependencies warn, error-contract pass, tests pass)");
    await expect(page.getByTestId("gate-tests")).toHaveAttribute("data-status", "pass");
    await expect(page.getByTestId("gates-running-note")).toHaveText("Gates are running on revision 2: 3 of 5 finished.");
    await page.screenshot({ path: path.join(SCREENS, "job-running-1440.png"), fullPage: true });
  });
});

test.describe("the queue", () => {
  test.use({ storageState: authStatePath("reviewer") });

  test("separates what can be approved from what the policy blocks, with the reason and text gate marks, and no 'gates:' sentence", async ({ page }) => {
    const tag = `sections-${Date.now()}`;
    const ok = runReviewFixture<Fx>("change", { tag: `${tag}-ok`, title: `${tag} approvable` });
    const blocked = runReviewFixture<Fx>("change", { tag: `${tag}-blocked`, gates: "blocked", title: `${tag} blocked` });
    // What the worker leaves as the stage of a job it finished gating.
    runReviewFixture("stage", { jobId: blocked.jobId, stage: "gates: tests pass, dependencies fail, complexity fail, error-contract warn" });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`/?q=${encodeURIComponent(tag)}`);
    const sections = page.getByTestId("queue-section");
    await expect(sections).toHaveText(["Awaiting review — can be approved", "Awaiting review — blocked by policy"]);
    const rows = page.getByTestId("queue-row");
    await expect(rows).toHaveCount(2);
    await expect(rows.nth(0)).toHaveAttribute("data-job-id", ok.jobId);
    await expect(rows.nth(1)).toHaveAttribute("data-job-id", blocked.jobId);

    const okRow = rows.nth(0);
    await expect(okRow.getByTestId("policy-badge")).toHaveText("✓ can be approved");
    await expect(okRow.getByTestId("row-reason")).toHaveCount(0);
    const blockedRow = rows.nth(1);
    await expect(blockedRow.getByTestId("policy-badge")).toHaveText("✗ blocked by policy");
    // The reason is on the page, not in a tooltip.
    await expect(blockedRow.getByTestId("row-reason")).toHaveText("dependencies gate failed: 1 package does not exist: lodahs (+1 more)");
    await expect(blockedRow.getByTestId("row-reason")).toBeVisible();
    // Gate marks say their result in text, not by colour alone.
    await expect(blockedRow.locator('[data-gate="tests"]')).toHaveText("T✓");
    await expect(blockedRow.locator('[data-gate="dependencies"]')).toHaveText("D✗");
    await expect(blockedRow.locator('[data-gate="error-contract"]')).toHaveText("E!");
    await expect(blockedRow.locator('[data-gate="static-analysis"]')).toHaveText("S–");
    await expect(blockedRow.locator('[data-gate="dependencies"]')).toHaveAttribute("aria-label", "dependencies: fail");
    // A finished job's last stage is not shown as if it were progress (or a link).
    await expect(blockedRow).not.toContainText("gates:");
    await expect(blockedRow.getByTestId("row-stage")).toHaveCount(0);
    await expectNoSideScroll(page, "the queue");
    await page.screenshot({ path: path.join(SCREENS, "queue-1440.png"), fullPage: true });

    // Phone width: the rows are cards, the same text is there, and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.locator(".queue-table thead")).toBeHidden();
    await expect(rows.nth(1)).toHaveCSS("display", "grid");
    const card = await rows.nth(1).boundingBox();
    expect(card!.width).toBeLessThanOrEqual(390);
    await expect(blockedRow.getByTestId("row-reason")).toBeVisible();
    await expect(sections.nth(1)).toBeVisible();
    await expectNoSideScroll(page, "the queue");
    await page.screenshot({ path: path.join(SCREENS, "queue-390.png"), fullPage: true });
    // The unfiltered queue with the demo jobs too.
    await page.goto("/");
    await expect(rows.first()).toBeVisible();
    await expectNoSideScroll(page, "the unfiltered queue");
  });
});

test.describe("at phone width", () => {
  test.use({ storageState: authStatePath("reviewer"), viewport: { width: 390, height: 844 } });

  test("the change page shows the inline diff and nothing scrolls sideways", async ({ page }) => {
    const errors = collectErrors(page);
    const fx = runReviewFixture<Fx>("change", { tag: `phone-${Date.now()}`, gates: "tests-fail" });
    await page.goto(`/jobs/${fx.jobId}`);
    const diff = page.getByTestId("diff-editor");
    await expect(diff).toHaveAttribute("data-diff-ready", "true");
    await expect(page.getByRole("button", { name: "Inline" })).toHaveAttribute("aria-pressed", "true");
    // Inline: one column of code; the original side keeps only a line-number gutter (side by side it is half).
    const whole = await diff.boundingBox();
    const original = await diff.locator(".editor.original").boundingBox();
    expect(original?.width ?? 0).toBeLessThan(whole!.width * 0.2);
    await expect.poll(() => findingLabels(diff, "dependencies")).toBe("◀ suspicious package: lodahs");
    await expect(page.getByTestId("gate-tests").getByTestId("test-message")).toContainText("'1.5k EUR' !== '1.5 k EUR'");
    await expectNoSideScroll(page, "the change page");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENS, "job-390.png"), fullPage: true });
    await diff.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS, "job-390-diff.png") });
    for (const tab of ["Revisions", "Context pack", "Timeline", "Job"]) {
      await page.getByRole("tab", { name: tab }).click();
      await expectNoSideScroll(page, `the change page's ${tab} tab`);
    }
    await page.setViewportSize({ width: 1440, height: 900 });
    await expect(page.getByRole("button", { name: "Side by side" })).toHaveAttribute("aria-pressed", "true");
    await page.getByRole("tab", { name: "Revisions" }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(SCREENS, "job-1440.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});

test.describe("every page at phone width", () => {
  test.use({ storageState: authStatePath("admin"), viewport: { width: 390, height: 844 } });

  test("no page scrolls sideways at 390 px", async ({ page }) => {
    const pages = ["/", "/jobs/new", "/stats", "/settings/repositories", "/settings/providers", "/settings/policy", "/settings/users", "/settings/tokens"];
    const wide: string[] = [];
    for (const url of pages) {
      await page.goto(url);
      await expect(page.locator("main h1").first()).toBeVisible();
      const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
      if (sw > cw) wide.push(`${url}: ${sw} > ${cw}`);
    }
    expect(wide, "pages wider than the screen").toEqual([]);
  });
});
