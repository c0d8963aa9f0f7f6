/**
 * Model providers per tier. The API key itself is never stored or accepted: only the name of the
 * environment variable that holds it, and the UI learns only whether that variable is set.
 */
import { z } from "zod";
import type { Db } from "../db/client";
import { recordAudit } from "../domain/audit";
import { PROVIDER_KINDS, TIERS, type ProviderKind, type Tier } from "./constants";
import { InputError, NotFoundError, isUniqueViolation, type Actor } from "./errors";

export { PROVIDER_KINDS, TIERS, type ProviderKind, type Tier };

const name = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "Name is too long")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Use letters, digits, '.', '_' or '-' (no spaces)");
const baseUrl = z.string().trim().min(1, "Base URL is required").max(500, "Base URL is too long");
const model = z.string().trim().min(1, "Model name is required").max(200, "Model name is too long");
const apiKeyEnv = z
  .string()
  .trim()
  .max(100, "Variable name is too long")
  .regex(/^([A-Z_][A-Z0-9_]*)?$/, "Use an environment variable name like OPENAI_API_KEY (not the key)")
  .nullable()
  .transform((s) => (s ? s : null));
const temperature = z.number().min(0, "Must be between 0 and 2").max(2, "Must be between 0 and 2");
const maxTokens = z.number().int("Must be a whole number").min(1, "Must be at least 1").max(1_000_000, "Too large");
const timeoutMs = z.number().int("Must be a whole number").min(1000, "At least 1000 ms").max(3_600_000, "At most 1 hour");
const maxRetries = z.number().int("Must be a whole number").min(0, "Cannot be negative").max(10, "At most 10");
const priority = z.number().int("Must be a whole number").min(-1000).max(1000);
const price = z.number().min(0, "Cannot be negative").max(1000, "Too large");

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

// An openai-kind provider needs an http(s) endpoint; recorded providers replay fixtures from any label.
function checkBaseUrl(o: { kind?: ProviderKind; baseUrl?: string }, ctx: z.RefinementCtx): void {
  if (o.kind === "openai" && o.baseUrl !== undefined && !isHttpUrl(o.baseUrl)) {
    ctx.addIssue({ code: "custom", path: ["baseUrl"], message: "Must be an http:// or https:// URL" });
  }
}

export const providerCreateSchema = z
  .strictObject({
    name,
    tier: z.enum(TIERS),
    kind: z.enum(PROVIDER_KINDS).default("openai"),
    baseUrl,
    model,
    apiKeyEnv: apiKeyEnv.optional().transform((s) => s ?? null),
    temperature: temperature.default(0.2),
    maxTokens: maxTokens.default(4096),
    timeoutMs: timeoutMs.default(120_000),
    maxRetries: maxRetries.default(2),
    priority: priority.default(0),
    enabled: z.boolean().default(true),
    pricePer1kInput: price.default(0),
    pricePer1kOutput: price.default(0),
  })
  .superRefine(checkBaseUrl);
export type ProviderCreateInput = z.infer<typeof providerCreateSchema>;

export const providerUpdateSchema = z
  .strictObject({
    name: name.optional(),
    tier: z.enum(TIERS).optional(),
    kind: z.enum(PROVIDER_KINDS).optional(),
    baseUrl: baseUrl.optional(),
    model: model.optional(),
    apiKeyEnv: apiKeyEnv.optional(),
    temperature: temperature.optional(),
    maxTokens: maxTokens.optional(),
    timeoutMs: timeoutMs.optional(),
    maxRetries: maxRetries.optional(),
    priority: priority.optional(),
    enabled: z.boolean().optional(),
    pricePer1kInput: price.optional(),
    pricePer1kOutput: price.optional(),
  })
  .refine((o) => Object.values(o).some((v) => v !== undefined), "Nothing to update");
export type ProviderUpdateInput = z.infer<typeof providerUpdateSchema>;

export interface ProviderView {
  id: string;
  name: string;
  tier: Tier;
  kind: ProviderKind;
  baseUrl: string;
  model: string;
  apiKeyEnv: string | null;
  /** Whether apiKeyEnv is set in the server's environment; the value itself never leaves the server. */
  apiKeyEnvSet: boolean;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  maxRetries: number;
  priority: number;
  enabled: boolean;
  pricePer1kInput: number;
  pricePer1kOutput: number;
  createdAt: string;
  updatedAt: string;
}

type Row = Awaited<ReturnType<Db["provider"]["findMany"]>>[number];

export function toProviderView(r: Row, env: Record<string, string | undefined> = process.env): ProviderView {
  return {
    id: r.id,
    name: r.name,
    tier: (TIERS as readonly string[]).includes(r.tier) ? (r.tier as Tier) : "fast",
    kind: r.kind === "recorded" ? "recorded" : "openai",
    baseUrl: r.baseUrl,
    model: r.model,
    apiKeyEnv: r.apiKeyEnv,
    apiKeyEnvSet: r.apiKeyEnv ? (env[r.apiKeyEnv] ?? "") !== "" : false,
    temperature: r.temperature,
    maxTokens: r.maxTokens,
    timeoutMs: r.timeoutMs,
    maxRetries: r.maxRetries,
    priority: r.priority,
    enabled: r.enabled,
    pricePer1kInput: r.pricePer1kInput,
    pricePer1kOutput: r.pricePer1kOutput,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listProviders(db: Db, env: Record<string, string | undefined> = process.env): Promise<ProviderView[]> {
  const rows = await db.provider.findMany({ orderBy: [{ tier: "asc" }, { priority: "asc" }, { name: "asc" }] });
  return rows.map((r) => toProviderView(r, env));
}

function duplicateName(n: string): InputError {
  return new InputError("Invalid provider", [{ path: "name", message: `A provider named "${n}" already exists` }]);
}

export async function createProvider(db: Db, actor: Actor, input: ProviderCreateInput): Promise<ProviderView> {
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.provider.create({ data: { ...input } });
      await recordAudit(tx, {
        actorId: actor.id,
        actorLabel: actor.email,
        action: "settings.provider.create",
        subjectType: "Provider",
        subjectId: created.id,
        details: { ...input },
      });
      return created;
    });
    return toProviderView(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(input.name);
    throw e;
  }
}

export async function updateProvider(db: Db, actor: Actor, id: string, input: ProviderUpdateInput): Promise<ProviderView> {
  const current = await db.provider.findUnique({ where: { id } });
  if (!current) throw new NotFoundError("Provider not found");
  const kind = input.kind ?? (current.kind as ProviderKind);
  const url = input.baseUrl ?? current.baseUrl;
  if (kind === "openai" && !isHttpUrl(url)) {
    throw new InputError("Invalid provider", [{ path: "baseUrl", message: "Must be an http:// or https:// URL" }]);
  }
  try {
    const row = await db.$transaction(async (tx) => {
      const updated = await tx.provider.update({ where: { id }, data: { ...input } });
      await recordAudit(tx, {
        actorId: actor.id,
        actorLabel: actor.email,
        action: "settings.provider.update",
        subjectType: "Provider",
        subjectId: id,
        details: { changes: { ...input } },
      });
      return updated;
    });
    return toProviderView(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(input.name ?? current.name);
    throw e;
  }
}

export async function deleteProvider(db: Db, actor: Actor, id: string): Promise<void> {
  const current = await db.provider.findUnique({ where: { id } });
  if (!current) throw new NotFoundError("Provider not found");
  await db.$transaction(async (tx) => {
    await tx.provider.delete({ where: { id } });
    await recordAudit(tx, {
      actorId: actor.id,
      actorLabel: actor.email,
      action: "settings.provider.delete",
      subjectType: "Provider",
      subjectId: id,
      details: { name: current.name, tier: current.tier },
    });
  });
}
