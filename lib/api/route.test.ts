/**
 * withRoute against a real SQLite database, authenticated with real bearer tokens (the cookie path
 * needs a Next request scope and is covered by e2e/authorization.spec.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { openTestDb, type TestDb } from "../db/testing";
import { generateApiToken } from "../auth/api-tokens";
import { NotFoundError } from "../settings/errors";
import { withRoute, type NextRouteContext } from "./route";

let t: TestDb;
const tokens: Record<string, string> = {};
const ctx = (params: Record<string, string> = {}): NextRouteContext => ({ params: Promise.resolve(params) });

beforeAll(async () => {
  t = await openTestDb("sqlite");
  process.env.DATABASE_URL = t.url; // getDb() (used by withRoute) connects lazily to this database
  for (const role of ["submitter", "lead"]) {
    const u = await t.db.user.create({ data: { email: `${role}@example.test`, name: role, role } });
    const g = generateApiToken();
    await t.db.apiToken.create({ data: { userId: u.id, name: "t", tokenHash: g.hash, prefix: g.prefix } });
    tokens[role] = g.token;
  }
});
afterAll(async () => t?.close());

function post(role: string | null, body: string, url = "http://127.0.0.1/api/x") {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (role) headers.authorization = `Bearer ${tokens[role] ?? "gat_unknown"}`;
  return new Request(url, { method: "POST", headers, body });
}

const schema = z.strictObject({ name: z.string().min(1, "Name is required"), size: z.number().int() });
let ran = 0;
const handler = withRoute({ permission: "settings:write", body: schema }, async ({ body, user, params }) => {
  ran++;
  return { name: body.name, size: body.size, by: user.email, id: params.id ?? null };
});

describe("withRoute", () => {
  it("401 without valid credentials", async () => {
    const res = await handler(post("nobody", "{}"), ctx());
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "Authentication required" });
  });

  it("403 for a role without the permission, before the body is even parsed", async () => {
    const before = ran;
    const res = await handler(post("submitter", "{not json"), ctx());
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/role/);
    expect(ran).toBe(before);
  });

  it("413 for a body over the cap, declared or streamed, without running the handler", async () => {
    const before = ran;
    const big = JSON.stringify({ name: "x".repeat(2 * 1024 * 1024), size: 1 });
    const withLength = post("lead", big);
    const declared = await handler(
      new Request(withLength.url, { method: "POST", headers: { ...Object.fromEntries(withLength.headers), "content-length": String(big.length) }, body: big }),
      ctx(),
    );
    expect(declared.status).toBe(413);
    expect(await declared.json()).toEqual({
      error: "Request body too large",
      issues: [{ path: "", message: "request body is 2.0 MB, over the 1.0 MB limit" }],
    });
    // Chunked: no Content-Length, refused once the stream passes the cap.
    const chunk = new TextEncoder().encode("x".repeat(256 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 16) c.enqueue(chunk);
        else c.close();
      },
    });
    const chunked = new Request("http://127.0.0.1/api/x", {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokens.lead}` },
      body: stream,
      duplex: "half",
    } as RequestInit);
    const res = await handler(chunked, ctx());
    expect(res.status).toBe(413);
    expect(((await res.json()) as { issues: { message: string }[] }).issues[0].message).toBe("request body exceeds the 1.0 MB limit");
    expect(sent).toBeLessThan(16); // stopped reading early
    expect(ran).toBe(before);
  });

  it("400 with a clear message for malformed JSON", async () => {
    const res = await handler(post("lead", '{"name": "x",'), ctx());
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: "Invalid request body", issues: [{ path: "", message: "Malformed JSON" }] });
  });

  it("400 with per-field issues for a schema failure", async () => {
    const res = await handler(post("lead", JSON.stringify({ name: "", size: 1.5 })), ctx());
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe("Invalid request body");
    expect(body.issues.map((i: { path: string }) => i.path).sort()).toEqual(["name", "size"]);
    expect(body.issues.find((i: { path: string }) => i.path === "name").message).toBe("Name is required");
  });

  it("runs the handler with the parsed body, user and params", async () => {
    const res = await handler(post("lead", JSON.stringify({ name: "ok", size: 2 })), ctx({ id: "abc" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "ok", size: 2, by: "lead@example.test", id: "abc" });
  });

  it("maps service errors to 404 and hides unexpected errors behind an opaque 500", async () => {
    const missing = withRoute({ permission: "authenticated" }, async () => {
      throw new NotFoundError("Repository not found");
    });
    const r404 = await missing(post("submitter", ""), ctx());
    expect(r404.status).toBe(404);
    expect(await r404.json()).toEqual({ error: "Repository not found" });

    const boom = withRoute({ permission: "authenticated" }, async () => {
      throw new Error("secret internal detail at /srv/app/lib/x.ts:12");
    });
    const origError = console.error;
    console.error = () => {};
    try {
      const r500 = await boom(post("submitter", ""), ctx());
      expect(r500.status).toBe(500);
      const text = await r500.text();
      expect(text).not.toContain("secret");
      expect(JSON.parse(text)).toEqual({ error: "Internal server error" });
    } finally {
      console.error = origError;
    }
  });

  it("validates query parameters", async () => {
    const list = withRoute({ permission: "authenticated", query: z.object({ page: z.coerce.number().int().min(1) }) }, async ({ query }) => ({
      page: query.page,
    }));
    const get = (qs: string) =>
      new Request(`http://127.0.0.1/api/x${qs}`, { headers: { authorization: `Bearer ${tokens.submitter}` } });
    expect(await (await list(get("?page=3"), ctx())).json()).toEqual({ page: 3 });
    const bad = await list(get("?page=zero"), ctx());
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].path).toBe("page");
  });
});
