/**
 * "Test connection" for a configured provider: one tiny, non-streaming chat completion through the
 * same client the worker uses, so a lead learns now — not from a failed job — whether the base URL,
 * the key variable and the model name work. No retries, a short deadline; the answer and any error
 * text are redacted of the key by the client.
 */
import type { Db } from "../db/client";
import { recordAudit } from "../domain/audit";
import { ProviderConfigSchema } from "../generation/providers/config";
import { isProviderError, type ProviderErrorCode } from "../generation/providers/errors";
import { OpenAICompatibleProvider, type OpenAICompatibleOptions } from "../generation/providers/openai-compatible";
import { NotFoundError, type Actor } from "./errors";

/** The check waits at most this long, whatever the provider's own timeout. */
export const CHECK_TIMEOUT_MS = 15_000;
const PROMPT = "Reply with the single word OK.";

export type ProviderCheck =
  | { ok: true; model: string; latencyMs: number; answer: string; message: string }
  | { ok: false; code: ProviderErrorCode | "invalid-config" | "recorded"; message: string };

export async function checkProvider(db: Db, actor: Actor, id: string, client: OpenAICompatibleOptions = {}): Promise<ProviderCheck> {
  const row = await db.provider.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("Provider not found");
  const result = await check(row, client);
  await recordAudit(db, {
    actorId: actor.id,
    actorLabel: actor.email,
    action: "settings.provider.check",
    subjectType: "Provider",
    subjectId: id,
    details: result.ok ? { ok: true, latencyMs: result.latencyMs } : { ok: false, code: result.code },
  });
  return result;
}

async function check(row: unknown, client: OpenAICompatibleOptions): Promise<ProviderCheck> {
  const parsed = ProviderConfigSchema.safeParse(row);
  if (!parsed.success) return { ok: false, code: "invalid-config", message: `Invalid configuration: ${parsed.error.issues[0]?.message}` };
  const config = parsed.data;
  if (config.kind === "recorded") {
    return { ok: false, code: "recorded", message: "A recorded provider replays stored demo completions; there is nothing to connect to." };
  }
  const provider = new OpenAICompatibleProvider(
    { ...config, stream: false, maxRetries: 0, maxTokens: 16, timeoutMs: Math.min(config.timeoutMs, CHECK_TIMEOUT_MS) },
    client,
  );
  try {
    const res = await provider.complete({ messages: [{ role: "user", content: PROMPT }], temperature: 0 });
    const answer = res.text.trim().slice(0, 200);
    const model = res.model || config.model;
    return { ok: true, model, latencyMs: Math.round(res.latencyMs), answer, message: `Connected: ${model} answered in ${Math.round(res.latencyMs)} ms.` };
  } catch (e) {
    if (isProviderError(e)) return { ok: false, code: e.code, message: e.message };
    throw e;
  }
}
