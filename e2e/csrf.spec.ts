/**
 * Cross-site request forgery: a page on another port of 127.0.0.1 (same-site for SameSite=Lax cookies)
 * posts a `text/plain` form that smuggles a JSON body to the reject route while the reviewer is signed in.
 * The server must refuse it (no same-origin Origin, no JSON content type) and the job must not change;
 * the same cookie from our own origin with JSON still works.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { authStatePath } from "./env";
import { apiAs } from "./helpers";
import { BASE, expect, runReviewFixture, test } from "./review-helpers";

interface Fx {
  jobId: string;
  changeId: string;
  version: number;
}

async function jobStatus(jobId: string): Promise<string> {
  const api = await apiAs("reviewer");
  const body = (await (await api.get(`/api/jobs/${jobId}`)).json()) as { status: string };
  await api.dispose();
  return body.status;
}

/** An attacker's page: an auto-submitting form whose text/plain body is valid JSON. */
function attackerPage(target: string, fx: Fx): string {
  const name = JSON.stringify({ changeId: fx.changeId, version: fx.version, reason: "forged by another site", pad: "" }).slice(0, -2);
  const attr = (v: string) => v.replace(/&/g, "&amp;").replace(/'/g, "&#39;");
  return `<!doctype html><html><body>
<form id="f" method="POST" enctype="text/plain" action="${target}">
<input type="hidden" name='${attr(name)}' value='"}'>
</form>
<script>document.getElementById("f").submit();</script>
</body></html>`;
}

test.describe("CSRF", () => {
  test.use({ storageState: authStatePath("reviewer") });

  test("a cross-site text/plain form cannot make the signed-in reviewer reject a job", async ({ page }) => {
    const fx = runReviewFixture<Fx>("change", { tag: "csrf-form" });
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(attackerPage(`${BASE}/api/jobs/${fx.jobId}/reject`, fx));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const submitted = page.waitForResponse((r) => r.url().endsWith(`/api/jobs/${fx.jobId}/reject`));
      await page.goto(`http://127.0.0.1:${port}/`);
      const res = await submitted;
      expect(res.status()).toBe(403);
      expect(await res.text()).toContain("Cross-origin request refused");
      expect(await jobStatus(fx.jobId)).toBe("awaiting_review");
    } finally {
      server.close();
    }
  });

  test("cookie writes need our Origin and a JSON body; with both the same request goes through", async () => {
    const fx = runReviewFixture<Fx>("change", { tag: "csrf-api" });
    const body = JSON.stringify({ changeId: fx.changeId, version: fx.version, reason: "forged" });
    const url = `/api/jobs/${fx.jobId}/reject`;

    const noOrigin = await apiAs("reviewer", { origin: null });
    const r1 = await noOrigin.post(url, { data: body, headers: { "content-type": "application/json" } });
    expect(r1.status()).toBe(403);
    expect(await r1.text()).toContain("without an Origin");

    const ours = await apiAs("reviewer");
    const r2 = await ours.post(url, { data: body, headers: { "content-type": "text/plain" } });
    expect(r2.status()).toBe(403);
    expect(await r2.text()).toContain("Content-Type must be application/json");

    const elsewhere = await apiAs("reviewer", { origin: "http://127.0.0.1:1" });
    const r3 = await elsewhere.post(url, { data: body, headers: { "content-type": "application/json" } });
    expect(r3.status()).toBe(403);
    expect(await jobStatus(fx.jobId)).toBe("awaiting_review");

    const r4 = await ours.post(url, { data: { changeId: fx.changeId, version: fx.version, reason: "a real decision" } });
    expect(r4.status(), await r4.text()).toBe(200);
    expect(await jobStatus(fx.jobId)).toBe("rejected");
    for (const c of [noOrigin, ours, elsewhere]) await c.dispose();
  });
});
