/** Each role through the real UI: navigation, refused pages, sign-in errors, throttle, settings forms. */
import { expect, test, type Page } from "@playwright/test";
import type { Role } from "../lib/auth/permissions";
import { E2E_BASE_URL, E2E_REPO_DIR, authStatePath } from "./env";
import { apiAs, demoUser, signInThroughForm } from "./helpers";

const NAV: Record<Role, string[]> = {
  submitter: ["Queue", "New job", "Settings"],
  reviewer: ["Queue", "New job", "Settings"],
  lead: ["Queue", "New job", "Stats", "Settings"],
  admin: ["Queue", "New job", "Stats", "Settings"],
};

/** A page each role may not open (admins may open everything; their check is that they can). */
const REFUSED: Record<Role, string | null> = {
  submitter: "/stats",
  reviewer: "/settings/repositories",
  lead: "/settings/users",
  admin: null,
};

const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" }).getByRole("link");

for (const role of ["submitter", "reviewer", "lead", "admin"] as const) {
  test(`${role}: signs in through the form, sees the right navigation and is refused what the role lacks`, async ({ page }) => {
    const u = demoUser(role);
    await signInThroughForm(page, u.email, u.password);
    await expect(page.getByRole("heading", { name: "Queue" })).toBeVisible();
    await expect(mainNav(page)).toHaveText(NAV[role]);
    await expect(page.getByTestId("current-role")).toHaveText(role);
    await expect(page.getByTestId("current-user")).toContainText(u.name);

    const refused = REFUSED[role];
    if (refused) {
      const res = await page.goto(refused);
      expect(res?.status()).toBe(403);
      await expect(page.getByTestId("forbidden")).toContainText("You don't have access to this page");
    } else {
      const res = await page.goto("/settings/users");
      expect(res?.status()).toBe(200);
      await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
    }

    // Everyone reaches their own API tokens.
    await page.goto("/settings/tokens");
    await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/signin/);
    const after = await page.goto("/stats");
    expect(new URL(page.url()).pathname).toBe("/signin");
    expect(after?.status()).toBe(200);
  });
}

test("signed-out visitors are sent to the sign-in page", async ({ page }) => {
  await page.goto("/settings/policy");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByLabel("Email", { exact: true })).toBeVisible();
  await expect(page.getByLabel("Password", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("a wrong password and an unknown email get the same message", async ({ page }) => {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(demoUser("lead").email);
  await page.getByLabel("Password", { exact: true }).fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signin-error")).toHaveText("Invalid email or password");
  await expect(page).toHaveURL(/\/signin/);

  await page.getByLabel("Email", { exact: true }).fill("nobody-here@gatehouse.local");
  await page.getByLabel("Password", { exact: true }).fill("whatever-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signin-error")).toHaveText("Invalid email or password");

  // The right password still works afterwards (2 failures are below the limit) and clears them.
  await page.getByLabel("Email", { exact: true }).fill(demoUser("lead").email);
  await page.getByLabel("Password", { exact: true }).fill(demoUser("lead").password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
});

test("repeated failures are throttled, even for the right password", async ({ page }) => {
  const admin = await apiAs("admin");
  const email = "throttled@gatehouse.local";
  const created = await admin.post("/api/admin/users", { data: { email, name: "Throttled", role: "submitter", password: "right-password" } });
  expect(created.status()).toBe(201);
  await page.goto("/signin");
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(`wrong-${i}`);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("signin-error")).toHaveText(i < 5 ? "Invalid email or password" : "Too many attempts, try again in 15 minutes");
    await expect(page.getByRole("button", { name: "Sign in" })).toBeEnabled();
  }
  await page.getByLabel("Password", { exact: true }).fill("right-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signin-error")).toHaveText(/^Too many attempts, try again in 1[45] minutes$/);
  await admin.dispose();
});

test("a malformed JSON body gets 400 with a clear message", async () => {
  const lead = await apiAs("lead");
  const res = await lead.fetch("/api/settings/repositories", {
    method: "POST",
    headers: { "content-type": "application/json" },
    // A Buffer is sent byte for byte (a string would be JSON-encoded by Playwright).
    data: Buffer.from('{"name": "x", '),
  });
  expect(res.status()).toBe(400);
  expect(await res.json()).toEqual({ error: "Invalid request body", issues: [{ path: "", message: "Malformed JSON" }] });

  const invalid = await lead.post("/api/settings/policy", { data: {} });
  expect(invalid.status()).toBe(405);
  const bad = await lead.put("/api/settings/policy", { data: { minTestPassRate: 150 } });
  expect(bad.status()).toBe(400);
  const body = (await bad.json()) as { error: string; issues: { path: string; message: string }[] };
  expect(body.error).toBe("Invalid request body");
  expect(body.issues.find((i) => i.path === "minTestPassRate")?.message).toBe("Must be between 0 and 100");
  await lead.dispose();
});

test("a role change takes effect on the next request without signing in again", async ({ browser }) => {
  const admin = await apiAs("admin");
  const email = "promoted@gatehouse.local";
  const created = await admin.post("/api/admin/users", { data: { email, name: "Promo Ted", role: "reviewer", password: "promoted-pass" } });
  const { user } = (await created.json()) as { user: { id: string } };
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughForm(page, email, "promoted-pass");
  await expect(mainNav(page)).toHaveText(NAV.reviewer);
  expect((await page.goto("/stats"))?.status()).toBe(403);

  expect((await admin.patch(`/api/admin/users/${user.id}`, { data: { role: "lead" } })).status()).toBe(200);
  expect((await page.goto("/stats"))?.status()).toBe(200);
  await expect(mainNav(page)).toHaveText(NAV.lead);

  // Disabling the account ends the session at once.
  expect((await admin.patch(`/api/admin/users/${user.id}`, { data: { disabled: true } })).status()).toBe(200);
  await page.goto("/");
  await expect(page).toHaveURL(/\/signin/);
  await context.close();
  await admin.dispose();
});

test.describe("settings forms", () => {
  test.use({ storageState: authStatePath("lead") });

  // Undo what these tests add, so later specs see the seeded settings.
  let policyBefore: unknown;
  test.beforeAll(async () => {
    const admin = await apiAs("admin");
    policyBefore = ((await (await admin.get("/api/settings/policy")).json()) as { policy: unknown }).policy;
    await admin.dispose();
  });
  test.afterAll(async () => {
    const admin = await apiAs("admin");
    const { minTestPassRate, complexityThreshold, requiredGates, protectedPaths, maxReroutes, maxAttempts } = policyBefore as Record<string, unknown>;
    await admin.put("/api/settings/policy", {
      data: { minTestPassRate, complexityThreshold, requiredGates, protectedPaths, maxReroutes, maxAttempts },
    });
    const repos = ((await (await admin.get("/api/settings/repositories")).json()) as { repositories: { id: string; name: string }[] }).repositories;
    for (const r of repos.filter((x) => x.name === "ui-repo")) await admin.delete(`/api/settings/repositories/${r.id}`);
    const providers = ((await (await admin.get("/api/settings/providers")).json()) as { providers: { id: string; name: string }[] }).providers;
    for (const p of providers.filter((x) => x.name === "gpt-e2e")) await admin.delete(`/api/settings/providers/${p.id}`);
    await admin.dispose();
  });

  test("lead adds a repository: git problems show on the field, a valid one is listed", async ({ page }) => {
    await page.goto("/settings/repositories");
    await page.getByRole("button", { name: "Add repository" }).click();
    const form = page.getByRole("form", { name: "Add repository" });
    await form.getByLabel("Name", { exact: true }).fill("ui-repo");
    await form.getByLabel("Clone URL or local path").fill("/definitely/not/here");
    await form.getByRole("button", { name: "Add repository" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "Path does not exist on the server" })).toBeVisible();

    await form.getByLabel("Clone URL or local path").fill(E2E_REPO_DIR);
    await form.getByLabel("Default branch").fill("nope");
    await form.getByRole("button", { name: "Add repository" }).click();
    await expect(form.getByRole("alert").filter({ hasText: 'Branch "nope" does not exist in this repository' })).toBeVisible();

    await form.getByLabel("Default branch").fill("main");
    await form.getByLabel("Test command").fill("npm test");
    await form.getByLabel("npm").check();
    await form.getByRole("button", { name: "Add repository" }).click();
    await expect(page.getByTestId("repository").filter({ hasText: "ui-repo" })).toContainText(E2E_REPO_DIR);
    await page.reload();
    await expect(page.getByTestId("repository").filter({ hasText: "ui-repo" })).toBeVisible();
  });

  test("lead sees providers per tier with key-variable status, and adds one", async ({ page }) => {
    await page.goto("/settings/providers");
    for (const tier of ["fast", "accurate", "local"]) {
      await expect(page.getByRole("region", { name: tier })).toContainText(`recorded-${tier}`);
    }
    const fast = page.getByRole("region", { name: "fast" });
    await fast.getByRole("button", { name: "Add fast provider" }).click();
    const form = fast.getByRole("form", { name: "Add provider" });
    await form.getByLabel("Name", { exact: true }).fill("gpt-e2e");
    await form.getByLabel("Base URL").fill("not a url");
    await form.getByLabel("Model name").fill("small-model");
    await form.getByLabel("API key variable").fill("GATEHOUSE_E2E_SET_KEY");
    await form.getByRole("button", { name: "Add provider" }).click();
    await expect(form.getByRole("alert").filter({ hasText: "Must be an http:// or https:// URL" })).toBeVisible();
    await form.getByLabel("Base URL").fill("http://127.0.0.1:9/v1");
    await form.getByRole("button", { name: "Add provider" }).click();
    const row = fast.getByTestId("provider").filter({ hasText: "gpt-e2e" });
    await expect(row).toContainText("GATEHOUSE_E2E_SET_KEY");
    await expect(row).toContainText("set");
    await expect(row).not.toContainText("not set");
    // Test connection: nothing listens on port 9, and a recorded provider has nothing to connect to.
    await row.getByRole("button", { name: "Test connection" }).click();
    await expect(row.getByTestId("provider-check")).toHaveClass("text-danger");
    await expect(row.getByTestId("provider-check")).toContainText("127.0.0.1:9");
    const recorded = fast.getByTestId("provider").filter({ hasText: "recorded-fast" });
    await recorded.getByRole("button", { name: "Test connection" }).click();
    await expect(recorded.getByTestId("provider-check")).toContainText("nothing to connect to");
    await expect(page.locator("body")).not.toContainText("e2e-not-a-real-key");
  });

  test("lead saves the merge policy", async ({ page }) => {
    await page.goto("/settings/policy");
    await page.getByLabel("Minimum test pass rate (%)").fill("101");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Must be between 0 and 100" })).toBeVisible();
    await page.getByLabel("Minimum test pass rate (%)").fill("90");
    await page.getByLabel("Protected paths").fill("**/auth/**\n**/billing/**");
    await page.getByLabel("Error contract").uncheck();
    await expect(page.getByLabel("Undeclared package in runtime code")).toHaveValue("fail");
    await page.getByLabel("Undeclared package in runtime code").selectOption({ label: "Warns only" });
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByText("Policy saved.")).toBeVisible();
    await page.reload();
    await expect(page.getByLabel("Undeclared package in runtime code")).toHaveValue("warn");
    await expect(page.getByLabel("Minimum test pass rate (%)")).toHaveValue("90");
    await expect(page.getByLabel("Protected paths")).toHaveValue("**/auth/**\n**/billing/**");
    await expect(page.getByLabel("Error contract")).not.toBeChecked();
    await expect(page.getByLabel("Tests", { exact: true })).toBeChecked();
  });

  test("a token is shown once, works as a bearer token and can be revoked", async ({ page, playwright }) => {
    await page.goto("/settings/tokens");
    await page.getByLabel("Token name").fill("ui-token");
    await page.getByRole("button", { name: "Create token" }).click();
    const shown = page.getByTestId("new-token").locator("code");
    await expect(shown).toHaveText(/^gat_/);
    const token = (await shown.textContent())!;
    const api = await playwright.request.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const me = await api.get(`${E2E_BASE_URL}/api/me`);
    expect(((await me.json()) as { user: { role: string } }).user.role).toBe("lead");

    await page.reload();
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    await expect(page.locator("body")).not.toContainText(token);
    const row = page.getByTestId("tokens-table").getByRole("row", { name: /ui-token/ });
    await row.getByRole("button", { name: "Revoke" }).click();
    await expect(row).toContainText("revoked");
    expect((await api.get(`${E2E_BASE_URL}/api/me`)).status()).toBe(401);
    await api.dispose();
  });
});

test("admin creates a user who can then sign in with the given role", async ({ browser }) => {
  const adminContext = await browser.newContext({ storageState: authStatePath("admin") });
  const page = await adminContext.newPage();
  await page.goto("/settings/users");
  await page.getByRole("button", { name: "Create user" }).click();
  const form = page.getByRole("form", { name: "Create user" });
  await form.getByLabel("Email", { exact: true }).fill("new.reviewer@gatehouse.local");
  await form.getByLabel("Name", { exact: true }).fill("New Reviewer");
  await form.getByLabel("Role", { exact: true }).selectOption("reviewer");
  await form.getByLabel("Initial password").fill("short");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "At least 8 characters" })).toBeVisible();
  await form.getByLabel("Initial password").fill("new-reviewer-pass");
  await form.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByTestId("users-table")).toContainText("new.reviewer@gatehouse.local");
  // The admin cannot demote themselves: their own row offers no role change (the server refuses it too).
  await expect(page.getByLabel("Role of admin@gatehouse.local")).toHaveCount(0);
  await adminContext.close();

  const context = await browser.newContext();
  const userPage = await context.newPage();
  await signInThroughForm(userPage, "new.reviewer@gatehouse.local", "new-reviewer-pass");
  await expect(userPage.getByTestId("current-role")).toHaveText("reviewer");
  await context.close();
});
