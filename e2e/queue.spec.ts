/**
 * The queue and the New job form in real Chromium: filing a job through the form (file autocomplete
 * from the repository's default branch, routing preview and floor, field errors), seeing it queued
 * with its routing reason, the queue's ordering, filters, keyset pages and live stages.
 */
import { authStatePath } from "./env";
import { apiAs } from "./helpers";
import { expect, runReviewFixture, test } from "./review-helpers";

test.use({ storageState: authStatePath("submitter") });

test("a submitter files a job through the form and sees it queued with its routing reason", async ({ page }) => {
  const repo = runReviewFixture<{ repositoryId: string; name: string }>("repo", { tag: "form" });
  await page.goto("/jobs/new");

  // Field errors come back from the server, next to their fields.
  await page.getByRole("button", { name: "Submit job" }).click();
  await expect(page.locator("#repositoryId-error")).toHaveText("Choose a repository");
  await expect(page.locator("#targetPaths-error")).toHaveText("Pick at least one target file");
  await expect(page.locator("#instruction-error")).toHaveText("Describe the change in at least 10 characters");

  await page.getByLabel("Repository").selectOption({ label: `${repo.name} (main)` });
  const files = page.getByRole("combobox", { name: "Target files" });
  await files.fill("mon");
  await expect(page.getByTestId("file-suggestions")).toContainText("src/money.ts");
  await page.getByRole("option", { name: "src/money.ts" }).click();
  await expect(page.getByTestId("target-chips")).toContainText("src/money.ts");
  await page.getByLabel("Task type").selectOption("simple");
  await page.getByLabel("Risk").selectOption("low");
  await expect(page.getByTestId("routing-preview")).toContainText("Routing would pick fast; minimum local");

  // A protected path raises the floor: tiers below it cannot be picked.
  await files.fill("sess");
  await expect(page.getByTestId("file-suggestions").getByRole("option").first()).toHaveText("src/auth/session.ts");
  await files.press("Enter"); // the first suggestion is highlighted
  await expect(page.getByTestId("target-chips")).toContainText("src/auth/session.ts");
  await expect(page.getByTestId("routing-preview")).toContainText("Routing would pick accurate; minimum accurate");
  await expect(page.getByLabel("Tier (optional)").locator('option[value="fast"]')).toBeDisabled();

  const title = `Clearer amount errors ${Date.now()}`;
  await page.getByLabel("Title (optional)").fill(title);
  await page.getByLabel("Instruction").fill("Make parseAmount's error say what a valid amount is, and log session expiry.");
  await page.getByRole("button", { name: "Submit job" }).click();
  await page.waitForURL(/\/jobs\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { name: title })).toBeVisible();
  await expect(page.getByTestId("job-status")).toHaveText("queued");

  await page.goto("/");
  await page.getByRole("searchbox", { name: "Search" }).fill(title);
  const row = page.getByTestId("queue-row").filter({ hasText: title });
  await expect(row).toHaveAttribute("data-status", "queued");
  await expect(row.getByTestId("routing-reason")).toContainText("routed to accurate because **/auth/** is protected (src/auth/session.ts)");
  await expect(row).toContainText(repo.name);
});

test("the server enforces the routing floor with a field error", async () => {
  const repo = runReviewFixture<{ repositoryId: string }>("repo", { tag: "floor" });
  const api = await apiAs("submitter");
  const res = await api.post("/api/jobs", {
    data: { repositoryId: repo.repositoryId, instruction: "Shorten the session lifetime.", targetPaths: ["src/auth/session.ts"], taskType: "simple", risk: "low", requestedTier: "fast" },
  });
  expect(res.status()).toBe(400);
  const body = (await res.json()) as { issues: { path: string; message: string }[] };
  expect(body.issues).toEqual([{ path: "requestedTier", message: expect.stringMatching(/Tier fast is not allowed.*requires accurate/) }]);
  await api.dispose();
});

test("the queue puts jobs awaiting review first, filters them, and shows running stages live", async ({ page }) => {
  const tag = `ord${Date.now()}`;
  const review = runReviewFixture<{ jobId: string; repositoryId: string }>("change", { tag, gates: "blocked", title: `${tag} needs review` });
  const api = await apiAs("submitter");
  const created = await api.post("/api/jobs", {
    data: { repositoryId: review.repositoryId, title: `${tag} running`, instruction: "Add a currency option.", targetPaths: ["src/report.ts"], taskType: "simple", risk: "low" },
  });
  expect(created.status(), await created.text()).toBe(201);
  const running = ((await created.json()) as { job: { id: string } }).job.id;
  runReviewFixture("running", { jobId: running, stage: "calling the model" });
  await api.dispose();

  await page.goto(`/?q=${tag}`);
  const rows = page.getByTestId("queue-row");
  await expect(rows).toHaveCount(2);
  // The older job awaiting review comes before the newer running one.
  await expect(rows.nth(0)).toHaveAttribute("data-job-id", review.jobId);
  await expect(rows.nth(1)).toHaveAttribute("data-job-id", running);
  await expect(rows.nth(0).locator('[data-gate="complexity"]')).toHaveAttribute("data-status", "fail");
  await expect(rows.nth(0).locator('[data-gate="tests"]')).toHaveAttribute("data-status", "pass");
  await expect(rows.nth(1).getByTestId("row-stage")).toHaveText("calling the model");

  // The stage moves on without a reload.
  runReviewFixture("stage", { jobId: running, stage: "parsing the answer" });
  await expect(rows.nth(1).getByTestId("row-stage")).toHaveText("parsing the answer");

  await page.getByLabel("Gate failing").selectOption("complexity");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-job-id", review.jobId);
  await expect(page).toHaveURL(/gate=complexity/);
  await page.getByLabel("Gate failing").selectOption("");
  await page.getByLabel("Status").selectOption("generating");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-job-id", running);
});

test("pages through a long queue with next and previous", async ({ page }) => {
  const tag = `pg${Date.now()}`;
  const repo = runReviewFixture<{ repositoryId: string }>("repo", { tag });
  runReviewFixture("bulk", { tag, count: "55", repositoryId: repo.repositoryId });
  await page.goto(`/?q=${tag}`);
  await expect(page.getByTestId("queue-total")).toContainText("55 jobs");
  const rows = page.getByTestId("queue-row");
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(`${tag} bulk 054`);
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(rows).toHaveCount(5);
  await expect(rows.first()).toContainText(`${tag} bulk 004`);
  await expect(page.getByText("Page 2")).toBeVisible();
  await page.getByRole("button", { name: "← Previous" }).click();
  await expect(rows).toHaveCount(50);
  await expect(rows.first()).toContainText(`${tag} bulk 054`);
});

test("the queue works from the keyboard: / searches, j/k select a row, Enter opens it", async ({ page }) => {
  const tag = `kb${Date.now()}`;
  const repo = runReviewFixture<{ repositoryId: string }>("repo", { tag });
  runReviewFixture("bulk", { tag, count: "3", repositoryId: repo.repositoryId });
  await page.goto("/");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search")).toBeFocused();
  await page.keyboard.type(tag);
  const rows = page.getByTestId("queue-row");
  await expect(rows).toHaveCount(3);
  await page.keyboard.press("Escape"); // leave the search box; letters are shortcuts again
  await page.keyboard.press("j");
  await page.keyboard.press("j");
  await page.keyboard.press("k");
  await page.keyboard.press("j");
  await expect(rows.nth(1)).toHaveAttribute("data-selected", "true");
  await expect(page.locator('[data-selected="true"]')).toHaveCount(1);
  const id = await rows.nth(1).getAttribute("data-job-id");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/jobs/${id}$`));
});
