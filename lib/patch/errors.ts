/** Errors raised while reading, checking or applying a unified diff. */

export type PatchErrorCode =
  | "empty-patch"
  | "no-hunks"
  | "bad-header"
  | "bad-hunk-header"
  | "hunk-mismatch"
  | "unsafe-path"
  | "too-large"
  | "not-a-repo"
  | "bad-ref"
  | "does-not-apply"
  | "git-failed";

/** A hunk git refused to apply, as reported in `git apply` stderr. */
export interface FailingHunk {
  file: string;
  /** Line in the old file where git tried the hunk. */
  line: number;
  /** The hunk's `@@ … @@` header when it could be matched to the parsed patch. */
  header?: string;
}

export interface PatchErrorDetails {
  path?: string;
  failingHunks?: FailingHunk[];
  stderr?: string;
}

export class PatchError extends Error {
  readonly code: PatchErrorCode;
  readonly details: PatchErrorDetails;

  constructor(code: PatchErrorCode, message: string, details: PatchErrorDetails = {}) {
    // One line only: the CLI prints messages as-is on stderr.
    super(message.replace(/\s*\n\s*/g, " ").trim());
    this.name = "PatchError";
    this.code = code;
    this.details = details;
  }
}

export function isPatchError(err: unknown): err is PatchError {
  return err instanceof PatchError;
}
