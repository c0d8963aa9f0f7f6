/**
 * Ordinal (UTF-16 code unit) order of two strings, as git lists paths. Gates sort findings by file
 * with it: localeCompare would load ICU's collation data on first use — about 15 ms of every CLI
 * run — for an order that paths do not need.
 */
export function compareOrdinal(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
