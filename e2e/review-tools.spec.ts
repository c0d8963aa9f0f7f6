/**
 * The reviewer tools in real Chromium against the production build: the summary at the top, the folder
 * tree with gate marks and viewed ticks (reset when a new revision changes the file), line comments on
 * either side of the Monaco diff with replies and resolve, the comments API and its role rules,
 * Re-run gates, the a/r/x keys with their confirm step, and required approvals (two reviewers, a lead
 * for lead-approval paths). Screenshots at 1440 and 390 px land in test-results/screens.
 */
import path from "node:path";
import type { Page } from "@playwright/test";
import { ROOT, authStatePath } from "./env";
import { apiAs } from "./helpers";
import { expect, git, runReviewFixture, test, type ChangeFixture } from "./review-helpers";

type Fx = ChangeFixture;

const SCREENS = path.join(ROOT, "test-results", "screens");

/** Uncaught errors in the page fail the test (Monaco hover errors, React crashes). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return errors;
}

async function openChange(page: Page, jobId: string) {
  await page.goto(`/jobs/${jobId}`);
  await expect(page.getByTestId("diff-editor")).toHaveAttribute("data-diff-ready", "true", { timeout: 30_000 });
}

/** The line number `n` in the gutter of one side of the diff. */
function lineNumber(page: Page, side: "original" | "modified", n: number) {
  return page
    .getByTestId("diff-editor")
    .locator(`.editor.${side} .margin-view-overlays .line-numbers`)
    .filter({ hasText: new RegExp(`^${n}$`) });
}

async function setApprovalPolicy(requiredApprovals: number, leadApprovalPaths: string[]) {
  const lead = await apiAs("lead");
  const current = (await (await lead.get("/api/settings/policy")).json()) as { policy: Record<string, unknown> };
  const { updatedAt: _a, updatedById: _b, sandboxEnv: _e, ...policy } = current.policy;
  const res = await lead.put("/api/settings/policy", { data: { ...policy, requiredApprovals, leadApprovalPaths } });
  expect(res.status(), await res.text()).toBe(200);
  await lead.dispose();
}

test.describe("reviewer tools", () => {
  test.use({ storageState: authStatePath("reviewer") });

  test("summary, folder tree and line comments on both sides with reply and resolve", async ({ page }) => {
    const errors = watchErrors(page);
    const fx = runReviewFixture<Fx>("change", { tag: "comments" });
    await page.setViewportSize({ width: 1440, height: 1000 });
    await openChange(page, fx.jobId);

    const summary = page.getByTestId("change-summary");
    await expect(summary.getByTestId("summary-instruction")).toHaveText(/Format the report's amounts with the currency/);
    await expect(summary.getByTestId("summary-files")).toContainText("2 files (2 modified)");
    await expect(summary.getByTestId("summary-functions")).toContainText("changed summarize");
    await expect(summary.getByTestId("summary-functions")).toContainText("changed parseAmount");
    await expect(summary.getByTestId("summary-gates")).toContainText(
      "1 of 4 gates pass, 3 warn (dependencies, complexity, error-contract), 1 skipped (static-analysis)",
    );

    const tree = page.getByTestId("file-list");
    await expect(tree.locator('[data-folder="src"]')).toHaveText("▾ src/");
    await expect(tree.locator('[data-path="src/report.ts"] [data-gate="complexity"]')).toHaveText("cx 1");
    await tree.locator('[data-folder="src"]').click();
    await expect(tree.locator('[data-path="src/report.ts"]')).toBeHidden();
    await tree.locator('[data-folder="src"]').click();
    await expect(tree.locator('[data-path="src/report.ts"]')).toBeVisible();

    // A new thread on line 3 of the new side.
    await lineNumber(page, "modified", 3).click();
    const composer = page.getByTestId("comment-composer");
    await expect(composer).toBeVisible();
    await composer.getByRole("textbox").fill("Use a lookup table instead of the if/else chain.");
    await composer.getByRole("button", { name: "Add comment" }).click();
    const thread = page.getByTestId("diff-editor").locator('[data-testid="comment-thread"][data-side="after"][data-line="3"]');
    await expect(thread).toContainText("Use a lookup table instead of the if/else chain.");
    await expect(thread).toContainText("Riley Reviewer");
    await expect(thread.getByTestId("thread-status")).toHaveText("Open");

    // Typing in the comment box must not trigger the page's single-key shortcuts.
    await thread.getByRole("button", { name: "Reply" }).click();
    const reply = thread.getByTestId("reply-form");
    await reply.getByRole("textbox").pressSequentially("jaxr and keep the zero case");
    await expect(page.getByTestId("diff-path")).toHaveText("src/report.ts");
    await expect(page.getByTestId("confirm-approve")).toHaveCount(0);
    await reply.getByRole("button", { name: "Reply" }).click();
    await expect(thread.getByTestId("comment")).toHaveCount(2);
    await expect(thread).toContainText("jaxr and keep the zero case");

    // A thread on the old side (line 2 of the file before the change).
    await lineNumber(page, "original", 2).click();
    await page.getByTestId("comment-composer").getByRole("textbox").fill("The old join was fine for an empty list.");
    await page.getByTestId("comment-composer").getByRole("button", { name: "Add comment" }).click();
    const old = page.getByTestId("diff-editor").locator('[data-testid="comment-thread"][data-side="before"][data-line="2"]');
    await expect(old).toContainText("The old join was fine");
    await expect(tree.locator('[data-path="src/report.ts"] [data-testid="file-comment-count"]')).toHaveText("✎ 2");
    await expect(page.getByTestId("comments-count")).toHaveText(/2 open of 2 threads on this revision/);

    await page.screenshot({ path: path.join(SCREENS, "change-comments-1440.png"), fullPage: true });

    await old.getByRole("button", { name: "Resolve" }).click();
    await expect(old.getByTestId("thread-status")).toHaveText("✓ Resolved by Riley Reviewer");
    await expect(page.getByTestId("comments-count")).toHaveText(/1 open of 2 threads/);

    // The threads survive a reload, and j/k still walk the files in tree order.
    await page.reload();
    await expect(page.getByTestId("diff-editor")).toHaveAttribute("data-diff-ready", "true");
    await expect(page.getByTestId("diff-editor").locator('[data-testid="comment-thread"][data-line="3"]')).toContainText("lookup table");
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    await expect(page.getByTestId("diff-path")).toHaveText("src/money.ts");
    await expect(page.getByTestId("diff-editor").locator('[data-testid="comment-thread"]')).toHaveCount(0);

    // 390 px: inline diff; the old-side thread is listed below the diff, and nothing scrolls sideways.
    await page.setViewportSize({ width: 390, height: 900 });
    await page.getByRole("button", { name: "Inline" }).click();
    await page.keyboard.press("k");
    await expect(page.getByTestId("diff-path")).toHaveText("src/report.ts");
    await expect(page.getByTestId("diff-editor").locator('[data-testid="comment-thread"][data-line="3"]')).toContainText("lookup table");
    const oldSide = page.getByTestId("old-side-threads");
    await expect(oldSide).toContainText("src/report.ts:2 (old side, revision 1)✓ Resolved by Riley Reviewer");
    await oldSide.getByRole("button", { name: "▸ 1 comment" }).click(); // resolved threads start folded
    await expect(oldSide).toContainText("The old join was fine");
    // The reviewer tools fit the phone width (the gate cards' phone layout is issue 13 item 8's).
    for (const id of ["change-summary", "file-list", "comments-panel", "old-side-threads", "decision-bar"]) {
      const box = await page.getByTestId(id).boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, `${id} within 390 px`).toBe(true);
    }
    await page.screenshot({ path: path.join(SCREENS, "change-comments-390.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  test("a reroute sends the open threads to the model: revision 2 shows them as its instructions", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "comments-reroute" });
    await openChange(page, fx.jobId);
    await lineNumber(page, "modified", 6).click();
    await page.getByTestId("comment-composer").getByRole("textbox").fill("Use lodash's round, not lodahs.");
    await page.getByTestId("comment-composer").getByRole("button", { name: "Add comment" }).click();
    await expect(page.getByTestId("diff-editor").locator('[data-testid="comment-thread"][data-line="6"]')).toBeVisible();
    await lineNumber(page, "modified", 7).click();
    await page.getByTestId("comment-composer").getByRole("textbox").fill("Fine as it is.");
    await page.getByTestId("comment-composer").getByRole("button", { name: "Add comment" }).click();
    const settled = page.getByTestId("diff-editor").locator('[data-testid="comment-thread"][data-line="7"]');
    await settled.getByRole("button", { name: "Resolve" }).click();
    await expect(settled.getByTestId("thread-status")).toContainText("Resolved");

    await page.getByRole("button", { name: "Reroute", exact: true }).click();
    await expect(page.getByText("with the 1 open line comment thread")).toBeVisible();
    await page.getByLabel("Tier", { exact: true }).selectOption("accurate");
    await page.getByLabel("Note for the next attempt").fill("Fix the import.");
    await page.getByRole("button", { name: "Reroute to accurate" }).click();
    await expect(page.getByTestId("job-status")).toHaveText("queued");
    runReviewFixture("revision", { jobId: fx.jobId });
    await expect(page.getByTestId("job-status")).toHaveText("awaiting review", { timeout: 20_000 });
    const asked = page.getByTestId("summary-revision-instructions");
    await expect(asked).toContainText("Fix the import.");
    await expect(asked).toContainText("src/report.ts:6");
    await expect(asked).toContainText("Use lodash's round, not lodahs.");
    await expect(asked).not.toContainText("Fine as it is.");
    // The old revision's threads are kept, listed under earlier revisions.
    await expect(page.getByTestId("comments-panel")).toContainText("2 threads on earlier revisions");
  });

  test("the comments API: exact shape, 201, role rules for writing and reading for everyone", async () => {
    const fx = runReviewFixture<Fx>("change", { tag: "comments-api" });
    const reviewer = await apiAs("reviewer");
    const created = await reviewer.post(`/api/jobs/${fx.jobId}/comments`, {
      data: { changeId: fx.changeId, file: "src/money.ts", line: 4, body: "Keep the old message: two consumers match it." },
    });
    expect(created.status(), await created.text()).toBe(201);
    const comment = (await created.json()) as Record<string, unknown>;
    expect(comment).toMatchObject({ changeId: fx.changeId, file: "src/money.ts", line: 4, author: "Riley Reviewer", resolved: false });

    const submitter = await apiAs("submitter");
    const listed = (await (await submitter.get(`/api/jobs/${fx.jobId}/comments`)).json()) as { comments: Record<string, unknown>[] };
    expect(listed.comments).toHaveLength(1);
    for (const key of ["id", "changeId", "file", "line", "body", "author", "resolved", "createdAt"]) expect(listed.comments[0]).toHaveProperty(key);
    const denied = await submitter.post(`/api/jobs/${fx.jobId}/comments`, { data: { changeId: fx.changeId, file: "src/money.ts", line: 1, body: "x" } });
    expect(denied.status()).toBe(403);
    const badLine = await reviewer.post(`/api/jobs/${fx.jobId}/comments`, { data: { changeId: fx.changeId, file: "src/money.ts", line: 999, body: "x" } });
    expect(badLine.status()).toBe(400);
    expect(((await badLine.json()) as { issues: { path: string }[] }).issues[0].path).toBe("line");
    const resolved = await reviewer.patch(`/api/jobs/${fx.jobId}/comments/${String(comment.id)}`, { data: { resolved: true } });
    expect(resolved.status()).toBe(200);
    expect(await (await submitter.get(`/api/jobs/${fx.jobId}/comments`)).json()).toMatchObject({ comments: [{ resolved: true }] });
    expect((await (await submitter.get(`/api/jobs/nope/comments`)).status())).toBe(404);
    await reviewer.dispose();
    await submitter.dispose();
  });

  test("viewed ticks count per file and reset for the file a new revision changes", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "viewed" });
    await openChange(page, fx.jobId);
    const count = page.getByTestId("viewed-count");
    await expect(count).toHaveText("0 of 2 files viewed");
    await page.getByLabel("Viewed src/report.ts").check();
    await expect(count).toHaveText("1 of 2 files viewed");
    await page.getByTestId("viewed-toggle").check(); // the toolbar tick, for the open file (src/report.ts is already ticked)
    await page.keyboard.press("j"); // the focused tick does not swallow the shortcut
    await expect(page.getByTestId("diff-path")).toHaveText("src/money.ts");
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/jobs/${fx.jobId}/viewed`) && r.request().method() === "PUT");
    await page.getByTestId("viewed-toggle").check();
    expect((await saved).status()).toBe(200);
    await expect(count).toHaveText("2 of 2 files viewed");
    await page.reload();
    await expect(page.getByTestId("viewed-count")).toHaveText("2 of 2 files viewed");

    const lead = await apiAs("lead");
    const rerouted = await lead.post(`/api/jobs/${fx.jobId}/reroute`, { data: { changeId: fx.changeId, version: fx.version, tier: "accurate", note: "again" } });
    expect(rerouted.status(), await rerouted.text()).toBe(200);
    await lead.dispose();
    runReviewFixture("revision", { jobId: fx.jobId, alter: "1" });
    await openChange(page, fx.jobId);
    await expect(page.getByTestId("viewed-count")).toHaveText("1 of 2 files viewed");
    await expect(page.getByLabel("Viewed src/report.ts")).not.toBeChecked();
    await expect(page.getByLabel("Viewed src/money.ts")).toBeChecked();
  });

  test("Re-run gates queues the same revision for the worker and is on the timeline", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "rerun" });
    await openChange(page, fx.jobId);
    await page.getByTestId("rerun-gates").click();
    await expect(page.getByTestId("job-status")).toHaveText("queued");
    const api = await apiAs("reviewer");
    expect(await (await api.get(`/api/jobs/${fx.jobId}`)).json()).toMatchObject({ status: "queued", latestRevision: 1 });
    await api.dispose();
    await page.getByRole("tab", { name: "Timeline" }).click();
    await expect(page.getByTestId("timeline")).toContainText("gates re-run on revision 1 by Riley Reviewer");
  });

  test("a, r and x open their confirm steps; nothing is decided until confirmed", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "keys" });
    await openChange(page, fx.jobId);
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("x");
    await expect(page.getByLabel("Reason")).toBeVisible();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.keyboard.press("r");
    await expect(page.getByLabel("Note for the next attempt")).toBeVisible();
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.keyboard.press("a");
    const confirm = page.getByTestId("confirm-approve");
    await expect(confirm).toContainText("Approve revision 1 and merge it?");
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expect(confirm).toHaveCount(0);
    expect(git(fx.repoDir, "rev-list", "--count", "main")).toBe("1");
    await page.keyboard.press("?");
    await expect(page.getByTestId("shortcut-help")).toContainText("approve (asks to confirm)");
    await page.keyboard.press("Escape");
    await page.keyboard.press("a");
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("decision-outcome")).toContainText("Approved and merged");
    expect(git(fx.repoDir, "rev-list", "--count", "main")).toBe("2");
  });

  test("two approvals required: the first is recorded and shown, the second merges; a lead path needs a lead", async ({ page, browser }) => {
    try {
      // A lead sets the rule in Settings → Policy.
      const leadSettings = await browser.newContext({ storageState: authStatePath("lead") });
      const settings = await leadSettings.newPage();
      await settings.goto("/settings/policy");
      await settings.getByLabel("Required approvals").fill("2");
      await settings.getByLabel("Paths that need a lead's approval").fill("src/money.ts");
      await settings.getByRole("button", { name: /save/i }).click();
      await expect(settings.getByText("Policy saved.")).toBeVisible();
      await settings.reload();
      await expect(settings.getByLabel("Required approvals")).toHaveValue("2");
      await expect(settings.getByLabel("Paths that need a lead's approval")).toHaveValue("src/money.ts");
      await leadSettings.close();

      const fx = runReviewFixture<Fx>("change", { tag: "approvals" });
      await openChange(page, fx.jobId);
      await page.locator("body").click({ position: { x: 5, y: 5 } });
      await page.keyboard.press("a");
      await expect(page.getByTestId("confirm-approve")).toContainText("it will still need more after yours");
      await page.getByTestId("confirm-approve").getByRole("button", { name: "Approve" }).click();
      await expect(page.getByTestId("decision-outcome")).toContainText("Your approval is recorded; still needed before it merges: 1 more approval; a lead's approval (src/money.ts matches src/money.ts)");
      const status = page.getByTestId("approval-status");
      await expect(status).toContainText("Approvals: 1 of 2 — approved by Riley Reviewer");
      await expect(status.getByTestId("approval-needed")).toContainText("1 more approval; a lead's approval");
      await expect(page.getByTestId("approve-blocked")).toContainText("You approved revision 1");
      expect(git(fx.repoDir, "rev-list", "--count", "main")).toBe("1");

      const leadContext = await browser.newContext({ storageState: authStatePath("lead") });
      const leadPage = await leadContext.newPage();
      await openChange(leadPage, fx.jobId);
      await expect(leadPage.getByTestId("approval-status")).toContainText("approved by Riley Reviewer");
      await leadPage.getByRole("button", { name: "Approve", exact: true }).click();
      await expect(leadPage.getByTestId("decision-outcome")).toContainText("Approved and merged");
      await leadContext.close();
      expect(git(fx.repoDir, "rev-list", "--count", "main")).toBe("2");
      expect(git(fx.repoDir, "log", "-1", "--format=%B", "main")).toContain("Reviewed-by: Lee Lead");
    } finally {
      await setApprovalPolicy(1, []);
    }
  });
});
