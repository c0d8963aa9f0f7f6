/** Signs in once per role through the real sign-in form and saves the session for the other specs. */
import { test as setup, expect } from "@playwright/test";
import { ROLES } from "../lib/auth/permissions";
import { authStatePath } from "./env";
import { demoUser, signInThroughForm } from "./helpers";

for (const role of ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const u = demoUser(role);
    await signInThroughForm(page, u.email, u.password);
    await expect(page.getByTestId("current-role")).toHaveText(role);
    await page.context().storageState({ path: authStatePath(role) });
  });
}
