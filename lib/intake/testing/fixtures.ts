/** A real git repository with two commits on main, registered as a Repository row, for intake tests. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Db } from "../../db/client";
import { createTempRepo, type TempRepo } from "../../testing/git-repo";

export const GREET_V1 = "export function greet(name: string) {\n  return `Hello, ${name}`;\n}\n";
export const GREET_V2 = "export function greet(name: string) {\n  return `Hello, ${name}!`;\n}\n";

export interface IntakeFixture {
  repo: TempRepo;
  repoName: string;
  firstCommit: string;
  headCommit: string;
  submitter: { id: string; email: string };
  /** The unified diff that turns HEAD into HEAD + edits (null deletes); the checkout is left clean. */
  diffFor(edits: Record<string, string | null>): string;
  cleanup(): void;
}

export async function createIntakeFixture(db: Db, tag: string): Promise<IntakeFixture> {
  const repo = createTempRepo({ "src/greet.ts": GREET_V1, "README.md": "# demo\n" });
  const firstCommit = repo.git("rev-parse", "HEAD");
  repo.write({ "src/greet.ts": GREET_V2 });
  const headCommit = repo.commit("exclaim");
  const repoName = `demo-${tag}`;
  await db.repository.create({ data: { name: repoName, path: repo.dir, defaultBranch: "main", ecosystems: [] } });
  const user = await db.user.create({ data: { email: `${tag}-agent@example.test`, name: "Agent owner", role: "submitter" } });
  return {
    repo,
    repoName,
    firstCommit,
    headCommit,
    submitter: { id: user.id, email: user.email },
    diffFor(edits) {
      for (const [p, text] of Object.entries(edits)) {
        if (text === null) fs.rmSync(path.join(repo.dir, p));
        else repo.write({ [p]: text });
      }
      repo.git("add", "-A");
      // TempRepo.git trims its output; a diff ends with a newline.
      const diff = `${repo.git("diff", "--cached")}\n`;
      repo.git("reset", "-q", "--hard", "HEAD");
      return diff;
    },
    cleanup() {
      repo.remove();
    },
  };
}

/** A directory that exists but is no git repository (a misconfigured Repository row). */
export function nonRepoDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-not-a-repo-"));
}
