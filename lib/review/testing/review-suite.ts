/**
 * The setting the decision tests share: a database (plus, on PostgreSQL, a second pool like a second web
 * process; SQLite has one connection per process), a git repository with src/util.ts, its repository
 * row, and one person per role.
 */
import { createDb, type DbHandle } from "../../db/client";
import { openTestDb, type TestDb } from "../../db/testing";
import type { DbProvider } from "../../db-url";
import { createTempRepo, type TempRepo } from "../../testing/git-repo";
import { createPerson, createRepositoryRow, type Person } from "./fixtures";

export const REVIEW_REPO_FILES = {
  "src/util.ts": "export function add(a: number, b: number) {\n  return a + b;\n}\n",
  "src/auth/session.ts": "export const TTL = 60;\n",
  "README.md": "demo\n",
};

/** The edit every suite job carries: adds double() to src/util.ts. */
export const ADD_DOUBLE = {
  path: "src/util.ts",
  before: REVIEW_REPO_FILES["src/util.ts"],
  after: REVIEW_REPO_FILES["src/util.ts"] + "\nexport function double(a: number) {\n  return add(a, a);\n}\n",
};

export interface ReviewSuite {
  t: TestDb;
  other: DbHandle;
  repo: TempRepo;
  repoRow: { id: string };
  submitter: Person;
  reviewer: Person;
  reviewer2: Person;
  lead: Person;
  close(): Promise<void>;
}

export async function openReviewSuite(provider: DbProvider): Promise<ReviewSuite> {
  const t = await openTestDb(provider);
  const other = provider === "postgres" ? createDb(t.url) : t;
  const repo = createTempRepo(REVIEW_REPO_FILES);
  return {
    t,
    other,
    repo,
    repoRow: await createRepositoryRow(t.db, repo.dir),
    submitter: await createPerson(t.db, "submitter", "Sam Submitter"),
    reviewer: await createPerson(t.db, "reviewer", "Riley Reviewer"),
    reviewer2: await createPerson(t.db, "reviewer", "Robin Reviewer"),
    lead: await createPerson(t.db, "lead", "Lee Lead"),
    async close() {
      if (other !== t) await other.db.$disconnect();
      await t.close();
      repo.remove();
    },
  };
}
