/**
 * A job whose static-analysis result comes from the real gate: `npx tsx e2e/static-fixtures.ts '{"tag":…}'`
 * builds a TypeScript project in a git repository (typescript from the app's node_modules), runs the
 * static-analysis gate on a change that reads a property the type lacks (in the sandbox, tsc on base and
 * change), and stores the job awaiting review with that result. Prints one JSON line.
 */
import { createDb } from "../lib/db/client";
import { createStaticAnalysisGate } from "../lib/gates/static-analysis/gate";
import { createProject, TS_PACKAGE, TSCONFIG } from "../lib/gates/static-analysis/test-support/projects";
import { changedFilesFromPatch } from "../lib/patch";
import { createAwaitingReviewJob, createRepositoryRow, passingGates } from "../lib/review/testing/fixtures";
import { E2E_DB_URL } from "./env";

export const USER_TS = "export interface User {\n  name: string;\n}\n\nexport function greet(user: User): string {\n  return `Hello, ${user.name}`;\n}\n";
export const APP_AFTER = 'import { greet, type User } from "./user";\n\nexport function welcome(user: User): string {\n  const line = greet(user);\n  return `${line} <${user.email}>`;\n}\n';

async function main(opts: Record<string, string>): Promise<unknown> {
  const tag = opts.tag ?? `t${Date.now()}`;
  const p = createProject(
    { "package.json": TS_PACKAGE, "tsconfig.json": TSCONFIG, "src/user.ts": USER_TS, "src/legacy.ts": 'export const answer: number = "42";\n' },
    { nodeModules: true },
  );
  const input = p.change({ "src/app.ts": APP_AFTER });
  const result = await createStaticAnalysisGate().run(input);
  if (result.status !== "fail") throw new Error(`expected the gate to fail, got ${result.status}: ${result.summary}`);
  const { gate, status, score, summary, findings, durationMs: _d, ...details } = result;
  const { db } = createDb(process.env.DATABASE_URL || E2E_DB_URL);
  try {
    const repo = await createRepositoryRow(db, p.repo.dir, { name: `static-${tag}` });
    const submitter = await db.user.findUniqueOrThrow({ where: { email: "submitter@gatehouse.local" } });
    const { job } = await createAwaitingReviewJob(
      db,
      { repositoryId: repo.id, submitterId: submitter.id, title: `Welcome line with e-mail (${tag})`, targetPaths: ["src/app.ts"] },
      {
        files: await changedFilesFromPatch(p.repo.dir, p.commit, input.diff),
        baseCommit: p.commit,
        diff: input.diff,
        tier: "fast",
        model: "demo-fast",
        gates: [...passingGates().filter((g) => g.gate !== "static-analysis"), { gate, status, score: score ?? null, summary, findings: findings as Record<string, unknown>[], details }],
      },
    );
    return { jobId: job.id, title: job.title, summary };
  } finally {
    await db.$disconnect();
  }
}

main(JSON.parse(process.argv[2] ?? "{}"))
  .then((out) => process.stdout.write(`${JSON.stringify(out)}\n`))
  .catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
