/**
 * Review fixtures for the e2e specs, written with Prisma straight into the e2e database (no API), as a
 * worker would: `npx tsx e2e/review-fixtures.ts <command> '<json options>'` prints one JSON line.
 *   change   {tag, submitter?, gates: "warn" | "blocked" | "tests-fail"} → a git repo + repository row + a job awaiting review
 *   revision {jobId, alter?}                              → the next revision of a queued job (worker stand-in);
 *                                                           alter "1": src/report.ts differs from the previous revision
 *   running  {jobId, stage}                               → a queued job picked up and generating, with a stage
 *   stage    {jobId, stage}                               → a new progress text for a running job
 *   gating   {jobId, stage}                               → a generating job's next revision written, its gates running
 *   approved {jobId, reviewer?}                           → the job approved by a reviewer but never merged (a stopped server)
 *   repo     {tag}                                        → a git repo (with a protected src/auth file) + repository row
 *   bulk     {tag, count, repositoryId}                   → many queued jobs titled "<tag> bulk <n>" (no audit rows)
 *   stats    {}                                           → lib/stats/fixture.ts's hand-computed data set (March 2026), once
 *   stats-remove {}                                       → removes that data set again, so later specs see the seeded queue
 * Specs call it through runReviewFixture() in e2e/review-helpers.ts.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createDb, DbNull } from "../lib/db/client";
import { workerActor } from "../lib/domain/audit";
import { transitionJob } from "../lib/domain/transitions";
import { addRevision, createAwaitingReviewJob, createRepositoryRow, type SeedGate } from "../lib/review/testing/fixtures";
import { unifiedDiff } from "../lib/review/testing/unified-diff";
import { FIXTURE_PROVIDERS, insertStatsFixture } from "../lib/stats/fixture";
import { E2E_DB_URL, E2E_DIR } from "./env";

export const BASE_FILES: Record<string, string> = {
  "package.json": `{ "name": "ledger", "version": "1.0.0", "dependencies": { "lodash": "^4.17.21" } }\n`,
  "src/money.ts": [
    "/** Parses a user-entered amount into cents. */",
    "export function parseAmount(input: string): number {",
    "  const n = Number(input);",
    '  if (!Number.isFinite(n) || n <= 0) throw new Error("Invalid amount");',
    "  return Math.round(n * 100);",
    "}",
    "",
  ].join("\n"),
  "src/report.ts": ["export function summarize(values: number[]): string {", "  return values.join(\", \");", "}", ""].join("\n"),
  "src/api/handler.ts": [
    'import { parseAmount } from "../money";',
    "",
    "export function handle(body: { amount: string }) {",
    "  try {",
    "    return { cents: parseAmount(body.amount) };",
    "  } catch (e) {",
    '    if (e instanceof Error && e.message === "Invalid amount") return { error: 400 };',
    "    throw e;",
    "  }",
    "}",
    "",
  ].join("\n"),
  "src/auth/session.ts": ["export const SESSION_TTL_SECONDS = 3600;", ""].join("\n"),
  "test/money.test.ts": [
    'import { parseAmount } from "../src/money";',
    "",
    'test("rejects negative amounts", () => {',
    "  expect(() => parseAmount(\"-1\")).toThrow(",
    '    "Invalid amount",',
    "  );",
    "});",
    "",
  ].join("\n"),
};

const REPORT_AFTER = [
  'import { round } from "lodahs";',
  "",
  "export function summarize(values: number[], currency = \"EUR\"): string {",
  "  const parts: string[] = [];",
  "  for (const v of values) {",
  "    if (v < 0) parts.push(`-${round(-v, 2)} ${currency}`);",
  "    else if (v === 0) parts.push(\"zero\");",
  "    else if (v > 1000) parts.push(`${round(v / 1000, 1)}k ${currency}`);",
  "    else parts.push(`${round(v, 2)} ${currency}`);",
  "  }",
  '  return parts.length ? parts.join(", ") : "nothing";',
  "}",
  "",
].join("\n");

const MONEY_AFTER = BASE_FILES["src/money.ts"].replace('"Invalid amount"', '"Amount must be a positive number"');

/** What the tests gate records for a newly failing test: the runner's assertion message and file:line. */
export const FAILING_TEST = {
  kind: "newly-failing",
  test: "summarize > formats thousands",
  message: "AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:\n\n'1.5k EUR' !== '1.5 k EUR'",
  file: "test/report.test.ts",
  line: 12,
};

function testsGate(kind: "warn" | "blocked" | "tests-fail"): SeedGate {
  if (kind === "tests-fail") {
    const log = Array.from({ length: 59 }, (_, i) => `  ✓ ledger test ${i + 1}`).join("\n") + `\n  ✗ ${FAILING_TEST.test}\n    at test/report.test.ts:12:5\nTests: 59 passed, 1 failed, 60 total\n`;
    return {
      gate: "tests",
      status: "fail",
      score: 98.3,
      summary: `59/60 tests passed (98.3%); 1 newly failing: ${FAILING_TEST.test}`,
      findings: [FAILING_TEST],
      details: { passed: 59, failed: 1, total: 60, log },
    };
  }
  const log = Array.from({ length: 60 }, (_, i) => `  ✓ ledger test ${i + 1}`).join("\n") + "\nTests: 60 passed, 60 total\n";
  return { gate: "tests", status: "pass", score: 100, summary: "60/60 tests passed (100%)", findings: [], details: { passed: 60, failed: 0, total: 60, log } };
}

function gatesFor(kind: "warn" | "blocked" | "tests-fail"): SeedGate[] {
  const blocked = kind === "blocked";
  return [
    testsGate(kind),
    {
      gate: "dependencies",
      status: blocked ? "fail" : "warn",
      summary: blocked ? "1 package does not exist: lodahs" : "1 suspicious package: lodahs",
      findings: [
        {
          ecosystem: "npm",
          package: "lodahs",
          kind: blocked ? "not-found" : "suspicious",
          file: "src/report.ts",
          line: 1,
          message: blocked ? "lodahs does not exist in the npm registry (hallucinated import)" : "lodahs looks like a typo of the popular package lodash",
        },
      ],
    },
    {
      gate: "complexity",
      status: blocked ? "fail" : "warn",
      summary: blocked ? "summarize is over the threshold (cyclomatic 14)" : "summarize became more complex (cyclomatic 1→6)",
      findings: [
        { file: "src/report.ts", function: "summarize", line: 3, cyclomaticBefore: 1, cyclomatic: blocked ? 14 : 6, cognitiveBefore: 0, cognitive: blocked ? 12 : 7 },
      ],
    },
    {
      gate: "error-contract",
      status: "warn",
      summary: "1 error message changed; 2 consumers depend on it",
      findings: [
        {
          file: "src/money.ts",
          line: 4,
          kind: "changed",
          entryKind: "message",
          functionName: "parseAmount",
          site: "throw:Error",
          before: "Invalid amount",
          after: "Amount must be a positive number",
          consumers: [
            { file: "src/api/handler.ts", line: 7, text: "Invalid amount", match: "literal", broken: true },
            { file: "test/money.test.ts", line: 5, text: "Invalid amount", match: "literal", broken: true },
          ],
        },
      ],
    },
    { gate: "static-analysis", status: "skipped", summary: "no analyser applies", findings: [], details: { tools: [] } },
  ];
}

function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], {
    encoding: "utf8",
    env: { ...process.env, GIT_AUTHOR_NAME: "E2E", GIT_AUTHOR_EMAIL: "e2e@gatehouse.local", GIT_COMMITTER_NAME: "E2E", GIT_COMMITTER_EMAIL: "e2e@gatehouse.local" },
  }).trim();
}

function makeRepo(tag: string): string {
  const dir = path.join(E2E_DIR, `review-${tag}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q", "-b", "main");
  for (const [p, text] of Object.entries(BASE_FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), text);
  }
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "initial");
  return dir;
}

function changeFiles(alter = false) {
  return [
    { path: "src/report.ts", before: BASE_FILES["src/report.ts"], after: alter ? REPORT_AFTER.replace('"nothing"', '"no values"') : REPORT_AFTER },
    { path: "src/money.ts", before: BASE_FILES["src/money.ts"], after: MONEY_AFTER },
  ];
}

/** Stored exactly as the worker's context step stores it (lib/generation/context/build-context.ts). */
const CONTEXT_PACK = {
  entries: [
    { file: "src/report.ts", reason: "target", score: 1, tokens: 40, content: BASE_FILES["src/report.ts"] },
    { file: "src/money.ts", reason: "target", score: 1, tokens: 60, content: BASE_FILES["src/money.ts"] },
    { file: "src/api/handler.ts", reason: "imported-by", score: 0.72, tokens: 70, content: BASE_FILES["src/api/handler.ts"] },
  ],
  totalTokens: 170,
  budget: 6000,
  omitted: [],
  newFiles: [],
};

async function main(command: string, opts: Record<string, string>): Promise<unknown> {
  const { db } = createDb(process.env.DATABASE_URL || E2E_DB_URL);
  try {
    if (command === "change") {
      const tag = opts.tag ?? `t${Date.now()}`;
      const repoDir = makeRepo(tag);
      const repo = await createRepositoryRow(db, repoDir, { name: `review-${tag}` });
      const submitter = await db.user.findUniqueOrThrow({ where: { email: opts.submitter ?? "submitter@gatehouse.local" } });
      const kind = opts.gates === "blocked" || opts.gates === "tests-fail" ? opts.gates : "warn";
      const { job, change } = await createAwaitingReviewJob(
        db,
        {
          repositoryId: repo.id,
          submitterId: submitter.id,
          title: opts.title ?? `Format report amounts (${tag})`,
          instruction: "Format the report's amounts with the currency and give parseAmount a clearer error message.",
          targetPaths: ["src/report.ts", "src/money.ts"],
          taskType: "simple",
          routedTier: "fast",
          routingReason: "routed to fast because task type simple goes to fast",
        },
        { files: changeFiles(), baseCommit: git(repoDir, "rev-parse", "main"), tier: "fast", model: "demo-fast", recorded: true, gates: gatesFor(kind), contextPack: CONTEXT_PACK, routingReason: "routed to fast because task type simple goes to fast" },
      );
      return { jobId: job.id, changeId: change.id, version: job.version, repoDir, repositoryId: repo.id, title: job.title };
    }
    if (command === "repo") {
      const tag = opts.tag ?? `t${Date.now()}`;
      const repoDir = makeRepo(tag);
      const repo = await createRepositoryRow(db, repoDir, { name: `repo-${tag}` });
      return { repositoryId: repo.id, name: repo.name, repoDir };
    }
    if (command === "bulk") {
      const submitter = await db.user.findUniqueOrThrow({ where: { email: opts.submitter ?? "submitter@gatehouse.local" } });
      const count = Number(opts.count ?? "10");
      const t0 = Date.now() - count * 1000;
      await db.job.createMany({
        data: Array.from({ length: count }, (_, i) => ({
          title: `${opts.tag} bulk ${String(i).padStart(3, "0")}`,
          instruction: "bulk job",
          targetPaths: ["src/report.ts"],
          repositoryId: opts.repositoryId,
          submitterId: submitter.id,
          routedTier: "fast",
          routingReason: "routed to fast because task type simple goes to fast",
          createdAt: new Date(t0 + i * 1000),
        })),
      });
      return { count };
    }
    if (command === "stats") {
      if (await db.user.findUnique({ where: { email: "lead@stats.test" } })) return { inserted: false };
      const fx = await insertStatsFixture(db);
      // Live specs share this database: the fixture's providers keep their prices for the cost figures
      // but no worker may pick them, and its queued/running jobs are leased so no worker claims them.
      await db.provider.updateMany({ where: { name: { in: FIXTURE_PROVIDERS.map((p) => p.name) } }, data: { enabled: false } });
      await db.job.updateMany({
        where: { id: { in: Object.values(fx.ids) }, status: { in: ["queued", "building_context", "generating", "gating"] } },
        data: { leaseOwner: "e2e-stats-fixture", leaseExpiresAt: new Date("2100-01-01T00:00:00Z") },
      });
      return { inserted: true };
    }
    if (command === "stats-remove") {
      const owner = await db.user.findUnique({ where: { email: "lead@stats.test" } });
      if (!owner) return { removed: false };
      const jobs = await db.job.findMany({ where: { submitterId: owner.id }, select: { repositoryId: true } });
      await db.job.deleteMany({ where: { submitterId: owner.id } }); // changes, gate results and reviews cascade
      await db.repository.deleteMany({ where: { id: { in: [...new Set(jobs.map((j) => j.repositoryId))] } } });
      await db.provider.deleteMany({ where: { name: { in: FIXTURE_PROVIDERS.map((p) => p.name) } } });
      await db.user.delete({ where: { id: owner.id } });
      return { removed: true };
    }
    const jobId = opts.jobId;
    if (!jobId) throw new Error("jobId is required");
    if (command === "revision") {
      const job = await db.job.findUniqueOrThrow({ where: { id: jobId }, include: { repository: true } });
      const { job: after, change } = await addRevision(db, jobId, {
        files: changeFiles(opts.alter === "1"),
        baseCommit: git(job.repository.path, "rev-parse", "main"),
        tier: job.routedTier ?? "accurate",
        model: job.nextModel ?? `demo-${job.routedTier ?? "accurate"}`,
        gates: gatesFor("warn"),
        routingReason: job.routingReason ?? undefined,
      });
      return { jobId, changeId: change.id, version: after.version, revision: change.revision };
    }
    const actor = workerActor("e2e");
    if (command === "running") {
      const job = await db.job.findUniqueOrThrow({ where: { id: jobId } });
      const building = await transitionJob(db, jobId, { from: "queued", to: "building_context", expectVersion: job.version, actor, stage: "reading the repository" });
      const generating = await transitionJob(db, jobId, { from: "building_context", to: "generating", expectVersion: building.version, actor, stage: opts.stage ?? "calling the model" });
      return { jobId, version: generating.version };
    }
    if (command === "gating") {
      // What the generate step leaves: the new revision stored without gate results, the job gating.
      const job = await db.job.findUniqueOrThrow({ where: { id: jobId }, include: { repository: true } });
      const prev = await db.change.findFirst({ where: { jobId }, orderBy: { revision: "desc" } });
      const files = changeFiles();
      const gating = await transitionJob(db, jobId, {
        from: "generating",
        to: "gating",
        expectVersion: job.version,
        actor,
        stage: opts.stage ?? "running gates: tests, dependencies, complexity, error-contract, static-analysis",
        data: { nextCause: null, nextNote: null, nextModel: null, nextInstructions: DbNull },
        effects: async (tx) => {
          await tx.change.create({
            data: {
              jobId,
              revision: (prev?.revision ?? 0) + 1,
              tier: job.routedTier ?? "accurate",
              model: job.nextModel ?? `demo-${job.routedTier ?? "accurate"}`,
              baseCommit: git(job.repository.path, "rev-parse", "main"),
              diff: unifiedDiff(files),
              files: files.map((f) => ({ path: f.path, before: f.before, after: f.after })),
              contextPack: CONTEXT_PACK,
              cause: job.nextCause ?? "reroute",
              rerouteNote: job.nextNote,
              parentChangeId: prev?.id ?? null,
            },
          });
        },
      });
      return { jobId, version: gating.version };
    }
    if (command === "approved") {
      const job = await db.job.findUniqueOrThrow({ where: { id: jobId }, include: { changes: { orderBy: { revision: "desc" }, take: 1 } } });
      const reviewer = await db.user.findUniqueOrThrow({ where: { email: opts.reviewer ?? "lead@gatehouse.local" } });
      const approved = await transitionJob(db, jobId, {
        from: "awaiting_review",
        to: "approved",
        expectVersion: job.version,
        actor: { id: reviewer.id, label: reviewer.email },
        reason: `approved by ${reviewer.name}`,
        effects: async (tx) => {
          await tx.review.create({ data: { jobId, changeId: job.changes[0].id, reviewerId: reviewer.id, decision: "approve" } });
        },
      });
      return { jobId, version: approved.version };
    }
    if (command === "stage") {
      await db.job.update({ where: { id: jobId }, data: { stage: opts.stage ?? null } });
      return { jobId };
    }
    throw new Error(`unknown command ${command}`);
  } finally {
    await db.$disconnect();
  }
}

main(process.argv[2] ?? "", JSON.parse(process.argv[3] ?? "{}") as Record<string, string>).then(
  (r) => process.stdout.write(JSON.stringify(r) + "\n"),
  (e: unknown) => {
    process.stderr.write(`review fixture failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
