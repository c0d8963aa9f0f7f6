/**
 * Issue 13, item 9 in real Chromium: New-job field errors go away once the field is changed, Enter in
 * the target-file autocomplete takes the highlighted suggestion, a path that is not a file of the default
 * branch is refused (form and server), every role's Settings link leads somewhere it may go, and the
 * API's one-job answer carries its revisions and gates.
 */
import { authStatePath } from "./env";
import { apiAs, expectStatus } from "./helpers";
import { expect, runReviewFixture, test } from "./review-helpers";

test.describe("New job form", () => {
  test.use({ storageState: authStatePath("submitter") });

  test("field errors clear when their field changes, and the rest stay", async ({ page }) => {
    const repo = runReviewFixture<{ repositoryId: string; name: string }>("repo", { tag: "clear" });
    await page.goto("/jobs/new");
    await page.getByRole("button", { name: "Submit job" }).click();
    await expect(page.locator("#repositoryId-error")).toHaveText("Choose a repository");
    await expect(page.locator("#instruction-error")).toHaveText("Describe the change in at least 10 characters");
    await expect(page.locator("#targetPaths-error")).toHaveText("Pick at least one target file");
    await expect(page.getByText("Please fix the highlighted fields.")).toBeVisible();

    await page.getByLabel("Repository").selectOption({ label: `${repo.name} (main)` });
    await expect(page.locator("#repositoryId-error")).toHaveCount(0);
    await expect(page.locator("#instruction-error")).toBeVisible();

    await page.getByLabel("Instruction").fill("Make the amounts in the report clearer.");
    await expect(page.locator("#instruction-error")).toHaveCount(0);
    // Choosing a repository empties the target files, so their error is out of date too.
    await expect(page.locator("#targetPaths-error")).toHaveCount(0);
    await expect(page.getByText("Please fix the highlighted fields.")).toHaveCount(0);
  });

  test("Enter takes the highlighted suggestion, and a path the branch does not have is refused", async ({ page }) => {
    const repo = runReviewFixture<{ repositoryId: string; name: string }>("repo", { tag: "enter" });
    await page.goto("/jobs/new");
    await page.getByLabel("Repository").selectOption({ label: `${repo.name} (main)` });
    const files = page.getByRole("combobox", { name: "Target files" });
    const chips = page.getByTestId("target-chips");

    await files.fill("mon");
    const first = page.getByTestId("file-suggestions").getByRole("option").first();
    await expect(first).toHaveText("src/money.ts");
    await expect(first).toHaveAttribute("aria-selected", "true"); // highlighted before any arrow key
    await files.press("Enter");
    await expect(chips.locator("code")).toHaveText(["src/money.ts"]); // not the typed "mon"
    await expect(files).toHaveValue("");

    // Down moves the highlight; Enter takes that one.
    await files.fill("src/");
    const options = page.getByTestId("file-suggestions").getByRole("option");
    await expect(options.nth(1)).toBeVisible();
    const second = (await options.nth(1).textContent()) ?? "";
    await files.press("ArrowDown");
    await expect(options.nth(1)).toHaveAttribute("aria-selected", "true");
    await files.press("Enter");
    await expect(chips.locator("code")).toHaveText(["src/money.ts", second]);

    // A typed path no suggestion matches is not added: the field says why.
    await files.fill("src/nowhere-to-be-found.ts");
    await expect(page.getByTestId("file-suggestions")).toHaveCount(0);
    await files.press("Enter");
    await expect(page.locator("#targetPaths-error")).toHaveText(
      "src/nowhere-to-be-found.ts is not a file of the default branch; pick one of the suggestions.",
    );
    await expect(chips.locator("code")).toHaveText(["src/money.ts", second]);
    await files.fill("src/report");
    await expect(page.locator("#targetPaths-error")).toHaveCount(0);
  });

  test("the server refuses a target path that is not a file of the default branch, on that path", async () => {
    const repo = runReviewFixture<{ repositoryId: string }>("repo", { tag: "nofile" });
    const api = await apiAs("submitter");
    const res = await api.post("/api/jobs", {
      data: { repositoryId: repo.repositoryId, instruction: "Rename the helper everywhere.", targetPaths: ["src/money.ts", "src/monye.ts"], taskType: "simple", risk: "low" },
    });
    await expectStatus(res, 400);
    expect(((await res.json()) as { issues: unknown[] }).issues).toEqual([{ path: "targetPaths.1", message: "src/monye.ts is not a file of main" }]);
    await api.dispose();
  });
});

test.describe("Settings link per role", () => {
  for (const role of ["submitter", "reviewer", "lead"] as const) {
    test(`${role}: the Settings link opens a page the role may see`, async ({ browser }) => {
      const context = await browser.newContext({ storageState: authStatePath(role) });
      const page = await context.newPage();
      await page.goto("/");
      await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
      const heading = role === "lead" ? "Repositories" : "API tokens";
      await expect(page.getByRole("heading", { name: heading, exact: true })).toBeVisible();
      await expect(page.getByTestId("forbidden")).toHaveCount(0);
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" })).toHaveAttribute("aria-current", "page");
      await context.close();
    });
  }
});

test("GET /api/jobs/{id} answers the job with its revisions and gates, for any role that reads jobs", async () => {
  const fx = runReviewFixture<{ jobId: string; changeId: string }>("change", { tag: `api${Date.now()}`, gates: "blocked" });
  for (const role of ["submitter", "reviewer"] as const) {
    const api = await apiAs(role);
    const res = await api.get(`/api/jobs/${fx.jobId}`);
    await expectStatus(res, 200);
    const body = (await res.json()) as { status: string; revisions: { id: string; revision: number; gates: { gate: string; status: string }[] }[] };
    expect(body.status).toBe("awaiting_review");
    expect(body.revisions.map((r) => [r.id, r.revision])).toEqual([[fx.changeId, 1]]);
    expect(body.revisions[0].gates.map((g) => g.gate)).toEqual(["tests", "dependencies", "complexity", "error-contract", "static-analysis"]);
    await api.dispose();
  }
  const anonymous = await apiAs("anonymous");
  await expectStatus(await anonymous.get(`/api/jobs/${fx.jobId}`), 401);
  await anonymous.dispose();
});

test("admin: role changes and Disable wait for a confirmation and say Saved; the own row offers nothing that can only fail", async ({ browser }) => {
  const admin = await apiAs("admin");
  const email = `confirm-${Date.now()}@gatehouse.local`;
  await expectStatus(await admin.post("/api/admin/users", { data: { email, name: "Confirm Me", role: "submitter", password: "confirm-me-pass" } }), 201);
  const roleOf = async () => {
    const users = ((await (await admin.get("/api/admin/users")).json()) as { users: { email: string; role: string; disabled: boolean }[] }).users;
    return users.find((u) => u.email === email);
  };

  const context = await browser.newContext({ storageState: authStatePath("admin") });
  const page = await context.newPage();
  await page.goto("/settings/users");
  const row = page.getByTestId("users-table").locator(`tr[data-email="${email}"]`);
  const confirm = row.getByRole("group", { name: `Confirm the change to ${email}` });

  // Choosing a role asks first; nothing is saved until Confirm.
  await row.getByLabel(`Role of ${email}`).selectOption("reviewer");
  await expect(confirm).toContainText(`Change the role of ${email} from submitter to reviewer?`);
  expect((await roleOf())?.role).toBe("submitter");
  await confirm.getByRole("button", { name: "Cancel" }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("submitter");
  expect((await roleOf())?.role).toBe("submitter");

  await row.getByLabel(`Role of ${email}`).selectOption("reviewer");
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(row.getByTestId("user-saved")).toHaveText("Saved");
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("reviewer");
  expect((await roleOf())?.role).toBe("reviewer");

  // Disable asks too, then shows the new state and Saved.
  await row.getByRole("button", { name: "Disable" }).click();
  await expect(confirm).toContainText(`Disable ${email}? They can no longer sign in or use their API tokens.`);
  expect((await roleOf())?.disabled).toBe(false);
  await confirm.getByRole("button", { name: "Confirm" }).click();
  await expect(row.getByTestId("user-saved")).toHaveText("Saved");
  await expect(row).toContainText("disabled");
  await expect(row.getByRole("button", { name: "Enable" })).toBeVisible();
  expect((await roleOf())?.disabled).toBe(true);

  // The admin's own row: no role select, no Disable (the server would refuse both).
  const own = page.getByTestId("users-table").locator('tr[data-email="admin@gatehouse.local"]');
  await expect(own).toContainText("(you)");
  await expect(own.getByRole("combobox")).toHaveCount(0);
  await expect(own.getByRole("button")).toHaveCount(0);
  await expect(own).toContainText("your account");
  await context.close();
  await admin.dispose();
});
