/**
 * Patch intake: a change made elsewhere (Codex, Claude Code, Aider, Copilot…) enters the review flow.
 * The diff is checked (size, structure, paths) and applied to its base commit in a throw-away worktree;
 * only a patch that applies becomes a queued Job with its first Change revision, so the worker can go
 * straight to the gates. Throws IntakeError for anything the caller got wrong.
 */
import type { Db, Prisma } from "../db/client";
import { recordAudit } from "../domain/audit";
import { retryOnBusy } from "../domain/sqlite-busy";
import type { ChangedFile } from "../gates/types";
import {
  applyPatchInWorktree,
  isPatchError,
  preparePatch,
  resolveCommit,
  resolveRepoRoot,
  validatePatchPathNames,
  type ParsedPatch,
  type PatchError,
  type PatchLimits,
} from "../patch";
import { defaultMaxAttempts } from "../queue/enqueue";
import { zodIssues } from "../api/validation";
import { IntakeError } from "./errors";
import { RemoteGitError } from "../git/remote-git";
import { repositoryGitDir, type RepositoryLocation } from "../git/repository-dir";
import { SubmitChangeInputSchema, type SubmitChangeData } from "./submit-input";

/** The token owner (or signed-in user) who submits. */
export interface Submitter {
  id: string;
  email: string;
}

export interface SubmitChangeOptions {
  /** Patch limits (default: lib/patch's DEFAULT_PATCH_LIMITS). */
  limits?: Partial<PatchLimits>;
}

export interface SubmittedChange {
  jobId: string;
  changeId: string;
  status: string;
}

/**
 * Job source of intake jobs. The worker's default pipeline sends "patch" jobs (first revision) straight
 * to the gates; "api" also means "filed through the API for generation" (POST /api/jobs with a token).
 */
export const INTAKE_JOB_SOURCE = "patch";
/** Job.routedTier and Change.tier of a change no Gatehouse tier wrote. */
export const EXTERNAL_TIER = "external";

export async function submitChange(db: Db, submitter: Submitter, raw: unknown, opts: SubmitChangeOptions = {}): Promise<SubmittedChange> {
  const input = parseInput(raw);
  const repo = await db.repository.findUnique({ where: { name: input.repository } });
  if (!repo) {
    throw new IntakeError("unknown-repository", `Repository "${input.repository}" not found`, {
      issues: [{ path: "repository", message: "No repository with this name" }],
    });
  }
  // Static checks first: a bad or oversized patch is refused without touching git.
  patchStep(() => {
    const parsed: ParsedPatch = preparePatch(input.diff, opts.limits);
    validatePatchPathNames(parsed);
  });
  const root = await repositoryRoot(repo);
  const baseCommit = await resolveBase(root, repo.name, repo.defaultBranch, input.baseCommit);
  const applied = await patchStepAsync(() => applyPatchInWorktree(root, baseCommit, input.diff, { limits: opts.limits }));
  let files: ChangedFile[];
  let diff: string;
  try {
    files = applied.files;
    diff = applied.parsed.text;
  } finally {
    await applied.cleanup();
  }
  return store(db, submitter, input, { repositoryId: repo.id, baseCommit: applied.commit, diff, files });
}

function parseInput(raw: unknown): SubmitChangeData {
  const parsed = SubmitChangeInputSchema.safeParse(raw);
  if (!parsed.success) throw new IntakeError("invalid-input", "Invalid request body", { issues: zodIssues(parsed.error) });
  return parsed.data;
}

/** Maps lib/patch's errors to intake errors; git failures of the server's own making propagate (500). */
function toIntakeError(e: PatchError): IntakeError | null {
  switch (e.code) {
    case "empty-patch":
    case "no-hunks":
    case "bad-header":
    case "bad-hunk-header":
    case "hunk-mismatch":
      return new IntakeError("malformed-patch", `malformed patch: ${e.message}`, { issues: [{ path: "diff", message: e.message }] });
    case "unsafe-path":
      return new IntakeError("unsafe-path", e.message, { issues: [{ path: "diff", message: e.message }] });
    case "too-large":
      return new IntakeError("too-large", e.message);
    case "does-not-apply":
      return new IntakeError("does-not-apply", e.message, { failingHunks: e.details.failingHunks ?? [] });
    default:
      return null; // bad-ref / not-a-repo are handled where they can occur; git-failed is ours
  }
}

function patchStep<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw (isPatchError(e) && toIntakeError(e)) || e;
  }
}

async function patchStepAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw (isPatchError(e) && toIntakeError(e)) || e;
  }
}

async function repositoryRoot(repo: RepositoryLocation & { name: string }): Promise<string> {
  const name = repo.name;
  try {
    // A repository on a git server: this process's mirror, fetched now so the default branch is current.
    return await resolveRepoRoot(await repositoryGitDir(repo, { fetch: "always" }));
  } catch (e) {
    if (e instanceof RemoteGitError) throw new IntakeError("repository-unavailable", `Repository "${name}" cannot be read from its git server: ${e.message}`);
    // The path stays out of the message: callers need not know the server's file system.
    if (isPatchError(e) && e.code === "not-a-repo") {
      throw new IntakeError("repository-unavailable", `Repository "${name}" is not available on the server (not a git repository)`);
    }
    throw e;
  }
}

/** The given ref or sha, else the default branch's head; always a full commit id. */
async function resolveBase(root: string, repoName: string, defaultBranch: string, ref: string | undefined): Promise<string> {
  const badBase = (message: string) => new IntakeError("bad-base", message, { issues: [{ path: "baseCommit", message }] });
  const tryResolve = async (r: string): Promise<string | null> => {
    try {
      return await resolveCommit(root, r);
    } catch (e) {
      if (isPatchError(e) && e.code === "bad-ref") return null;
      throw e;
    }
  };
  if (ref !== undefined) {
    const sha = await tryResolve(ref);
    if (!sha) throw badBase(`Unknown commit "${ref}" in repository "${repoName}"`);
    return sha;
  }
  // refs/heads/ first: a tag with the branch's name would otherwise win in git's lookup order.
  const sha = (await tryResolve(`refs/heads/${defaultBranch}`)) ?? (await tryResolve(defaultBranch));
  if (!sha) throw badBase(`Default branch "${defaultBranch}" does not exist in repository "${repoName}"; pass baseCommit`);
  return sha;
}

interface CheckedChange {
  repositoryId: string;
  baseCommit: string;
  diff: string;
  files: ChangedFile[];
}

/** Job (queued, first revision already there) + Change revision 1 + audit event, all or nothing. */
async function store(db: Db, submitter: Submitter, input: SubmitChangeData, change: CheckedChange): Promise<SubmittedChange> {
  const policy = await db.policy.findUnique({ where: { id: "default" }, select: { maxAttempts: true } });
  const maxAttempts = policy?.maxAttempts ?? defaultMaxAttempts();
  const targetPaths = [...new Set(change.files.map((f) => f.path))];
  const routingReason = `submitted through the API by ${input.model}`;
  const files = JSON.parse(JSON.stringify(change.files)) as Prisma.InputJsonValue;

  return retryOnBusy(() =>
    db.$transaction(async (tx) => {
      const job = await tx.job.create({
        data: {
          title: input.title,
          instruction: input.instruction || input.title,
          targetPaths,
          taskType: "simple",
          risk: "medium",
          requestedTier: null,
          routedTier: EXTERNAL_TIER,
          routingReason,
          source: INTAKE_JOB_SOURCE,
          status: "queued",
          maxAttempts,
          repositoryId: change.repositoryId,
          submitterId: submitter.id,
        },
      });
      const row = await tx.change.create({
        data: {
          jobId: job.id,
          revision: 1,
          tier: EXTERNAL_TIER,
          model: input.model,
          recorded: false,
          baseCommit: change.baseCommit,
          diff: change.diff,
          files,
          routingReason,
          cause: "initial",
        },
      });
      await recordAudit(tx, {
        actorId: submitter.id,
        actorLabel: submitter.email,
        action: "job.created",
        subjectType: "job",
        subjectId: job.id,
        details: {
          title: job.title,
          source: job.source,
          via: "api",
          taskType: job.taskType,
          risk: job.risk,
          routedTier: EXTERNAL_TIER,
          model: input.model,
          changeId: row.id,
          baseCommit: change.baseCommit,
          files: targetPaths,
          maxAttempts,
        },
      });
      return { jobId: job.id, changeId: row.id, status: job.status };
    }),
  );
}
