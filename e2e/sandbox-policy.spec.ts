/** Settings → Policy shows the sandbox limits (defaults from the issue), validates and saves them, at phone width. */
import { expect, test } from "@playwright/test";
import { authStatePath } from "./env";
import { apiAs } from "./helpers";

const DEFAULTS = { memoryMb: 2048, processes: 256, fileSizeMb: 1024, openFiles: 1024, tmpMb: 512 };

test.describe("sandbox limits on the policy page", () => {
  test.use({ storageState: authStatePath("lead"), viewport: { width: 390, height: 844 } });

  test.afterAll(async () => {
    const admin = await apiAs("admin");
    const { policy } = (await (await admin.get("/api/settings/policy")).json()) as { policy: Record<string, unknown> };
    const { minTestPassRate, complexityThreshold, requiredGates, protectedPaths, maxReroutes, maxAttempts } = policy;
    await admin.put("/api/settings/policy", {
      data: { minTestPassRate, complexityThreshold, requiredGates, protectedPaths, maxReroutes, maxAttempts, sandbox: DEFAULTS },
    });
    await admin.dispose();
  });

  test("lead sees the defaults, gets a clear error for a bad value, and saves a new memory limit", async ({ page }) => {
    await page.goto("/settings/policy");
    const section = page.getByRole("group", { name: "Sandbox limits" });
    await expect(section.getByLabel("Memory per run (MiB)")).toHaveValue("2048");
    await expect(section.getByLabel("Processes and threads per run")).toHaveValue("256");
    await expect(section.getByLabel("Largest file written (MiB)")).toHaveValue("1024");
    await expect(section.getByLabel("Open files per process")).toHaveValue("1024");
    await expect(section.getByLabel("Private /tmp size (MiB)")).toHaveValue("512");
    await expect(section).toContainText("no network");

    await section.getByLabel("Memory per run (MiB)").fill("10");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(section.getByText("At least 64")).toBeVisible();

    await section.getByLabel("Memory per run (MiB)").fill("1024");
    await section.getByLabel("Processes and threads per run").fill("128");
    await page.getByRole("button", { name: "Save policy" }).click();
    await expect(page.getByText("Policy saved.")).toBeVisible();
    await page.reload();
    await expect(section.getByLabel("Memory per run (MiB)")).toHaveValue("1024");
    await expect(section.getByLabel("Processes and threads per run")).toHaveValue("128");
    // Nothing overflows the phone-width viewport.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });
});
