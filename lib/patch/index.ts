/** Unified diffs, safely: parse, validate, apply in a throw-away worktree. */
export { PatchError, isPatchError, type PatchErrorCode, type FailingHunk, type PatchErrorDetails } from "./errors";
export { parsePatch, normalizePatchText, type ParsedPatch, type FilePatch, type PatchHunk, type FileChangeStatus } from "./parse";
export {
  validatePatchPaths,
  validatePatchPathNames,
  assertPatchBytesWithinLimit,
  assertPatchWithinLimits,
  PatchLimitsSchema,
  DEFAULT_PATCH_LIMITS,
  type PatchLimits,
} from "./validate";
export {
  applyPatchInWorktree,
  changedFilesFromPatch,
  collectChangedFiles,
  createWorktree,
  preparePatch,
  resolveCommit,
  resolveCommitAt,
  resolveRepoAndCommit,
  resolveRepoRoot,
  type AppliedPatch,
  type ApplyOptions,
  type Worktree,
} from "./worktree";
export { changedFilesAt, changedFilesViaIndex } from "./index-apply";
