/** Number formatting for the stats page (client-safe). */

export function formatPercent(rate: number | null | undefined, digits = 1): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return "–";
  return `${(rate * 100).toFixed(digits)}%`;
}

/** A percentage with its sample size: "22.2% (2 of 9)"; "–" with no sample. */
export function formatShare(part: number, whole: number, digits = 1): string {
  if (!(whole > 0)) return "–";
  return `${formatPercent(part / whole, digits)} (${formatCount(part)} of ${formatCount(whole)})`;
}

/**
 * A rate (0..1) for CSV in the page's unit: percent with the page's digits ("22.2" for 2 of 9), so an
 * export and the page agree. Empty when there is no sample.
 */
export function percentCell(rate: number | null | undefined, digits = 1): string | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null;
  return (rate * 100).toFixed(digits);
}

/** 850 ms, 1.2 s, 3.5 min, 2.1 h — durations for latency and decision time. */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "–";
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${(ms / 60_000).toFixed(1)} min`;
  if (ms < 86_400_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / 86_400_000).toFixed(1)} d`;
}

export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  return n.toLocaleString("en-US");
}

/** Costs in the providers' price unit, 4 significant decimals for small amounts. */
export function formatCost(cost: number | null | undefined): string {
  if (cost === null || cost === undefined || !Number.isFinite(cost)) return "–";
  return cost >= 100 ? cost.toFixed(2) : cost.toFixed(4);
}
