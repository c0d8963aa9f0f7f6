/**
 * First-start demo: a real git repository under data/repos/demo and four jobs submitted by the demo
 * submitter, answered by the recorded provider and then run through the real gates by the worker.
 * Idempotent: nothing happens once the demo repository is registered.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { Db } from "../db/client";
import { enqueueJob } from "../queue";
import { getPolicy } from "../settings/policy";
import { routeJob, type Risk, type TaskType } from "../generation/routing";
import { DEMO_REPO_FILES } from "./demo-repo-files";
import { DEMO_JOBS } from "./recordings";

export const DEMO_REPO_NAME = "demo";
const ROOT = path.resolve(__dirname, "../..");

interface DemoJobSpec {
  title: string;
  instruction: string;
  targetPaths: string[];
  taskType: TaskType;
  risk: Risk;
}

export const DEMO_JOB_SPECS: DemoJobSpec[] = [
  {
    title: DEMO_JOBS.urlRefactor,
    instruction: "Refactor parseUrl so protocol and syntax validation happen in one helper, and simplify encodeQuery.",
    targetPaths: ["src/url.ts"],
    taskType: "refactor",
    risk: "medium",
  },
  {
    title: DEMO_JOBS.httpRetry,
    instruction: "getJson should retry up to 3 times on network errors and 5xx answers.",
    targetPaths: ["src/http.ts"],
    taskType: "complex",
    risk: "medium",
  },
  {
    title: DEMO_JOBS.queryParser,
    instruction: "Add parseQuery(input) in src/query.ts: parse a query string into a record, repeated keys become arrays.",
    targetPaths: ["src/query.ts"],
    taskType: "simple",
    risk: "low",
  },
  {
    title: DEMO_JOBS.crudHelper,
    instruction: "Add createStore<T>() to src/store.ts with create, read, update, remove and list, plus a test.",
    targetPaths: ["src/store.ts", "test/store.test.ts"],
    taskType: "simple",
    risk: "low",
  },
];

function git(dir: string, ...args: string[]) {
  return execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "Demo Author",
      GIT_AUTHOR_EMAIL: "demo@gatehouse.local",
      GIT_COMMITTER_NAME: "Demo Author",
      GIT_COMMITTER_EMAIL: "demo@gatehouse.local",
    },
  }).trim();
}

/** Creates the demo git repository (once) and returns its absolute path. */
export function ensureDemoRepo(dataDir: string): string {
  const dir = path.resolve(dataDir, "repos", "demo");
  if (!fs.existsSync(path.join(dir, ".git"))) {
    fs.mkdirSync(dir, { recursive: true });
    git(dir, "init", "-q", "-b", "main");
    for (const [p, text] of Object.entries(DEMO_REPO_FILES)) {
      fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
      fs.writeFileSync(path.join(dir, p), text);
    }
    git(dir, "add", "-A");
    git(dir, "commit", "-q", "-m", "demo-utils: URL, string and store helpers");
  }
  // The demo's tests run with tsx; Gatehouse's own node_modules provides it (ignored by the demo's git).
  const link = path.join(dir, "node_modules");
  if (!fs.existsSync(link)) fs.symlinkSync(path.join(ROOT, "node_modules"), link, "dir");
  return dir;
}

export async function seedDemo(db: Db, opts: { dataDir: string; log?: (m: string) => void }): Promise<{ created: boolean }> {
  const log = opts.log ?? (() => {});
  if (await db.repository.findUnique({ where: { name: DEMO_REPO_NAME } })) return { created: false };
  const submitter = await db.user.findUnique({ where: { email: "submitter@gatehouse.local" } });
  if (!submitter) {
    log("demo: skipped (no demo submitter)");
    return { created: false };
  }
  const repoDir = ensureDemoRepo(opts.dataDir);
  const repo = await db.repository.create({
    data: {
      name: DEMO_REPO_NAME,
      path: repoDir,
      defaultBranch: "main",
      testCommand: "node --import tsx --test test/*.test.ts",
      ecosystems: ["npm"],
    },
  });
  const policy = await getPolicy(db);
  const rules = policy.routingRules;
  for (const spec of DEMO_JOB_SPECS) {
    const route = routeJob({ taskType: spec.taskType, risk: spec.risk, targetPaths: spec.targetPaths }, { protectedPaths: policy.protectedPaths, rules });
    await enqueueJob(db, {
      ...spec,
      repositoryId: repo.id,
      submitterId: submitter.id,
      source: "demo",
      routedTier: route.tier,
      routingReason: route.summary,
    });
  }
  log(`demo: repository at ${repoDir} and ${DEMO_JOB_SPECS.length} jobs queued`);
  return { created: true };
}
