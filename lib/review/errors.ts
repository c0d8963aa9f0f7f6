/**
 * Why a review decision was refused. Each kind maps to one HTTP status in the API routes; the messages
 * are written for the reviewer who sees them next to the decision bar.
 */
import type { FieldIssue } from "../settings/errors";

export type DecisionErrorKind =
  /** The role may not decide (or may not override). */
  | "forbidden"
  /** The reviewer submitted the job. */
  | "self-decision"
  /** The page is out of date: a newer revision, another decision, or a version change. */
  | "stale"
  /** The merge policy is not met and no valid override was given. */
  | "policy"
  /** A field is missing or not allowed (reason, tier below the routing minimum, unknown model). */
  | "invalid"
  | "not-found";

const STATUS: Record<DecisionErrorKind, number> = {
  forbidden: 403,
  "self-decision": 403,
  stale: 409,
  policy: 422,
  invalid: 400,
  "not-found": 404,
};

export class DecisionError extends Error {
  readonly kind: DecisionErrorKind;
  readonly issues: FieldIssue[];
  constructor(kind: DecisionErrorKind, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = "DecisionError";
    this.kind = kind;
    this.issues = issues;
  }

  get status(): number {
    return STATUS[this.kind];
  }
}

export function isDecisionError(e: unknown): e is DecisionError {
  return e instanceof DecisionError;
}
