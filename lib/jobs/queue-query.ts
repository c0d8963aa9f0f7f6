/**
 * The review queue: jobs that need a reviewer first (awaiting review, merge conflicts), then work in
 * flight, then finished jobs; newest first inside each group. Keyset pagination per group keeps every
 * page an indexed range scan however deep it is, and the total is counted only up to a cap.
 */
import { z } from "zod";
import type { DbHandle } from "../db/client";
import { JOB_STATUSES, type JobStatus } from "../domain/job-status";
import { TierSchema } from "../generation/routing";
import { GATE_NAMES } from "../gates/types";
import { sqlParams, tableName } from "../queue/sql";
import { evaluateMergePolicy, type MergePolicy } from "../review/merge-policy";
import { getPolicy } from "../settings/policy";

export const STATUS_GROUPS: readonly (readonly JobStatus[])[] = [
  ["awaiting_review", "conflict"],
  ["queued", "building_context", "generating", "gating", "rerouted", "approved"],
  ["merged", "rejected", "failed"],
];
export const GROUP_LABELS = ["Needs a reviewer", "In progress", "Finished"] as const;

export const COUNT_CAP = 10_000;
export const GATE_FILTERS = [...GATE_NAMES, "any"] as const;

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(s: T) => z.preprocess(blankToUndefined, s.optional());

export const QueueQuerySchema = z.object({
  status: optional(z.enum(JOB_STATUSES)),
  repositoryId: optional(z.string().max(100)),
  tier: optional(TierSchema),
  /** A gate (or any gate) that fails or errors on the job's latest revision. */
  gate: optional(z.enum(GATE_FILTERS)),
  submitterId: optional(z.string().max(100)),
  q: optional(z.string().trim().max(200)),
  cursor: optional(z.string().max(500)),
  limit: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(100).default(50)),
});
export type QueueQuery = z.output<typeof QueueQuerySchema>;

export interface QueueGateBadge {
  gate: string;
  status: string;
  score: number | null;
  summary: string;
  /** The gate ran repository code without a sandbox (GATEHOUSE_SANDBOX=off). */
  unsandboxed: boolean;
}

export interface QueueRow {
  id: string;
  title: string;
  status: string;
  stage: string | null;
  statusReason: string | null;
  group: number;
  repository: { id: string; name: string };
  submitter: { id: string; name: string };
  routedTier: string | null;
  routingReason: string | null;
  /** Tier and model of the latest revision (null before the first one). */
  tier: string | null;
  model: string | null;
  revision: number | null;
  recorded: boolean;
  createdAt: string;
  gates: QueueGateBadge[];
  /**
   * For a job awaiting review: why the merge policy blocks Approve (empty when it can be approved, as
   * the Change page's Approve button decides); null for every other status.
   */
  blockedBy: string[] | null;
}

export interface QueuePage {
  rows: QueueRow[];
  nextCursor: string | null;
  total: number;
  /** True when there are more than COUNT_CAP matching jobs (total is then COUNT_CAP). */
  totalCapped: boolean;
}

interface Cursor {
  g: number;
  t: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

export function decodeCursor(s: string | undefined): Cursor | null {
  if (!s) return null;
  try {
    const c = JSON.parse(Buffer.from(s, "base64url").toString("utf8")) as Partial<Cursor>;
    if (typeof c.g !== "number" || typeof c.t !== "string" || typeof c.id !== "string" || Number.isNaN(Date.parse(c.t))) return null;
    if (c.g < 0 || c.g >= STATUS_GROUPS.length) return null;
    return { g: c.g, t: c.t, id: c.id };
  } catch {
    return null;
  }
}

export function groupOf(status: string): number {
  const i = STATUS_GROUPS.findIndex((g) => (g as readonly string[]).includes(status));
  return i === -1 ? STATUS_GROUPS.length - 1 : i;
}

type Param = (value: unknown) => string;

/** Raw rows differ per driver (SQLite: text dates, 0/1 booleans; PostgreSQL: Date, boolean, bigint). */
const toIso = (v: unknown): string => (v instanceof Date ? v : new Date(String(v))).toISOString();
const toBool = (v: unknown): boolean => v === true || v === 1 || v === "1" || v === "true";

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * The filter conditions on alias `j`, written in placeholder order. The gate filter looks only at the
 * latest revision of each job, so a rerouted job whose new revision passes no longer counts as failing.
 */
function filterSql(handle: DbHandle, q: QueueQuery, p: Param): string[] {
  const c: string[] = [];
  if (q.status) c.push(`j."status" = ${p(q.status)}`);
  if (q.repositoryId) c.push(`j."repositoryId" = ${p(q.repositoryId)}`);
  if (q.tier) c.push(`j."routedTier" = ${p(q.tier)}`);
  if (q.submitterId) c.push(`j."submitterId" = ${p(q.submitterId)}`);
  if (q.q) {
    // SQLite's LIKE ignores ASCII case already; PostgreSQL needs ILIKE.
    const like = handle.provider === "postgres" ? "ILIKE" : "LIKE";
    c.push(`(j."title" ${like} ${p(`%${escapeLike(q.q)}%`)} ESCAPE '\\' OR j."id" = ${p(q.q)})`);
  }
  if (q.gate) {
    const change = tableName(handle, "Change");
    const result = tableName(handle, "GateResult");
    const gate = q.gate === "any" ? "" : `g."gate" = ${p(q.gate)} AND `;
    // An uncorrelated IN (…) is evaluated once (the failing results come from the gate/status index)
    // instead of once per job.
    c.push(`j."id" IN (SELECT c."jobId" FROM ${change} c JOIN ${result} g ON g."changeId" = c."id"
      WHERE ${gate}g."status" IN ('fail', 'error')
        AND c."revision" = (SELECT MAX(c2."revision") FROM ${change} c2 WHERE c2."jobId" = c."jobId"))`);
  }
  return c;
}

const statusList = (statuses: readonly string[]) => statuses.map((s) => `'${s.replace(/'/g, "''")}'`).join(", ");

/**
 * One group's page of job ids, newest first, after the cursor. `status || ''` keeps SQLite on the
 * createdAt index (walk newest first, stop at the limit) instead of a status index that would make it
 * sort every matching job.
 */
async function groupPage(handle: DbHandle, q: QueueQuery, statuses: readonly string[], after: Cursor | null, limit: number) {
  const { p, values } = sqlParams(handle);
  const conds = filterSql(handle, q, p);
  conds.push(`j."status" || '' IN (${statusList(statuses)})`);
  if (after) {
    const t = new Date(after.t);
    conds.push(`(j."createdAt" < ${p(t)} OR (j."createdAt" = ${p(t)} AND j."id" < ${p(after.id)}))`);
  }
  const sql = `SELECT j."id" AS "id", j."createdAt" AS "createdAt" FROM ${tableName(handle, "Job")} j
    WHERE ${conds.join(" AND ")} ORDER BY j."createdAt" DESC, j."id" DESC LIMIT ${Math.floor(limit)}`;
  const rows = await handle.db.$queryRawUnsafe<{ id: string; createdAt: unknown }[]>(sql, ...values);
  return rows.map((r) => ({ id: r.id, createdAt: toIso(r.createdAt) }));
}

async function countJobs(handle: DbHandle, q: QueueQuery, statuses: readonly string[] | null, cap: number): Promise<number> {
  const { p, values } = sqlParams(handle);
  const conds = filterSql(handle, q, p);
  if (statuses) conds.push(`j."status" IN (${statusList(statuses)})`);
  const where = conds.length ? `WHERE ${conds.join(" AND ")}` : "";
  const sql = `SELECT COUNT(*) AS "n" FROM (SELECT 1 AS "one" FROM ${tableName(handle, "Job")} j ${where} LIMIT ${Math.floor(cap)}) x`;
  const rows = await handle.db.$queryRawUnsafe<{ n: unknown }[]>(sql, ...values);
  return Number(rows[0]?.n ?? 0);
}

export async function listQueue(handle: DbHandle, query: QueueQuery, opts: { countCap?: number } = {}): Promise<QueuePage> {
  const cap = opts.countCap ?? COUNT_CAP;
  const cursor = decodeCursor(query.cursor);
  const limit = query.limit;
  const page: { id: string; createdAt: string; group: number }[] = [];
  let more = false;

  for (let g = cursor?.g ?? 0; g < STATUS_GROUPS.length && !more; g++) {
    const statuses = query.status ? STATUS_GROUPS[g].filter((s) => s === query.status) : STATUS_GROUPS[g];
    if (statuses.length === 0) continue;
    const want = limit - page.length;
    const found = await groupPage(handle, query, statuses, cursor && cursor.g === g ? cursor : null, want + 1);
    if (found.length > want) {
      more = true;
      found.length = want;
    }
    page.push(...found.map((j) => ({ ...j, group: g })));
    if (page.length >= limit && !more) {
      // The page is full exactly at a group's end: more pages exist if any later group has a job.
      const rest = STATUS_GROUPS.slice(g + 1).flat().filter((s) => !query.status || s === query.status);
      more = rest.length > 0 && (await countJobs(handle, query, rest, 1)) > 0;
      break;
    }
  }

  const [total, details, policy] = await Promise.all([
    countJobs(handle, query, null, cap + 1),
    pageDetails(handle, page.map((j) => j.id)),
    getPolicy(handle.db),
  ]);
  const last = page[page.length - 1];
  return {
    rows: page.flatMap((j) => {
      const d = details.get(j.id);
      return d ? [{ ...d, group: j.group, blockedBy: d.status === "awaiting_review" ? policyBlocks(d.gates, policy) : null }] : [];
    }),
    nextCursor: more && last ? encodeCursor({ g: last.group, t: last.createdAt, id: last.id }) : null,
    total: Math.min(total, cap),
    totalCapped: total > cap,
  };
}

/** The merge policy's reasons against approving a change with these gate results (lib/review/merge-policy). */
function policyBlocks(gates: QueueGateBadge[], policy: MergePolicy): string[] {
  const results = gates.map((g) => ({ ...g, details: g.unsandboxed ? { sandbox: "none" } : null }));
  return evaluateMergePolicy(results, policy).reasons;
}

const GATE_ORDER = new Map<string, number>(GATE_NAMES.map((g, i) => [g, i]));

interface DetailRow {
  id: string;
  title: string;
  status: string;
  stage: string | null;
  statusReason: string | null;
  routedTier: string | null;
  routingReason: string | null;
  createdAt: unknown;
  repositoryId: string;
  repositoryName: string;
  submitterId: string;
  submitterName: string;
  changeId: string | null;
  revision: unknown;
  tier: string | null;
  model: string | null;
  recorded: unknown;
}

/** The page's rows with repository, submitter, latest revision and its gate badges: two queries. */
async function pageDetails(handle: DbHandle, ids: string[]): Promise<Map<string, Omit<QueueRow, "group" | "blockedBy">>> {
  const out = new Map<string, Omit<QueueRow, "group" | "blockedBy">>();
  if (ids.length === 0) return out;
  const change = tableName(handle, "Change");
  const { p, values } = sqlParams(handle);
  const sql = `SELECT j."id" AS "id", j."title" AS "title", j."status" AS "status", j."stage" AS "stage",
      j."statusReason" AS "statusReason", j."routedTier" AS "routedTier", j."routingReason" AS "routingReason",
      j."createdAt" AS "createdAt", r."id" AS "repositoryId", r."name" AS "repositoryName",
      u."id" AS "submitterId", u."name" AS "submitterName",
      c."id" AS "changeId", c."revision" AS "revision", c."tier" AS "tier", c."model" AS "model", c."recorded" AS "recorded"
    FROM ${tableName(handle, "Job")} j
    JOIN ${tableName(handle, "Repository")} r ON r."id" = j."repositoryId"
    JOIN ${tableName(handle, "User")} u ON u."id" = j."submitterId"
    LEFT JOIN ${change} c ON c."jobId" = j."id" AND c."revision" = (SELECT MAX(c2."revision") FROM ${change} c2 WHERE c2."jobId" = j."id")
    WHERE j."id" IN (${ids.map((id) => p(id)).join(", ")})`;
  const rows = await handle.db.$queryRawUnsafe<DetailRow[]>(sql, ...values);
  const byChange = new Map<string, QueueGateBadge[]>();
  for (const r of rows) {
    const gates: QueueGateBadge[] = [];
    if (r.changeId) byChange.set(r.changeId, gates);
    out.set(r.id, {
      id: r.id,
      title: r.title,
      status: r.status,
      stage: r.stage,
      statusReason: r.statusReason,
      repository: { id: r.repositoryId, name: r.repositoryName },
      submitter: { id: r.submitterId, name: r.submitterName },
      routedTier: r.routedTier,
      routingReason: r.routingReason,
      tier: r.tier,
      model: r.model,
      revision: r.revision === null || r.revision === undefined ? null : Number(r.revision),
      recorded: toBool(r.recorded),
      createdAt: toIso(r.createdAt),
      gates,
    });
  }
  const changeIds = [...byChange.keys()];
  if (changeIds.length) {
    const q = sqlParams(handle);
    // Only the sandbox marker is read out of `details` (which also holds whole test logs).
    const sandbox = handle.provider === "postgres" ? `"details"->>'sandbox'` : `json_extract("details", '$.sandbox')`;
    const results = await handle.db.$queryRawUnsafe<{ changeId: string; gate: string; status: string; score: unknown; summary: string; sandbox: string | null }[]>(
      `SELECT "changeId", "gate", "status", "score", "summary", ${sandbox} AS "sandbox" FROM ${tableName(handle, "GateResult")}
        WHERE "changeId" IN (${changeIds.map((id) => q.p(id)).join(", ")})`,
      ...q.values,
    );
    for (const r of results) {
      const score = r.score === null || r.score === undefined ? null : Number(r.score);
      byChange.get(r.changeId)?.push({ gate: r.gate, status: r.status, score, summary: r.summary, unsandboxed: r.sandbox === "none" });
    }
    for (const gates of byChange.values()) gates.sort((a, b) => (GATE_ORDER.get(a.gate) ?? 9) - (GATE_ORDER.get(b.gate) ?? 9));
  }
  return out;
}

/** Choices for the queue's filter controls. */
export async function queueFilterOptions(handle: DbHandle) {
  const [repositories, submitters] = await Promise.all([
    handle.db.repository.findMany({ select: { id: true, name: true }, orderBy: { name: "asc" } }),
    handle.db.user.findMany({ where: { jobs: { some: {} } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  return { repositories, submitters };
}
