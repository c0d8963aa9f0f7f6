/**
 * How the queue page shows a page of rows: jobs a reviewer can approve apart from the ones the merge
 * policy blocks, then merge conflicts, work in progress and finished jobs, each under its heading; and
 * the one line that says why a row is where it is. Pure, shared by the page and its tests.
 */
import type { QueueRow } from "./queue-query";

export type QueueSection = "approvable" | "blocked" | "conflict" | "in-progress" | "finished";

export const SECTION_LABELS: Record<QueueSection, string> = {
  approvable: "Awaiting review — can be approved",
  blocked: "Awaiting review — blocked by policy",
  conflict: "Merge conflict — reroute or reject",
  "in-progress": "In progress",
  finished: "Finished",
};

const ORDER: QueueSection[] = ["approvable", "blocked", "conflict", "in-progress", "finished"];

export function sectionOf(row: Pick<QueueRow, "status" | "group" | "blockedBy">): QueueSection {
  if (row.status === "awaiting_review") return row.blockedBy && row.blockedBy.length ? "blocked" : "approvable";
  if (row.status === "conflict") return "conflict";
  return row.group === 1 ? "in-progress" : "finished";
}

/**
 * The page's rows in display order: sections in ORDER, the server's order (newest first) inside each.
 * Sorting stays inside the page, so keyset pagination is untouched.
 */
export function sectionRows<T extends Pick<QueueRow, "status" | "group" | "blockedBy">>(rows: readonly T[]): { row: T; section: QueueSection }[] {
  return rows
    .map((row, i) => ({ row, section: sectionOf(row), i }))
    .sort((a, b) => ORDER.indexOf(a.section) - ORDER.indexOf(b.section) || a.i - b.i)
    .map(({ row, section }) => ({ row, section }));
}

/** One line saying why the job is where it is: the first policy reason (and how many more), else the status reason. */
export function rowReason(row: Pick<QueueRow, "status" | "statusReason" | "blockedBy">): string | null {
  if (row.status === "awaiting_review") {
    const reasons = row.blockedBy ?? [];
    if (!reasons.length) return null;
    return reasons.length > 1 ? `${reasons[0]} (+${reasons.length - 1} more)` : reasons[0];
  }
  return row.statusReason?.trim() || null;
}
