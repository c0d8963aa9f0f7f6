/** Errors settings services throw; lib/api maps them to 400/404/409 responses. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class InputError extends Error {
  readonly issues: FieldIssue[];
  constructor(message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = "InputError";
    this.issues = issues;
  }
}

export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotFoundError";
  }
}

export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** Who makes a change, for the audit log. */
export interface Actor {
  id: string;
  email: string;
}

/** Prisma's unique-constraint violation, recognised without importing either generated client. */
export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2002";
}

export function isRecordNotFound(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === "P2025";
}
