import { popularNames } from "./popular-packages";
import { normalizePypiName } from "./python-distributions";

/** Optimal-string-alignment (restricted Damerau-Levenshtein) distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, rows[i - 2][j - 2] + 1);
      rows[i][j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
  }
  return rows[a.length][b.length];
}

/** Names this short collide by chance too often (`ws`/`wd`, `pg`/`pm`) to call one a typo of another. */
const MIN_TYPO_LENGTH = 4;

/**
 * The popular package `name` is one edit away from, when `name` itself is not popular: the mark of a typo or
 * a typosquat. Undefined otherwise.
 */
export function nearPopularName(ecosystem: "npm" | "pypi", name: string): string | undefined {
  const key = ecosystem === "pypi" ? normalizePypiName(name) : name.toLowerCase();
  const popular = popularNames(ecosystem);
  if (popular.has(key) || key.length < MIN_TYPO_LENGTH) return undefined;
  for (const candidate of popular) {
    if (editDistance(key, candidate.toLowerCase(), 1) <= 1) return candidate;
  }
  return undefined;
}
