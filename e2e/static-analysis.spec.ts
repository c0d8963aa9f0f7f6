/**
 * The static-analysis gate's real result (tsc run in the sandbox on base and change by e2e/static-fixtures.ts)
 * as a reviewer sees it: the problem drawn on its line in Monaco with tool and rule, the gate card with the
 * invented member and per-tool counts, the file list mark and the queue's gate mark.
 */
import { execFileSync } from "node:child_process";
import path from "node:path";
import { E2E_DB_URL, ROOT, authStatePath } from "./env";
import { expect, findingLabels, test } from "./review-helpers";

function staticFixture(tag: string): { jobId: string; title: string } {
  const out = execFileSync("npx", ["tsx", path.join(ROOT, "e2e/static-fixtures.ts"), JSON.stringify({ tag })], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: E2E_DB_URL, CHECKPOINT_DISABLE: "1" },
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "");
}

test.use({ storageState: authStatePath("reviewer") });

test("shows a type checker's new problem on its line, in the gate card, the file list and the queue", async ({ page }) => {
  test.setTimeout(180_000);
  const fx = staticFixture(`sa${Date.now()}`);

  await page.goto(`/jobs/${fx.jobId}`);
  const card = page.getByTestId("gate-static-analysis");
  await expect(card).toContainText("Static analysis");
  await expect(card).toContainText("1 new problem (1 error; tsc 1)");
  await expect(card).toContainText("1 at base");
  await expect(card.getByRole("button", { name: /src\/app\.ts:5 tsc TS2339 \(invented member\)/ })).toBeVisible();
  await expect(card).toContainText("Property 'email' does not exist on type 'User'");
  await expect(card.getByTestId("static-tools")).toContainText("1 invented member");
  await expect(card.getByTestId("static-tools").locator('[data-tool="tsc"]')).toContainText("1 new, 0 fixed, 1 at base");

  const diff = page.getByTestId("diff-editor");
  await expect(diff).toHaveAttribute("data-diff-ready", "true");
  await expect(page.getByTestId("diff-path")).toHaveText("src/app.ts");
  await expect(diff.locator(".gh-finding-static-analysis")).toHaveText("email");
  await expect.poll(() => findingLabels(diff, "static-analysis")).toBe("◀ tsc TS2339");
  await diff.locator(".gh-finding-static-analysis").hover();
  await expect(page.locator(".monaco-hover").filter({ hasText: "tsc TS2339" }).first()).toBeVisible();
  await expect(page.getByTestId("file-list").locator('[data-path="src/app.ts"] [data-gate="static-analysis"]')).toHaveText("sa 1");

  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search" }).fill(fx.title);
  const mark = page.getByTestId("queue-row").filter({ hasText: fx.title }).locator('[data-gate="static-analysis"]');
  await expect(mark).toHaveAttribute("data-status", "fail");
  await expect(mark).toHaveText("S✗"); // letter and icon, not colour alone
  await expect(mark).toHaveAttribute("aria-label", "static-analysis: fail");
  await expect(mark).toHaveAttribute("title", /static-analysis: fail — 1 new problem/);
});
