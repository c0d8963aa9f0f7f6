/**
 * The HTTP layer of patch intake with real Request objects: body size cap (declared and streamed),
 * JSON errors, status codes and the 201 shape; then the real app/api/changes route with a bearer token.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApiToken } from "../auth/api-tokens";
import { openTestDb, type TestDb } from "../db/testing";
import { POST } from "../../app/api/changes/route";
import { handleSubmitChange } from "./http";
import { MAX_SUBMIT_BODY_BYTES } from "./submit-input";
import { createIntakeFixture, type IntakeFixture } from "./testing/fixtures";

let t: TestDb;
let fx: IntakeFixture;
let token: string;

beforeAll(async () => {
  t = await openTestDb("sqlite");
  process.env.DATABASE_URL = t.url; // getDb() (used by withRoute in the real route) connects lazily to this database
  fx = await createIntakeFixture(t.db, "http");
  const g = generateApiToken();
  await t.db.apiToken.create({ data: { userId: fx.submitter.id, name: "agent", tokenHash: g.hash, prefix: g.prefix } });
  token = g.token;
});
afterAll(async () => {
  fx.cleanup();
  await t.close();
});

const URL_ = "http://127.0.0.1/api/changes";
const jsonRequest = (body: unknown, headers: Record<string, string> = {}) =>
  new Request(URL_, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

/** A streamed body (no Content-Length) of `chunks` × `size` bytes that counts how much was pulled. */
function countingStream(chunks: number, size: number): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= chunks) return controller.close();
      sent += 1;
      controller.enqueue(new Uint8Array(size).fill(0x20));
    },
  });
  return { stream, pulled: () => sent };
}

describe("handleSubmitChange", () => {
  it("201 with job id, change id, job page and status", async () => {
    const diff = fx.diffFor({ "README.md": "# demo\nhttp\n" });
    const res = await handleSubmitChange(jsonRequest({ repository: fx.repoName, diff, title: "Via HTTP", model: "aider" }), t.db, fx.submitter);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(["jobId", "changeId", "url", "status"]);
    expect(body).toEqual({ jobId: expect.any(String), changeId: expect.any(String), url: `/jobs/${body.jobId}`, status: "queued" });
    const change = await t.db.change.findUniqueOrThrow({ where: { id: body.changeId } });
    expect(change).toMatchObject({ jobId: body.jobId, model: "aider" });
  });

  it("413 from the declared Content-Length without reading the body", async () => {
    const stream = new ReadableStream<Uint8Array>({
      pull() {
        throw new Error("the body must not be read");
      },
    });
    const req = new Request(URL_, {
      method: "POST",
      headers: { "content-type": "application/json", "content-length": String(MAX_SUBMIT_BODY_BYTES + 1) },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await handleSubmitChange(req, t.db, fx.submitter);
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: "request body is 5.0 MB, over the 5.0 MB limit", code: "too-large" });
  });

  it("413 for a streamed body as soon as it passes the limit, without pulling the rest", async () => {
    const { stream, pulled } = countingStream(100, 1024);
    const req = new Request(URL_, { method: "POST", body: stream, duplex: "half" } as RequestInit);
    const res = await handleSubmitChange(req, t.db, fx.submitter, { maxBodyBytes: 10 * 1024 });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe("request body exceeds the 10.0 KB limit");
    expect(pulled()).toBeLessThan(20);
  });

  it("413 at the default limit for a JSON body over 5 MB", async () => {
    const req = jsonRequest({ repository: fx.repoName, title: "big", diff: "x".repeat(MAX_SUBMIT_BODY_BYTES) });
    const res = await handleSubmitChange(req, t.db, fx.submitter);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toContain("5.0 MB limit");
  });

  it("400 for malformed or empty JSON", async () => {
    const bad = await handleSubmitChange(new Request(URL_, { method: "POST", body: '{"repository":' }), t.db, fx.submitter);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: "Invalid request body", code: "invalid-input", issues: [{ path: "", message: "Malformed JSON" }] });
    const empty = await handleSubmitChange(new Request(URL_, { method: "POST", body: "" }), t.db, fx.submitter);
    expect(empty.status).toBe(400);
  });

  it("maps refusals to 404 / 422 with a code and the failing hunks", async () => {
    const missing = await handleSubmitChange(jsonRequest({ repository: "nope", diff: "x", title: "x" }), t.db, fx.submitter);
    expect(missing.status).toBe(404);
    expect((await missing.json()).code).toBe("unknown-repository");

    const stale = ["--- a/README.md", "+++ b/README.md", "@@ -1 +1 @@", "-# other", "+# changed", ""].join("\n");
    const res = await handleSubmitChange(jsonRequest({ repository: fx.repoName, diff: stale, title: "x" }), t.db, fx.submitter);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body).toMatchObject({ code: "does-not-apply", failingHunks: [{ file: "README.md", line: 1 }] });
    expect(body.error).toMatch(/^patch does not apply: README\.md:1/);
  });
});

describe("POST /api/changes (app route)", () => {
  const ctx = { params: Promise.resolve({}) };

  it("401 without a valid token, before anything is stored", async () => {
    const before = await t.db.job.count();
    const diff = fx.diffFor({ "README.md": "# demo\nroute\n" });
    const res = await POST(jsonRequest({ repository: fx.repoName, diff, title: "x" }, { authorization: "Bearer gat_not-a-token" }), ctx);
    expect(res.status).toBe(401);
    expect(await t.db.job.count()).toBe(before);
  });

  it("201 with the token owner as submitter", async () => {
    const diff = fx.diffFor({ "README.md": "# demo\nroute\n" });
    const res = await POST(jsonRequest({ repository: fx.repoName, diff, title: "From an agent", model: "codex" }, { authorization: `Bearer ${token}` }), ctx);
    expect(res.status, await res.clone().text()).toBe(201);
    const body = await res.json();
    const job = await t.db.job.findUniqueOrThrow({ where: { id: body.jobId } });
    expect(job).toMatchObject({ submitterId: fx.submitter.id, title: "From an agent", routingReason: "submitted through the API by codex" });
  });
});
