/** Why a submitted change was refused; each kind maps to one HTTP status (and the CLI to an exit code). */
import type { FailingHunk } from "../patch";
import type { FieldIssue } from "../settings/errors";

export const INTAKE_ERROR_STATUS = {
  "invalid-input": 400,
  "unknown-repository": 404,
  "bad-base": 400,
  "malformed-patch": 400,
  "unsafe-path": 400,
  "too-large": 413,
  "does-not-apply": 422,
  /** The Repository row points at something that is not a git repository: the server's problem, not the caller's. */
  "repository-unavailable": 503,
} as const;

export type IntakeErrorKind = keyof typeof INTAKE_ERROR_STATUS;

export interface IntakeErrorDetails {
  issues?: FieldIssue[];
  failingHunks?: FailingHunk[];
}

export class IntakeError extends Error {
  readonly kind: IntakeErrorKind;
  readonly issues?: FieldIssue[];
  readonly failingHunks?: FailingHunk[];

  constructor(kind: IntakeErrorKind, message: string, details: IntakeErrorDetails = {}) {
    // One line: the CLI prints it as-is.
    super(message.replace(/\s*\n\s*/g, " ").trim());
    this.name = "IntakeError";
    this.kind = kind;
    if (details.issues) this.issues = details.issues;
    if (details.failingHunks) this.failingHunks = details.failingHunks;
  }

  get status(): number {
    return INTAKE_ERROR_STATUS[this.kind];
  }
}

export function isIntakeError(e: unknown): e is IntakeError {
  return e instanceof IntakeError;
}

/** JSON body `{error, code, issues?, failingHunks?}`, the shape of lib/api's errors plus a machine-readable code. */
export function intakeErrorResponse(e: IntakeError): Response {
  const body: Record<string, unknown> = { error: e.message, code: e.kind };
  if (e.issues?.length) body.issues = e.issues;
  if (e.failingHunks?.length) body.failingHunks = e.failingHunks;
  return Response.json(body, { status: e.status, headers: { "cache-control": "no-store" } });
}
