/**
 * Repositories jobs may change: a repository on a git server reached by its clone URL (credentials:
 * names of env variables only), or a local git checkout by absolute path; with a default branch, a
 * test command and how approved changes land.
 */
import path from "node:path";
import { z } from "zod";
import { parseCloneUrl, webUrlFor } from "../git/remote-url";
import { ENV_NAME } from "../git/remote-git";
import type { Db } from "../db/client";
import { recordAudit } from "../domain/audit";
import { ECOSYSTEMS, type Ecosystem } from "./constants";
import { ConflictError, InputError, NotFoundError, isUniqueViolation, type Actor, type FieldIssue } from "./errors";
import { checkGitRepository, checkRemoteRepository, localBranches } from "./git-check";
import { parseSarifCommands, sarifCommandsSchema, type SarifCommandSetting } from "./sarif-commands";

export { ECOSYSTEMS, type Ecosystem };

const name = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "Name is too long")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._/-]*$/, "Use letters, digits, '.', '_', '-' or '/' (no spaces)");
const repoPath = z
  .string()
  .trim()
  .min(1, "Path is required")
  .refine((p) => path.isAbsolute(p), "Must be an absolute path")
  .transform((p) => path.resolve(p));
const branch = z
  .string()
  .trim()
  .min(1, "Default branch is required")
  .max(200, "Branch name is too long")
  .regex(/^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+$/, "Not a valid branch name");
const testCommand = z
  .string()
  .trim()
  .max(1000, "Test command is too long")
  .nullable()
  .transform((s) => (s ? s : null));
const ecosystems = z.array(z.enum(ECOSYSTEMS)).max(ECOSYSTEMS.length).transform((a) => [...new Set(a)]);

const cloneUrl = z
  .string()
  .trim()
  .superRefine((u, ctx) => {
    if (path.isAbsolute(u)) return; // a local path given as url: today's behaviour
    const parsed = parseCloneUrl(u);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.message });
  });
const envName = z
  .string()
  .trim()
  .max(200, "Name is too long")
  .nullable()
  .transform((s) => (s ? s : null))
  .refine((s) => s === null || ENV_NAME.test(s), "An environment variable name: letters, digits and _ (the token itself never goes here)");
const optionalText = (max: number, what: string) =>
  z
    .string()
    .trim()
    .max(max, `${what} is too long`)
    .nullable()
    .transform((s) => (s ? s : null));
const webUrl = optionalText(2000, "Web URL").refine((s) => s === null || /^https?:\/\/[^\s@]+$/.test(s), "An http(s) URL without credentials");
const compareTemplate = optionalText(2000, "Compare link").refine(
  (s) => s === null || /^https?:\/\/[^\s@]+$/.test(s) || s.startsWith("{web}"),
  "An http(s) URL or a template starting with {web}, e.g. {web}/compare/{base}...{branch}",
);

/** `url` an absolute path is the same as `path`; exactly one of the two names the repository. */
function location<T extends { path?: string; url?: string }>(o: T, ctx: z.RefinementCtx, required: boolean): void {
  if (o.path !== undefined && o.url !== undefined) ctx.addIssue({ code: "custom", path: ["url"], message: "Give either a URL or a local path, not both" });
  else if (required && o.path === undefined && o.url === undefined) ctx.addIssue({ code: "custom", path: ["url"], message: "Clone URL (or absolute local path) is required" });
}

function normaliseLocation<T extends { path?: string; url?: string | null }>(o: T): T {
  if (o.url && path.isAbsolute(o.url)) return { ...o, path: path.resolve(o.url), url: undefined };
  return o;
}

const locationFields = {
  path: repoPath.optional(),
  url: cloneUrl.optional(),
  credentialEnv: envName.optional(),
  sshKeyEnv: envName.optional(),
  webUrl: webUrl.optional(),
  compareUrlTemplate: compareTemplate.optional(),
};

export const repositoryCreateSchema = z
  .strictObject({
    name,
    ...locationFields,
    defaultBranch: branch.default("main"),
    testCommand: testCommand.optional().transform((s) => s ?? null),
    ecosystems: ecosystems.default([]),
    branchPerChange: z.boolean().default(false),
    sarifCommands: sarifCommandsSchema.default([]),
  })
  .superRefine((o, ctx) => location(o, ctx, true))
  .transform(normaliseLocation);
export type RepositoryCreateInput = z.infer<typeof repositoryCreateSchema>;

export const repositoryUpdateSchema = z
  .strictObject({
    name: name.optional(),
    ...locationFields,
    defaultBranch: branch.optional(),
    testCommand: testCommand.optional(),
    ecosystems: ecosystems.optional(),
    branchPerChange: z.boolean().optional(),
    sarifCommands: sarifCommandsSchema.optional(),
  })
  .refine((o) => Object.values(o).some((v) => v !== undefined), "Nothing to update")
  .superRefine((o, ctx) => location(o, ctx, false))
  .transform(normaliseLocation);
export type RepositoryUpdateInput = z.infer<typeof repositoryUpdateSchema>;

/** "Test connection": the location fields of the form, checked without saving anything. */
export const repositoryTestSchema = z
  .strictObject({ ...locationFields, defaultBranch: branch.optional() })
  .superRefine((o, ctx) => location(o, ctx, true))
  .transform(normaliseLocation);
export type RepositoryTestInput = z.infer<typeof repositoryTestSchema>;

export interface RepositoryView {
  id: string;
  name: string;
  /** Absolute local path; empty for a repository reached by URL. */
  path: string;
  /** Clone URL; null for a local path repository. */
  url: string | null;
  credentialEnv: string | null;
  sshKeyEnv: string | null;
  /** As configured (null: derived from the clone URL, see webUrlOf). */
  webUrl: string | null;
  compareUrlTemplate: string | null;
  defaultBranch: string;
  testCommand: string | null;
  ecosystems: Ecosystem[];
  branchPerChange: boolean;
  sarifCommands: SarifCommandSetting[];
  createdAt: string;
  updatedAt: string;
}

export interface RepositoryDeps {
  checkGit?: (repoPath: string, branch: string) => Promise<FieldIssue[]>;
  checkRemote?: typeof checkRemoteRepository;
}

type Row = Awaited<ReturnType<Db["repository"]["findMany"]>>[number];

/** The browser URL ({web} of the compare template): configured, else derived from the clone URL. */
export function webUrlOf(r: { url: string | null; webUrl: string | null }): string | null {
  if (r.webUrl) return r.webUrl;
  const parsed = r.url ? parseCloneUrl(r.url) : null;
  return parsed?.ok ? webUrlFor(parsed.value) : null;
}

function toView(r: Row): RepositoryView {
  const eco = Array.isArray(r.ecosystems) ? r.ecosystems : [];
  return {
    id: r.id,
    name: r.name,
    path: r.url ? "" : r.path,
    url: r.url,
    credentialEnv: r.credentialEnv,
    sshKeyEnv: r.sshKeyEnv,
    webUrl: r.webUrl,
    compareUrlTemplate: r.compareUrlTemplate,
    defaultBranch: r.defaultBranch,
    testCommand: r.testCommand,
    ecosystems: eco.filter((e): e is Ecosystem => (ECOSYSTEMS as readonly unknown[]).includes(e)),
    branchPerChange: r.branchPerChange,
    sarifCommands: parseSarifCommands(r.sarifCommands),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

export async function listRepositories(db: Db): Promise<RepositoryView[]> {
  const rows = await db.repository.findMany({ orderBy: { name: "asc" } });
  return rows.map(toView);
}

interface Location {
  path: string;
  url: string | null;
  credentialEnv: string | null;
  sshKeyEnv: string | null;
}

async function assertGitLocation(deps: RepositoryDeps, loc: Location, branchValue: string): Promise<void> {
  const issues = loc.url
    ? (await (deps.checkRemote ?? checkRemoteRepository)({ url: loc.url, credentialEnv: loc.credentialEnv, sshKeyEnv: loc.sshKeyEnv }, branchValue)).issues
    : await (deps.checkGit ?? checkGitRepository)(loc.path, branchValue);
  if (issues.length > 0) throw new InputError("Invalid repository", issues);
}

/** The stored location after applying `input` to `current` (switching between URL and path clears the other). */
function mergedLocation(current: Location | null, input: Partial<Record<keyof Location, string | null | undefined>>): Location {
  if (input.url) return { path: "", url: input.url, credentialEnv: pick(input.credentialEnv, current?.credentialEnv), sshKeyEnv: pick(input.sshKeyEnv, current?.sshKeyEnv) };
  if (input.path) return { path: input.path, url: null, credentialEnv: null, sshKeyEnv: null };
  return {
    path: current?.path ?? "",
    url: current?.url ?? null,
    credentialEnv: pick(input.credentialEnv, current?.credentialEnv),
    sshKeyEnv: pick(input.sshKeyEnv, current?.sshKeyEnv),
  };
}
const pick = (next: string | null | undefined, prev: string | null | undefined) => (next === undefined ? (prev ?? null) : next);

function duplicateName(n: string): InputError {
  return new InputError("Invalid repository", [{ path: "name", message: `A repository named "${n}" already exists` }]);
}

export async function createRepository(
  db: Db,
  actor: Actor,
  input: RepositoryCreateInput,
  deps: RepositoryDeps = {},
): Promise<RepositoryView> {
  const loc = mergedLocation(null, input);
  await assertGitLocation(deps, loc, input.defaultBranch);
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.repository.create({
        data: {
          name: input.name,
          ...loc,
          webUrl: input.webUrl ?? null,
          compareUrlTemplate: input.compareUrlTemplate ?? null,
          defaultBranch: input.defaultBranch,
          testCommand: input.testCommand,
          ecosystems: input.ecosystems,
          branchPerChange: input.branchPerChange,
          sarifCommands: input.sarifCommands,
        },
      });
      await recordAudit(tx, {
        actorId: actor.id,
        actorLabel: actor.email,
        action: "settings.repository.create",
        subjectType: "Repository",
        subjectId: created.id,
        details: { ...input },
      });
      return created;
    });
    return toView(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(input.name);
    throw e;
  }
}

export async function updateRepository(
  db: Db,
  actor: Actor,
  id: string,
  input: RepositoryUpdateInput,
  deps: RepositoryDeps = {},
): Promise<RepositoryView> {
  const current = await db.repository.findUnique({ where: { id } });
  if (!current) throw new NotFoundError("Repository not found");
  const loc = mergedLocation(current, input);
  const locationChanged = (["path", "url", "credentialEnv", "sshKeyEnv"] as const).some((k) => loc[k] !== current[k]);
  if (locationChanged || input.defaultBranch !== undefined) {
    await assertGitLocation(deps, loc, input.defaultBranch ?? current.defaultBranch);
  }
  try {
    const row = await db.$transaction(async (tx) => {
      const updated = await tx.repository.update({ where: { id }, data: { ...input, ...loc } });
      await recordAudit(tx, {
        actorId: actor.id,
        actorLabel: actor.email,
        action: "settings.repository.update",
        subjectType: "Repository",
        subjectId: id,
        details: { changes: { ...input } },
      });
      return updated;
    });
    return toView(row);
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicateName(input.name ?? current.name);
    throw e;
  }
}

export async function deleteRepository(db: Db, actor: Actor, id: string): Promise<void> {
  const current = await db.repository.findUnique({ where: { id } });
  if (!current) throw new NotFoundError("Repository not found");
  const jobs = await db.job.count({ where: { repositoryId: id } });
  if (jobs > 0) {
    throw new ConflictError(`Repository "${current.name}" has ${jobs} job${jobs === 1 ? "" : "s"} and cannot be deleted`);
  }
  await db.$transaction(async (tx) => {
    await tx.repository.delete({ where: { id } });
    await recordAudit(tx, {
      actorId: actor.id,
      actorLabel: actor.email,
      action: "settings.repository.delete",
      subjectType: "Repository",
      subjectId: id,
      details: { name: current.name, path: current.path, url: current.url },
    });
  });
}

export interface ConnectionResult {
  ok: boolean;
  /** Branches found (remote: on the server; local path: its branches). */
  branches: string[];
  issues: FieldIssue[];
  /** For a remote that could not be read: dns, unreachable, auth, host-key, not-a-repository, config, timeout, other. */
  failure?: string;
}

/** Lists the branches of the repository the form describes, or says exactly why it cannot. Saves nothing. */
export async function testRepositoryConnection(input: RepositoryTestInput, deps: RepositoryDeps = {}): Promise<ConnectionResult> {
  if (input.url) {
    const r = await (deps.checkRemote ?? checkRemoteRepository)(
      { url: input.url, credentialEnv: input.credentialEnv ?? null, sshKeyEnv: input.sshKeyEnv ?? null },
      input.defaultBranch,
    );
    return { ok: r.issues.length === 0, branches: r.branches, issues: r.issues, ...(r.failure ? { failure: r.failure } : {}) };
  }
  const issues = await (deps.checkGit ?? checkGitRepository)(input.path ?? "", input.defaultBranch ?? "HEAD");
  const branches = issues.some((i) => i.path === "path") ? [] : await localBranches(input.path ?? "");
  const relevant = input.defaultBranch ? issues : issues.filter((i) => i.path !== "defaultBranch");
  return { ok: relevant.length === 0, branches, issues: relevant };
}
