import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDatabases, type TestDb } from "../db/testing";
import { createTempRepo, type TempRepo } from "../testing/git-repo";
import { createServerRepo, serverBaseDir, startGitDaemon, startGitHttpServer, type GitServer } from "../testing/git-servers";
import { InputError, ConflictError, NotFoundError } from "./errors";
import { checkGitRepository } from "./git-check";
import {
  createRepository,
  deleteRepository,
  listRepositories,
  repositoryCreateSchema,
  repositoryUpdateSchema,
  repositoryTestSchema,
  testRepositoryConnection,
  updateRepository,
} from "./repositories";
import { parseSarifCommands, sarifCommandsFromText } from "./sarif-commands";

async function issuesOf(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  return (e as InputError).issues;
}

describe("checkGitRepository (real git)", () => {
  let repo: TempRepo;
  let plain: string;
  beforeAll(() => {
    repo = createTempRepo({ "README.md": "hi\n" });
    repo.git("branch", "release");
    plain = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-plain-"));
  });
  afterAll(() => {
    repo.remove();
    fs.rmSync(plain, { recursive: true, force: true });
  });

  it("accepts a repository with an existing branch", async () => {
    expect(await checkGitRepository(repo.dir, "main")).toEqual([]);
    expect(await checkGitRepository(repo.dir, "release")).toEqual([]);
  });
  it("names the field at fault", async () => {
    expect(await checkGitRepository(path.join(plain, "missing"), "main")).toEqual([{ path: "path", message: "Path does not exist on the server" }]);
    expect(await checkGitRepository(plain, "main")).toEqual([{ path: "path", message: "Path is not a git repository" }]);
    expect((await checkGitRepository(repo.dir, "nope"))[0].path).toBe("defaultBranch");
  });
});

describe("repository schemas", () => {
  it("applies defaults and rejects unknown fields, relative paths and bad ecosystems", () => {
    const ok = repositoryCreateSchema.parse({ name: "demo", path: "/tmp/x" });
    expect(ok).toMatchObject({ defaultBranch: "main", testCommand: null, ecosystems: [], branchPerChange: false });
    expect(repositoryCreateSchema.safeParse({ name: "demo", path: "relative/x" }).success).toBe(false);
    expect(repositoryCreateSchema.safeParse({ name: "demo", path: "/x", ecosystems: ["cargo"] }).success).toBe(false);
    expect(repositoryCreateSchema.safeParse({ name: "demo", path: "/x", extra: 1 }).success).toBe(false);
    expect(repositoryCreateSchema.safeParse({ name: "has space", path: "/x" }).success).toBe(false);
    expect(repositoryCreateSchema.safeParse({ name: "d", path: "/x", defaultBranch: "-evil" }).success).toBe(false);
    expect(repositoryUpdateSchema.safeParse({}).success).toBe(false);
  });

  it("validates SARIF commands: names, one line each, no duplicates", () => {
    expect(repositoryCreateSchema.parse({ name: "d", path: "/x" }).sarifCommands).toEqual([]);
    const ok = repositoryUpdateSchema.parse({ sarifCommands: sarifCommandsFromText("semgrep: semgrep scan --sarif\n\nbandit:  bandit -r . -f sarif ") });
    expect(ok.sarifCommands).toEqual([
      { name: "semgrep", command: "semgrep scan --sarif" },
      { name: "bandit", command: "bandit -r . -f sarif" },
    ]);
    const bad = repositoryUpdateSchema.safeParse({ sarifCommands: sarifCommandsFromText("semgrep: a\nsemgrep: b\nno command here\nbad name!: x") });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["sarifCommands.2.command", "sarifCommands.3.name", "sarifCommands.1.name"]));
    expect(parseSarifCommands([{ name: "ok", command: "x" }, { name: "", command: "y" }, "junk"])).toEqual([{ name: "ok", command: "x" }]);
  });
});

describe.each(testDatabases())("repository settings on %s", (provider) => {
  let t: TestDb;
  let repo: TempRepo;
  let actor: { id: string; email: string };

  beforeAll(async () => {
    t = await openTestDb(provider);
    repo = createTempRepo({ "package.json": "{}\n" });
    repo.git("branch", "develop");
    const u = await t.db.user.create({ data: { email: "lead@example.test", name: "Lead", role: "lead" } });
    actor = { id: u.id, email: u.email };
  });
  afterAll(async () => {
    repo?.remove();
    await t?.close();
  });

  it("creates, lists, updates and deletes, auditing each change", async () => {
    const input = repositoryCreateSchema.parse({ name: "app", path: repo.dir, testCommand: "npm test", ecosystems: ["npm", "npm"] });
    const created = await createRepository(t.db, actor, input);
    expect(created).toMatchObject({ name: "app", path: repo.dir, defaultBranch: "main", ecosystems: ["npm"], testCommand: "npm test" });
    expect((await listRepositories(t.db)).map((r) => r.name)).toEqual(["app"]);

    const updated = await updateRepository(t.db, actor, created.id, repositoryUpdateSchema.parse({ defaultBranch: "develop", branchPerChange: true }));
    expect(updated).toMatchObject({ defaultBranch: "develop", branchPerChange: true, sarifCommands: [] });

    await deleteRepository(t.db, actor, created.id);
    expect(await listRepositories(t.db)).toEqual([]);

    const events = await t.db.auditEvent.findMany({ where: { subjectId: created.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action).sort()).toEqual(
      ["settings.repository.create", "settings.repository.delete", "settings.repository.update"].sort(),
    );
    expect(events.every((e) => e.actorId === actor.id && e.actorLabel === actor.email)).toBe(true);
  });

  it("refuses a path that is not a git repository and a missing branch, with field issues", async () => {
    const notGit = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-notgit-"));
    try {
      const a = await issuesOf(createRepository(t.db, actor, repositoryCreateSchema.parse({ name: "x1", path: notGit })));
      expect(a).toEqual([{ path: "path", message: "Path is not a git repository" }]);
      const b = await issuesOf(createRepository(t.db, actor, repositoryCreateSchema.parse({ name: "x2", path: repo.dir, defaultBranch: "trunk" })));
      expect(b[0].path).toBe("defaultBranch");
      expect(await t.db.repository.count()).toBe(0);
    } finally {
      fs.rmSync(notGit, { recursive: true, force: true });
    }
  });

  it("stores the SARIF commands of a repository", async () => {
    const created = await createRepository(t.db, actor, repositoryCreateSchema.parse({ name: "sarif-app", path: repo.dir, sarifCommands: [{ name: "semgrep", command: "semgrep scan --sarif" }] }));
    expect(created.sarifCommands).toEqual([{ name: "semgrep", command: "semgrep scan --sarif" }]);
    const cleared = await updateRepository(t.db, actor, created.id, repositoryUpdateSchema.parse({ sarifCommands: [] }));
    expect(cleared.sarifCommands).toEqual([]);
    await deleteRepository(t.db, actor, created.id);
  });

  it("reports a duplicate name on the name field", async () => {
    const input = repositoryCreateSchema.parse({ name: "dup", path: repo.dir });
    await createRepository(t.db, actor, input);
    const issues = await issuesOf(createRepository(t.db, actor, input));
    expect(issues[0]).toMatchObject({ path: "name" });
  });

  it("will not delete a repository that has jobs, and 404s unknown ids", async () => {
    const r = await createRepository(t.db, actor, repositoryCreateSchema.parse({ name: "busy", path: repo.dir }));
    await t.db.job.create({
      data: { title: "t", instruction: "i", targetPaths: ["a.ts"], repositoryId: r.id, submitterId: actor.id },
    });
    await expect(deleteRepository(t.db, actor, r.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(deleteRepository(t.db, actor, "missing")).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateRepository(t.db, actor, "missing", { name: "z" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("repositories by clone URL (real git servers)", () => {
  const TOKEN = "repo-settings-token-5678";
  let base: string;
  let daemon: GitServer;
  let httpSrv: GitServer;
  beforeAll(async () => {
    base = serverBaseDir();
    createServerRepo(base, "svc", { "a.txt": "a\n" });
    daemon = await startGitDaemon(base);
    httpSrv = await startGitHttpServer(base, { user: "*", password: TOKEN });
    process.env.GATEHOUSE_SETTINGS_TEST_TOKEN = TOKEN;
    process.env.GATEHOUSE_SETTINGS_WRONG = "not-the-token-4321";
  });
  afterAll(async () => {
    await daemon?.stop();
    await httpSrv?.stop();
    delete process.env.GATEHOUSE_SETTINGS_TEST_TOKEN;
    delete process.env.GATEHOUSE_SETTINGS_WRONG;
    fs.rmSync(base, { recursive: true, force: true });
  });

  it("validates URLs and variable names in the schema, and treats an absolute url as a path", () => {
    expect(repositoryCreateSchema.parse({ name: "r", url: "/srv/repo" })).toMatchObject({ path: "/srv/repo", url: undefined });
    const withCreds = new URL("https://127.0.0.1/a.git");
    withCreds.username = "me";
    withCreds.password = TOKEN;
    const bad = repositoryCreateSchema.safeParse({ name: "r", url: withCreds.href });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error)).not.toContain(TOKEN);
    expect(repositoryCreateSchema.safeParse({ name: "r", url: "https://127.0.0.1/a.git", credentialEnv: TOKEN.replace(/-/g, " ") }).success).toBe(false);
    expect(repositoryCreateSchema.safeParse({ name: "r" }).success).toBe(false);
    expect(repositoryCreateSchema.safeParse({ name: "r", url: "git://127.0.0.1/a.git", path: "/x" }).success).toBe(false);
  });

  it("tests a connection: branches, or exactly why not", async () => {
    const ok = await testRepositoryConnection(repositoryTestSchema.parse({ url: httpSrv.urlOf("svc"), credentialEnv: "GATEHOUSE_SETTINGS_TEST_TOKEN", defaultBranch: "main" }));
    expect(ok).toEqual({ ok: true, branches: ["main"], issues: [] });
    const wrong = await testRepositoryConnection(repositoryTestSchema.parse({ url: httpSrv.urlOf("svc"), credentialEnv: "GATEHOUSE_SETTINGS_WRONG" }));
    expect(wrong).toMatchObject({ ok: false, failure: "auth", issues: [{ path: "credentialEnv" }] });
    expect(JSON.stringify(wrong)).not.toContain("not-the-token-4321");
    const missing = await testRepositoryConnection(repositoryTestSchema.parse({ url: daemon.urlOf("nope") }));
    expect(missing).toMatchObject({ ok: false, failure: "not-a-repository" });
    const branch = await testRepositoryConnection(repositoryTestSchema.parse({ url: daemon.urlOf("svc"), defaultBranch: "trunk" }));
    expect(branch).toMatchObject({ ok: false, branches: ["main"], issues: [{ path: "defaultBranch" }] });
  });

  describe.each(testDatabases())("stored on %s", (provider) => {
    let t: TestDb;
    let actor: { id: string; email: string };
    beforeAll(async () => {
      t = await openTestDb(provider);
      const u = await t.db.user.create({ data: { email: "admin@example.test", name: "Admin", role: "admin" } });
      actor = { id: u.id, email: u.email };
    });
    afterAll(async () => t?.close());

    it("registers by URL with the variable's name only, and refuses an unreachable or unauthorised one", async () => {
      const created = await createRepository(
        t.db,
        actor,
        repositoryCreateSchema.parse({ name: "svc", url: httpSrv.urlOf("svc"), credentialEnv: "GATEHOUSE_SETTINGS_TEST_TOKEN", compareUrlTemplate: "{web}/compare/{base}...{branch}" }),
      );
      expect(created).toMatchObject({ url: httpSrv.urlOf("svc"), path: "", credentialEnv: "GATEHOUSE_SETTINGS_TEST_TOKEN" });
      const issues = await issuesOf(createRepository(t.db, actor, repositoryCreateSchema.parse({ name: "svc2", url: httpSrv.urlOf("svc"), credentialEnv: "GATEHOUSE_SETTINGS_WRONG" })));
      expect(issues[0].path).toBe("credentialEnv");
      expect(issues[0].message).toMatch(/Authentication failed/);
      // Switching to git:// keeps no credential variable around unless given.
      const moved = await updateRepository(t.db, actor, created.id, repositoryUpdateSchema.parse({ url: daemon.urlOf("svc"), credentialEnv: null }));
      expect(moved).toMatchObject({ url: daemon.urlOf("svc"), credentialEnv: null });
      const dump = JSON.stringify(await t.db.repository.findMany()) + JSON.stringify(await t.db.auditEvent.findMany());
      expect(dump).not.toContain(TOKEN);
      expect(dump).not.toContain("not-the-token-4321");
    });
  });
});
