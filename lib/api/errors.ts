/**
 * JSON error responses for route handlers. Bodies are always `{error, issues?}`; stack traces and
 * internal messages never reach the client.
 */
import { redactUrls } from "../git/remote-url";
import { ConflictError, InputError, NotFoundError, isRecordNotFound, isUniqueViolation, type FieldIssue } from "../settings/errors";

export class ApiError extends Error {
  readonly status: number;
  readonly issues?: FieldIssue[];
  constructor(status: number, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.issues = issues;
  }
}

export const badRequest = (message: string, issues?: FieldIssue[]) => new ApiError(400, message, issues);
export const notFound = (message = "Not found") => new ApiError(404, message);
export const conflict = (message: string) => new ApiError(409, message);

export function jsonError(status: number, error: string, issues?: FieldIssue[]): Response {
  return Response.json(issues ? { error, issues } : { error }, { status, headers: { "cache-control": "no-store" } });
}

export const unauthorizedResponse = () => jsonError(401, "Authentication required");
export const forbiddenResponse = () => jsonError(403, "Your role does not allow this");

/** Maps a thrown error to a response; anything unrecognised becomes a logged, opaque 500. */
export function errorToResponse(e: unknown): Response {
  if (e instanceof ApiError) return jsonError(e.status, e.message, e.issues);
  if (e instanceof InputError) return jsonError(400, e.message, e.issues);
  if (e instanceof NotFoundError) return jsonError(404, e.message);
  if (e instanceof ConflictError) return jsonError(409, e.message);
  // lib/domain's errors (job state machine), recognised by name to keep this module free of domain imports.
  const name = e instanceof Error ? e.name : "";
  if (name === "ConflictError" && e instanceof Error) return jsonError(409, e.message);
  if (/NotFoundError$/.test(name) && e instanceof Error) return jsonError(404, e.message);
  if (isUniqueViolation(e)) return jsonError(409, "Already exists");
  if (isRecordNotFound(e)) return jsonError(404, "Not found");
  console.error("route handler failed:", redactUrls(e instanceof Error ? (e.stack ?? e.message) : String(e)));
  return jsonError(500, "Internal server error");
}
