/**
 * What a first-time reviewer hit (issue 13, "bugs and confusions"), checked on what the page shows in
 * real Chromium: reroute instructions reaching the next revision, identical revisions flagged, the
 * reroute banner's lifetime, the context pack's content.
 */
import { authStatePath } from "./env";
import { expect, runReviewFixture, test, type ChangeFixture } from "./review-helpers";

type Fx = ChangeFixture;

test.describe("as a reviewer", () => {
  test.use({ storageState: authStatePath("reviewer") });

  test("a reroute note becomes the next revision's instructions; same tier and model are warned; an identical revision says so", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "instructions" });
    await page.goto(`/jobs/${fx.jobId}`);
    await page.getByRole("button", { name: "Reroute", exact: true }).click();
    const tier = page.getByLabel("Tier", { exact: true });
    const warning = page.getByTestId("reroute-same-model");
    await tier.selectOption("accurate");
    await expect(warning).toBeHidden();
    await tier.selectOption("fast");
    await expect(warning).toContainText("Revision 1 came from fast/demo-fast");
    await expect(warning).toContainText("replays the same recording");
    await page.getByLabel("Note for the next attempt").fill("Do not add a dependency");
    await page.getByRole("button", { name: "Reroute to fast" }).click();
    await expect(page.getByTestId("decision-outcome")).toContainText("Rerouted to fast; the job is queued for a new revision.");
    await expect(page.getByTestId("revision-pending")).toContainText("Do not add a dependency");

    // The worker's stand-in produces the same diff again; the page follows the job back into review.
    runReviewFixture("revision", { jobId: fx.jobId });
    await expect(page.getByTestId("job-status")).toHaveText("awaiting review", { timeout: 20_000 });
    await expect(page.getByTestId("decision-outcome")).toBeHidden();
    await expect(page.getByTestId("no-change-alert")).toContainText(
      "No change from revision 1: revision 2 has exactly the same diff, although it was asked: “Do not add a dependency”.",
    );
    const second = page.getByTestId("revision-2");
    await expect(second.getByTestId("no-change-badge")).toHaveText("no change from revision 1");
    const asked = page.getByTestId("revision-2-instructions");
    await expect(asked).toContainText("Generated from revision 1's review");
    await expect(asked).toContainText("Note: Do not add a dependency");
    await expect(page.getByTestId("revision-1")).not.toContainText("Generated from");
  });
});
