/** Repositories jobs may change: local git checkouts with a default branch and a test command. */
import path from "node:path";
import { z } from "zod";
import type { Db } from "../db/client";
import { recordAudit } from "../domain/audit";
import { ECOSYSTEMS, type Ecosystem } from "./constants";
import { ConflictError, InputError, NotFoundError, isUniqueViolation, type Actor, type FieldIssue } from "./errors";
import { checkGitRepository } from "./git-check";
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

export const repositoryCreateSchema = z.strictObject({
  name,
  path: repoPath,
  defaultBranch: branch.default("main"),
  testCommand: testCommand.optional().transform((s) => s ?? null),
  ecosystems: ecosystems.default([]),
  branchPerChange: z.boolean().default(false),
  sarifCommands: sarifCommandsSchema.default([]),
});
export type RepositoryCreateInput = z.infer<typeof repositoryCreateSchema>;

export const repositoryUpdateSchema = z
  .strictObject({
    name: name.optional(),
    path: repoPath.optional(),
    defaultBranch: branch.optional(),
    testCommand: testCommand.optional(),
    ecosystems: ecosystems.optional(),
    branchPerChange: z.boolean().optional(),
    sarifCommands: sarifCommandsSchema.optional(),
  })
  .refine((o) => Object.values(o).some((v) => v !== undefined), "Nothing to update");
export type RepositoryUpdateInput = z.infer<typeof repositoryUpdateSchema>;

export interface RepositoryView {
  id: string;
  name: string;
  path: string;
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
}

type Row = Awaited<ReturnType<Db["repository"]["findMany"]>>[number];

function toView(r: Row): RepositoryView {
  const eco = Array.isArray(r.ecosystems) ? r.ecosystems : [];
  return {
    id: r.id,
    name: r.name,
    path: r.path,
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

async function assertGitLocation(deps: RepositoryDeps, repoPathValue: string, branchValue: string): Promise<void> {
  const issues = await (deps.checkGit ?? checkGitRepository)(repoPathValue, branchValue);
  if (issues.length > 0) throw new InputError("Invalid repository", issues);
}

function duplicateName(n: string): InputError {
  return new InputError("Invalid repository", [{ path: "name", message: `A repository named "${n}" already exists` }]);
}

export async function createRepository(
  db: Db,
  actor: Actor,
  input: RepositoryCreateInput,
  deps: RepositoryDeps = {},
): Promise<RepositoryView> {
  await assertGitLocation(deps, input.path, input.defaultBranch);
  try {
    const row = await db.$transaction(async (tx) => {
      const created = await tx.repository.create({
        data: {
        name: input.name,
        path: input.path,
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
  if (input.path !== undefined || input.defaultBranch !== undefined) {
    await assertGitLocation(deps, input.path ?? current.path, input.defaultBranch ?? current.defaultBranch);
  }
  try {
    const row = await db.$transaction(async (tx) => {
      const updated = await tx.repository.update({ where: { id }, data: { ...input } });
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
      details: { name: current.name, path: current.path },
    });
  });
}
