/** "Test connection" against a real chat-completions server on 127.0.0.1 (the AI provider's stand-in). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, type TestDb } from "../db/testing";
import { completionBody, sendJson, startFakeChatServer, type FakeChatServer } from "../generation/providers/test-server";
import { NotFoundError } from "./errors";
import { checkProvider } from "./provider-check";

const KEY = "sk-check-secret-0123456789";
const env = { GATEHOUSE_CHECK_KEY: KEY, GATEHOUSE_EMPTY_KEY: "" };

let t: TestDb;
let chat: FakeChatServer;
let actor: { id: string; email: string };

beforeAll(async () => {
  t = await openTestDb("sqlite");
  chat = await startFakeChatServer();
  actor = await t.db.user.create({ data: { email: "lead@check.test", name: "Lead", role: "lead" }, select: { id: true, email: true } });
});
afterAll(async () => {
  await chat?.close();
  await t?.close();
});
beforeEach(() => chat.requests.splice(0));

async function providerRow(over: Record<string, unknown> = {}) {
  const name = `p-${Math.random().toString(36).slice(2, 8)}`;
  return t.db.provider.create({
    data: { name, tier: "fast", kind: "openai", baseUrl: chat.baseUrl, model: "small-model", apiKeyEnv: "GATEHOUSE_CHECK_KEY", maxRetries: 3, ...over },
  });
}

describe("checkProvider", () => {
  it("sends one tiny non-streaming completion with the key and reports model and latency", async () => {
    chat.setHandler((_req, res) => sendJson(res, 200, completionBody("OK", { prompt_tokens: 9, completion_tokens: 1 })));
    const p = await providerRow();
    const r = await checkProvider(t.db, actor, p.id, { env });
    expect(r).toMatchObject({ ok: true, model: "served-model", answer: "OK" });
    if (r.ok) expect(r.message).toMatch(/^Connected: served-model answered in \d+ ms\.$/);
    expect(chat.requests).toHaveLength(1);
    const req = chat.requests[0];
    expect(req.url).toBe("/v1/chat/completions");
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body).toMatchObject({ model: "small-model", stream: false, max_tokens: 16, temperature: 0 });
    const audit = await t.db.auditEvent.findFirstOrThrow({ where: { subjectId: p.id, action: "settings.provider.check" } });
    expect(audit.details).toMatchObject({ ok: true });
    expect(JSON.stringify(audit.details)).not.toContain(KEY);
  });

  it("reports a refused key once, without retrying and without the key in the message", async () => {
    chat.setHandler((_req, res) => sendJson(res, 401, { error: { message: `invalid api key ${KEY}` } }));
    const p = await providerRow();
    const r = await checkProvider(t.db, actor, p.id, { env });
    expect(r).toMatchObject({ ok: false, code: "unauthorized" });
    expect(r.message).not.toContain(KEY);
    expect(chat.requests).toHaveLength(1);
  });

  it("reports an unknown model (4xx) and a server error without retries", async () => {
    chat.setHandler((_req, res) => sendJson(res, 404, { error: { message: "model 'small-model' not found" } }));
    const p = await providerRow();
    const missing = await checkProvider(t.db, actor, p.id, { env });
    expect(missing).toMatchObject({ ok: false, code: "bad-request" });
    expect(missing.message).toContain("model 'small-model' not found");
    chat.setHandler((_req, res) => sendJson(res, 503, { error: { message: "overloaded" } }));
    chat.requests.splice(0);
    expect(await checkProvider(t.db, actor, p.id, { env })).toMatchObject({ ok: false, code: "server-error" });
    expect(chat.requests).toHaveLength(1); // maxRetries 3 on the provider, none for the check
  });

  it("gives up at the provider's timeout when the server never answers", async () => {
    chat.setHandler(() => undefined);
    const p = await providerRow({ timeoutMs: 300 });
    expect(await checkProvider(t.db, actor, p.id, { env })).toMatchObject({ ok: false, code: "timeout" });
  });

  it("says so for an unset key variable (no request), an unreachable server, a recorded provider and an unknown id", async () => {
    const unset = await providerRow({ apiKeyEnv: "GATEHOUSE_EMPTY_KEY" });
    const noKey = await checkProvider(t.db, actor, unset.id, { env });
    expect(noKey).toMatchObject({ ok: false, code: "missing-key" });
    expect(noKey.message).toContain("GATEHOUSE_EMPTY_KEY is not set");
    expect(chat.requests).toHaveLength(0);

    const dead = await providerRow({ baseUrl: "http://127.0.0.1:9/v1" });
    expect(await checkProvider(t.db, actor, dead.id, { env })).toMatchObject({ ok: false, code: "network" });

    const recorded = await providerRow({ kind: "recorded", baseUrl: "recorded://demo" });
    expect(await checkProvider(t.db, actor, recorded.id, { env })).toMatchObject({ ok: false, code: "recorded" });

    await expect(checkProvider(t.db, actor, "no-such-provider", { env })).rejects.toBeInstanceOf(NotFoundError);
  });
});
