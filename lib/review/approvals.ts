/**
 * Required approvals: a revision merges once enough distinct reviewers approved it, and — when it
 * touches a path matching one of the lead-approval globs (like CODEOWNERS) — one of them is a lead.
 * Pure: the approve decision and the Change page both ask it with the approvals recorded so far.
 */
import { protectedMatches } from "../generation/routing";

export interface Approver {
  reviewerId: string;
  name: string;
  role: string;
}

export interface ApprovalRules {
  requiredApprovals: number;
  leadApprovalPaths: string[];
}

export interface ApprovalVerdict {
  met: boolean;
  required: number;
  approvedBy: { name: string; role: string }[];
  /** Lead-approval globs this revision matches, with one path each. */
  leadPaths: { glob: string; path: string }[];
  leadApproved: boolean;
  /** What is still missing, in words ("1 more approval", "a lead's approval (src/auth/** matches src/auth/a.ts)"). */
  needed: string[];
}

const LEAD_ROLES = new Set(["lead", "admin"]);

export function evaluateApprovals(approvals: readonly Approver[], rules: ApprovalRules, changedPaths: readonly string[]): ApprovalVerdict {
  const distinct = [...new Map(approvals.map((a) => [a.reviewerId, a])).values()];
  const required = Math.max(1, rules.requiredApprovals);
  const leadPaths = protectedMatches([...changedPaths], rules.leadApprovalPaths);
  const leadApproved = distinct.some((a) => LEAD_ROLES.has(a.role));
  const needed: string[] = [];
  const missing = required - distinct.length;
  if (missing > 0) needed.push(`${missing} more approval${missing === 1 ? "" : "s"}`);
  if (leadPaths.length > 0 && !leadApproved) {
    needed.push(`a lead's approval (${leadPaths.map((m) => `${m.glob} matches ${m.path}`).join("; ")})`);
  }
  return {
    met: needed.length === 0,
    required,
    approvedBy: distinct.map((a) => ({ name: a.name, role: a.role })),
    leadPaths,
    leadApproved,
    needed,
  };
}

/** The revision's changed paths as stored in Change.files ({path}[]). */
export function changedPathsOf(files: unknown): string[] {
  if (!Array.isArray(files)) return [];
  return files.flatMap((f) => (f && typeof f === "object" && typeof (f as { path?: unknown }).path === "string" ? [(f as { path: string }).path] : []));
}
