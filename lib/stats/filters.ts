/**
 * Stats filters: the query-string schema shared by GET /api/stats, the drill-down route and the
 * filter bar (safe to import from client components: zod only, no database code).
 *
 * Window semantics: 7d/30d/90d end "now"; custom covers whole UTC days, `from` inclusive through
 * `to` inclusive (a bare date `to=2026-03-31` includes all of March 31st). A full timestamp is used as is.
 */
import { z } from "zod";
import { ECOSYSTEMS, TIERS } from "../settings/constants";

export const WINDOWS = ["7d", "30d", "90d", "custom"] as const;
export type StatsWindow = (typeof WINDOWS)[number];
export const DEFAULT_WINDOW: StatsWindow = "30d";
const WINDOW_DAYS: Record<Exclude<StatsWindow, "custom">, number> = { "7d": 7, "30d": 30, "90d": 90 };
/** Longest custom window; bounds the cost of a query and of the per-day series. */
export const MAX_CUSTOM_DAYS = 400;
const DAY_MS = 86_400_000;

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** "" from an unset <select> means "all", same as an absent parameter. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

const isoDate = z
  .string()
  .trim()
  .refine((s) => (DATE_ONLY.test(s) || /^\d{4}-\d{2}-\d{2}T/.test(s)) && !Number.isNaN(Date.parse(s)), {
    message: "Use an ISO date (YYYY-MM-DD) or date-time",
  });

const filterFields = {
  window: z.preprocess((v) => (v === "" || v === undefined ? DEFAULT_WINDOW : v), z.enum(WINDOWS)),
  from: optional(isoDate),
  to: optional(isoDate),
  repositoryId: optional(z.string().trim().min(1).max(100)),
  tier: optional(z.enum(TIERS)),
  model: optional(z.string().trim().min(1).max(200)),
  ecosystem: optional(z.enum(ECOSYSTEMS)),
  /** `includeReplays=1`: count changes the recorded (demo replay) provider produced, and their jobs. */
  includeReplays: z.preprocess(
    (v) => (v === undefined || v === "" ? "0" : v),
    z.enum(["0", "1", "false", "true"], { message: "Use includeReplays=1 or leave it out" }).transform((v) => v === "1" || v === "true"),
  ),
};

function checkCustomWindow(q: { window: StatsWindow; from?: string; to?: string }, ctx: z.RefinementCtx): void {
  if (q.window !== "custom") return;
  if (!q.from) ctx.addIssue({ code: "custom", path: ["from"], message: "A custom window needs a start date" });
  if (!q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "A custom window needs an end date" });
  if (!q.from || !q.to) return;
  const { from, to } = customRange(q.from, q.to);
  if (to.getTime() <= from.getTime()) ctx.addIssue({ code: "custom", path: ["to"], message: "The end must be after the start" });
  else if (to.getTime() - from.getTime() > MAX_CUSTOM_DAYS * DAY_MS)
    ctx.addIssue({ code: "custom", path: ["to"], message: `A custom window spans at most ${MAX_CUSTOM_DAYS} days` });
}

/** GET /api/stats query parameters. Unknown parameters are ignored (dashboards may add their own). */
export const statsQuerySchema = z.object(filterFields).superRefine(checkCustomWindow);
export type StatsQuery = z.output<typeof statsQuerySchema>;

/** Filters with the window resolved to a half-open UTC range [from, to). */
export interface StatsFilters {
  window: StatsWindow;
  from: Date;
  to: Date;
  repositoryId?: string;
  tier?: string;
  model?: string;
  ecosystem?: string;
  /** Count recorded (replayed) completions too; by default only real providers' changes count. */
  includeReplays: boolean;
}

function customRange(fromText: string, toText: string): { from: Date; to: Date } {
  const from = new Date(DATE_ONLY.test(fromText) ? `${fromText}T00:00:00.000Z` : fromText);
  const toBase = new Date(DATE_ONLY.test(toText) ? `${toText}T00:00:00.000Z` : toText);
  // A bare end date means "through that day".
  const to = DATE_ONLY.test(toText) ? new Date(toBase.getTime() + DAY_MS) : toBase;
  return { from, to };
}

export function resolveStatsFilters(q: StatsQuery, now: Date = new Date()): StatsFilters {
  const preset = q.window === "custom" ? DEFAULT_WINDOW : q.window;
  const days = WINDOW_DAYS[preset as Exclude<StatsWindow, "custom">];
  const range = q.window === "custom" && q.from && q.to ? customRange(q.from, q.to) : { from: new Date(now.getTime() - days * DAY_MS), to: now };
  return {
    window: q.window,
    ...range,
    repositoryId: q.repositoryId,
    tier: q.tier,
    model: q.model,
    ecosystem: q.ecosystem,
    includeReplays: q.includeReplays,
  };
}

/** The filter keys, in the order the URL shows them. */
export const FILTER_KEYS = ["window", "from", "to", "repositoryId", "tier", "model", "ecosystem", "includeReplays"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = Partial<Record<FilterKey, string>>;

/** Filter values as a query string, dropping empty values and the dates of non-custom windows. */
export function filtersToSearchParams(values: FilterValues): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = values[key];
    if (v === undefined || v === "") continue;
    if ((key === "from" || key === "to") && values.window !== "custom") continue;
    // Replays are left out by default; only the opt-in goes into the URL.
    if (key === "includeReplays" && v !== "1" && v !== "true") continue;
    out.set(key, v);
  }
  return out;
}

/** Reads the filter keys out of any search params (other keys are left behind). */
export function filterValuesFrom(params: URLSearchParams): FilterValues {
  const out: FilterValues = {};
  for (const key of FILTER_KEYS) {
    const v = params.get(key);
    if (v !== null && v !== "") out[key] = v;
  }
  return out;
}
