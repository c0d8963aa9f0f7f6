/**
 * Issue 13, what a first-time reviewer saw, checked on what the page shows in real Chromium: every
 * finding labelled on its line in Monaco and no page error while hovering them, the label never cut at
 * the editor's edge, a favicon, and why a test failed (its assertion message) on the tests gate card.
 */
import type { Page } from "@playwright/test";
import { authStatePath } from "./env";
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
