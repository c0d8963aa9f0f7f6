/**
 * The review workspace in real Chromium against the production build: Monaco diff (bundled, no CDN)
 * with the gate findings on the lines, the four gate panels, approve → a real merge commit with the
 * trailers, policy block + lead override, reroute, self-approval and stale-decision refusals. Every
 * journey's requests must stay on 127.0.0.1.
 */
import { E2E_BASE_URL, authStatePath } from "./env";
import { apiAs } from "./helpers";
import { expect, findingLabels, git, requestedUrls, runReviewFixture, test, type ChangeFixture } from "./review-helpers";

type Fx = ChangeFixture;

async function jobStatus(jobId: string) {
  const api = await apiAs("reviewer");
  const res = await api.get(`/api/jobs/${jobId}`);
  const body = (await res.json()) as { status: string; version: number; routedTier: string | null; latestRevision: number | null };
  await api.dispose();
  return body;
}

test.describe("as a reviewer", () => {
  test.use({ storageState: authStatePath("reviewer") });

  test("opens a change, sees the diff with findings on the lines and the four gates, approves, and the commit exists with the trailers", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "approve" });
    await page.goto(`/jobs/${fx.jobId}`);
    await expect(page.getByRole("heading", { name: fx.title })).toBeVisible();
    await expect(page.getByTestId("recorded-badge")).toBeVisible();

    for (const g of ["tests", "dependencies", "complexity", "error-contract"]) await expect(page.getByTestId(`gate-${g}`)).toBeVisible();
    await expect(page.getByTestId("gate-dependencies")).toContainText("lodahs looks like a typo of the popular package lodash");
    await expect(page.getByTestId("gate-complexity")).toContainText("cyclomatic 1→6, cognitive 0→7");
    await expect(page.getByTestId("gate-error-contract")).toContainText('"Invalid amount" → "Amount must be a positive number"');

    // The diff is computed by the bundled worker, then the findings are drawn on src/report.ts.
    const diff = page.getByTestId("diff-editor");
    await expect(diff).toHaveAttribute("data-diff-ready", "true");
    await expect(page.getByTestId("diff-path")).toHaveText("src/report.ts");
    await expect(diff.locator(".gh-finding-dependencies")).toHaveText("lodahs");
    await expect(diff.locator(".gh-finding-complexity")).toHaveText("summarize");
    await expect.poll(() => findingLabels(diff, "complexity")).toContain("cyclomatic 1→6, cognitive 0→7");
    await diff.locator(".gh-finding-dependencies").hover();
    await expect(page.locator(".monaco-hover").filter({ hasText: "lodahs looks like a typo" }).first()).toBeVisible();

    const files = page.getByTestId("file-list");
    await expect(files.locator('[data-path="src/report.ts"] [data-gate="dependencies"]')).toHaveText("dep 1");
    await expect(files.locator('[data-path="src/money.ts"] [data-gate="error-contract"]')).toHaveText("err 1");

    // Keyboard: j next file, n/p findings, ? help.
    await page.locator("body").click({ position: { x: 5, y: 5 } });
    await page.keyboard.press("j");
    await expect(page.getByTestId("diff-path")).toHaveText("src/money.ts");
    await expect(diff).toHaveAttribute("data-diff-ready", "true");
    await expect(diff.locator(".gh-finding-error-contract")).toHaveText("Amount must be a positive number");
    await expect.poll(() => findingLabels(diff, "error-contract")).toContain("2 consumers");
    await page.keyboard.press("n");
    await expect(page.getByTestId("finding-position")).toHaveText("finding 1 of 3");
    await expect(page.getByTestId("diff-path")).toHaveText("src/report.ts");
    await page.keyboard.press("p");
    await expect(page.getByTestId("finding-position")).toHaveText("finding 3 of 3");
    await expect(page.getByTestId("diff-path")).toHaveText("src/money.ts");
    await page.keyboard.press("?");
    await expect(page.getByTestId("shortcut-help")).toContainText("next finding");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("shortcut-help")).toBeHidden();

    // Inline layout, then back.
    await page.getByRole("button", { name: "Inline" }).click();
    await expect(page.getByRole("button", { name: "Inline" })).toHaveAttribute("aria-pressed", "true");
    await expect(diff.locator(".gh-finding-error-contract")).toBeVisible();
    await page.getByRole("button", { name: "Side by side" }).click();

    // A consumer of the changed message opens read-only at the base commit, at its line.
    await page.getByTestId("gate-error-contract").getByRole("button", { name: "src/api/handler.ts:7" }).click();
    const viewer = page.getByTestId("consumer-dialog");
    await expect(viewer).toContainText("read-only, at the base commit");
    await expect(viewer.getByTestId("file-viewer")).toContainText('e.message === "Invalid amount"');
    await expect(viewer.locator(".gh-line-focus")).toHaveCount(1);
    await viewer.getByRole("button", { name: "Close" }).click();

    // The tests log: tail first, expandable.
    const tests = page.getByTestId("gate-tests");
    await expect(tests).toContainText("Last 40 of 61 log lines");
    await expect(tests.getByTestId("tests-log")).not.toContainText("ledger test 1\n");
    await tests.getByRole("button", { name: "Show the full log" }).click();
    await expect(tests.getByTestId("tests-log")).toContainText("ledger test 1\n");

    // Context pack and routing.
    await page.getByRole("tab", { name: "Context pack" }).click();
    // The pack as the worker stores it: every file the model saw, why, its score and tokens, readable.
    const pack = page.getByTestId("context-pack");
    await expect(pack).toContainText("3 files, about 170 tokens");
    await expect(pack.getByRole("row", { name: /src\/api\/handler\.ts/ })).toContainText(/imports a target file\s*0\.72\s*70/);
    await expect(pack.getByRole("row", { name: /src\/report\.ts/ })).toContainText("target file");
    await pack.getByRole("button", { name: "src/api/handler.ts" }).click();
    await expect(pack.locator("pre.context-content")).toContainText('import { parseAmount } from "../money";');
    await page.getByRole("tab", { name: "Revisions" }).click();
    await expect(page.getByTestId("revision-history")).toContainText("routed to fast because task type simple goes to fast");

    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await expect(page.getByTestId("decision-outcome")).toContainText("Approved and merged as");
    await expect(page.getByTestId("merged-info")).toBeVisible();
    await expect(page.getByTestId("job-status")).toHaveText("merged");

    const message = git(fx.repoDir, "log", "-1", "--format=%B", "main");
    expect(message).toContain(fx.title);
    expect(message).toContain("Reviewed-by: Riley Reviewer <reviewer@gatehouse.local>");
    expect(message).toContain("Generated-by: fast/demo-fast");
    expect(message).toContain(`Gatehouse-Job: ${fx.jobId}`);
    expect(message).toContain("dependencies: warn");
    expect(git(fx.repoDir, "show", "main:src/money.ts")).toContain("Amount must be a positive number");

    await page.getByRole("tab", { name: "Timeline" }).click();
    await expect(page.getByTestId("timeline")).toContainText("approved revision 1");
    await expect(page.getByTestId("timeline")).toContainText("approved → merged");
  });

  test("finishes the merge of an approval the server never merged, once, with the trailers", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "finish-merge" });
    const start = git(fx.repoDir, "rev-parse", "main");
    runReviewFixture("approved", { jobId: fx.jobId });
    await page.goto(`/jobs/${fx.jobId}`);
    await expect(page.getByTestId("job-status")).toHaveText("approved");
    await expect(page.getByTestId("merge-pending")).toContainText("the merge has not completed");
    await page.getByRole("button", { name: "Finish merge" }).click();
    await expect(page.getByTestId("decision-outcome")).toContainText("Approved and merged as");
    await expect(page.getByTestId("job-status")).toHaveText("merged");
    expect(git(fx.repoDir, "rev-list", "--count", `${start}..main`)).toBe("1");
    const message = git(fx.repoDir, "log", "-1", "--format=%B", "main");
    expect(message).toContain(`Gatehouse-Job: ${fx.jobId}`);
    expect(message).toContain("Reviewed-by: Lee Lead <lead@gatehouse.local>");
    await page.getByRole("tab", { name: "Timeline" }).click();
    await expect(page.getByTestId("timeline")).toContainText("finished the merge of the approved revision");
  });

  test("reroutes with a tier, model and note: the job is re-queued and the revision history shows it", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "reroute" });
    await page.goto(`/jobs/${fx.jobId}`);
    await page.getByRole("button", { name: "Reroute", exact: true }).click();
    await page.getByLabel("Tier", { exact: true }).selectOption("accurate");
    await page.getByLabel("Model", { exact: true }).selectOption("demo-accurate");
    await page.getByLabel("Note for the next attempt").fill("Use lodash, not lodahs, and keep summarize simple.");
    await page.getByRole("button", { name: "Reroute to accurate" }).click();
    await expect(page.getByTestId("decision-outcome")).toContainText("Rerouted to accurate");
    await expect(page.getByTestId("job-status")).toHaveText("queued");
    const pending = page.getByTestId("revision-pending");
    await expect(pending).toContainText("Revision 2");
    await expect(pending).toContainText("on accurate/demo-accurate");
    await expect(pending).toContainText("rerouted by a reviewer");
    await expect(pending).toContainText("Use lodash, not lodahs");
    expect(await jobStatus(fx.jobId)).toMatchObject({ status: "queued", routedTier: "accurate" });

    // The worker is not running in e2e: its stand-in builds revision 2, and the page follows on its own.
    runReviewFixture("revision", { jobId: fx.jobId });
    await expect(page.getByTestId("job-status")).toHaveText("awaiting review", { timeout: 20_000 });
    const history = page.getByTestId("revision-history");
    await expect(history.getByTestId("revision-2")).toContainText("accurate/demo-accurate");
    await expect(history.getByTestId("revision-2")).toContainText("Use lodash, not lodahs");
    await expect(page.getByTestId("compare-diff")).toHaveAttribute("data-diff-ready", "true");
  });

  test("cannot approve a job they submitted: the button says why and the server refuses", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "self", submitter: "reviewer@gatehouse.local" });
    await page.goto(`/jobs/${fx.jobId}`);
    await expect(page.getByRole("button", { name: "Approve", exact: true })).toBeDisabled();
    await expect(page.getByTestId("approve-blocked")).toHaveText("You submitted this job, so another reviewer decides on it.");
    const api = await apiAs("reviewer");
    const res = await api.post(`/api/jobs/${fx.jobId}/approve`, { data: { changeId: fx.changeId, version: fx.version } });
    expect(res.status()).toBe(403);
    expect(((await res.json()) as { error: string }).error).toMatch(/You submitted this job/);
    await api.dispose();
    expect((await jobStatus(fx.jobId)).status).toBe("awaiting_review");
    expect(git(fx.repoDir, "rev-list", "--count", "main")).toBe("1");
  });

  test("a stale page cannot decide: a newer revision or another decision gets a clear conflict and nothing changes", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "stale" });
    await page.goto(`/jobs/${fx.jobId}`);
    await expect(page.getByTestId("diff-editor")).toHaveAttribute("data-diff-ready", "true");

    // Meanwhile a lead reroutes and revision 2 arrives.
    const lead = await apiAs("lead");
    const rerouted = await lead.post(`/api/jobs/${fx.jobId}/reroute`, {
      data: { changeId: fx.changeId, version: fx.version, tier: "accurate", note: "try again" },
    });
    expect(rerouted.status(), await rerouted.text()).toBe(200);
    const second = runReviewFixture<{ changeId: string; version: number }>("revision", { jobId: fx.jobId });

    await page.getByRole("button", { name: "Approve", exact: true }).click();
    const outcome = page.getByTestId("decision-outcome");
    await expect(outcome).toContainText("This page is out of date.");
    await expect(outcome).toContainText("Revision 2 replaced revision 1");
    expect(await jobStatus(fx.jobId)).toMatchObject({ status: "awaiting_review", latestRevision: 2 });
    expect(git(fx.repoDir, "rev-list", "--count", "main")).toBe("1");

    // An old job version is refused too, and so is a decision after someone else decided.
    const api = await apiAs("reviewer");
    const old = await api.post(`/api/jobs/${fx.jobId}/approve`, { data: { changeId: second.changeId, version: second.version - 1 } });
    expect(old.status()).toBe(409);
    const rejected = await lead.post(`/api/jobs/${fx.jobId}/reject`, { data: { changeId: second.changeId, version: second.version, reason: "superseded" } });
    expect(rejected.status()).toBe(200);
    const late = await api.post(`/api/jobs/${fx.jobId}/approve`, { data: { changeId: second.changeId, version: second.version } });
    expect(late.status()).toBe(409);
    expect(((await late.json()) as { error: string }).error).toMatch(/Lee Lead chose reject/);
    expect(git(fx.repoDir, "rev-list", "--count", "main")).toBe("1");
    await api.dispose();
    await lead.dispose();
  });
});

test.describe("as a lead", () => {
  test.use({ storageState: authStatePath("lead") });

  test("a hallucinated import blocks Approve with the reason; a lead overrides with a written justification", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "blocked", gates: "blocked" });
    const reviewer = await apiAs("reviewer");
    const refused = await reviewer.post(`/api/jobs/${fx.jobId}/approve`, { data: { changeId: fx.changeId, version: fx.version } });
    expect(refused.status()).toBe(422);
    expect(((await refused.json()) as { error: string }).error).toMatch(/dependencies gate failed/);
    await reviewer.dispose();

    await page.goto(`/jobs/${fx.jobId}`);
    await expect(page.getByRole("button", { name: "Approve", exact: true })).toBeDisabled();
    await expect(page.getByTestId("approve-blocked")).toContainText("Blocked by the merge policy: dependencies gate failed");
    const diff = page.getByTestId("diff-editor");
    await expect(diff).toHaveAttribute("data-diff-ready", "true");
    await diff.locator(".gh-finding-dependencies").hover();
    await expect(page.locator(".monaco-hover").filter({ hasText: "hallucinated import" }).first()).toBeVisible();
    await expect.poll(() => findingLabels(diff, "complexity")).toContain("cyclomatic 1→14");

    await page.getByRole("button", { name: "Override policy…" }).click();
    await page.getByRole("button", { name: "Approve with override" }).click();
    await expect(page.locator("#override-justification-error")).toContainText("at least 10 characters");
    await page.getByLabel("Justification").fill("lodahs is our internal fork, published to the private registry");
    await page.getByRole("button", { name: "Approve with override" }).click();
    await expect(page.getByTestId("merged-info")).toBeVisible();
    await expect(page.getByTestId("override-info")).toContainText("Merge policy overridden by Lee Lead: lodahs is our internal fork");
    expect(git(fx.repoDir, "log", "-1", "--format=%B", "main")).toContain("Policy override by Lee Lead: lodahs is our internal fork");
  });
});

test("no request of these journeys left 127.0.0.1, and Monaco's worker came from the app", () => {
  const urls = requestedUrls();
  expect(urls.length).toBeGreaterThan(20);
  // The CSRF spec serves its attacker page from another port of 127.0.0.1: hostnames, not hosts.
  const hosts = [...new Set(urls.filter((u) => /^https?:/.test(u)).map((u) => new URL(u).hostname))];
  expect(hosts).toEqual(["127.0.0.1"]);
  expect(urls.some((u) => u.startsWith(E2E_BASE_URL))).toBe(true);
  expect(new URL(E2E_BASE_URL).hostname).toBe("127.0.0.1");
  expect(urls.some((u) => /worker/i.test(u))).toBe(true);
  expect(urls.filter((u) => /cdn|jsdelivr|unpkg/i.test(u))).toEqual([]);
});
