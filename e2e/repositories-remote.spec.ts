/**
 * Settings → Repositories with a real git server (git daemon on 127.0.0.1, started here): Test connection
 * lists the server's branches or says why not, and a repository added by clone URL is listed with it.
 */
import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { createServerRepo, serverBaseDir, startGitDaemon, type GitServer } from "../lib/testing/git-servers";
import { authStatePath } from "./env";
import { apiAs } from "./helpers";

let base: string;
let daemon: GitServer;

test.describe("repositories on a git server", () => {
  test.use({ storageState: authStatePath("lead") });

  test.beforeAll(async () => {
    base = serverBaseDir();
    createServerRepo(base, "remote-ui", { "README.md": "# remote\n" });
    daemon = await startGitDaemon(base);
  });
  test.afterAll(async () => {
    const admin = await apiAs("admin");
    const repos = ((await (await admin.get("/api/settings/repositories")).json()) as { repositories: { id: string; name: string }[] }).repositories;
    for (const r of repos.filter((x) => x.name === "remote-ui")) await admin.delete(`/api/settings/repositories/${r.id}`);
    await admin.dispose();
    await daemon?.stop();
    fs.rmSync(base, { recursive: true, force: true });
  });

  test("Test connection lists branches or says why not; the repository is added by its clone URL", async ({ page }) => {
    await page.goto("/settings/repositories");
    await page.getByRole("button", { name: "Add repository" }).click();
    const form = page.getByRole("form", { name: "Add repository" });
    await form.getByLabel("Name", { exact: true }).fill("remote-ui");

    await form.getByLabel("Clone URL or local path").fill(daemon.urlOf("missing"));
    await form.getByRole("button", { name: "Test connection" }).click();
    await expect(form.getByTestId("connection-result")).toContainText("Not a git repository");

    await form.getByLabel("Clone URL or local path").fill("https://me:hunter2-secret@127.0.0.1/x.git");
    await form.getByRole("button", { name: "Test connection" }).click();
    await expect(form.getByTestId("connection-result")).toContainText("Remove the credentials from the URL");
    await expect(form.getByTestId("connection-result")).not.toContainText("hunter2-secret");

    await form.getByLabel("Clone URL or local path").fill(daemon.urlOf("remote-ui"));
    await form.getByRole("button", { name: "Test connection" }).click();
    await expect(form.getByTestId("connection-result")).toHaveText("Connected: 1 branch (main)");

    await form.getByRole("button", { name: "Add repository" }).click();
    const card = page.getByTestId("repository").filter({ hasText: "remote-ui" });
    await expect(card).toContainText(daemon.urlOf("remote-ui"));
    await expect(card).toContainText("pushes to the default branch");
  });
});
