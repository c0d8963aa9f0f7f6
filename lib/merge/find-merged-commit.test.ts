import { afterEach, describe, expect, it } from "vitest";
import { createTempRepo, type TempRepo } from "../testing/git-repo";
import { buildCommitMessage } from "./commit-message";
import { findMergedCommit } from "./find-merged-commit";
import { mergeChange } from "./merge-change";

// The context repeats in the file, so once applied the patch applies again further down (git allows
// offsets for hunks that do not start at line 1): only the marker prevents a double commit.
const APPEND = `diff --git a/log.txt b/log.txt
--- a/log.txt
+++ b/log.txt
@@ -2,6 +2,7 @@
 p
 q
 r
+entry
 s
 t
 u
`;
const BLOCK = "p\nq\nr\ns\nt\nu\n";
const LOG = "top\n" + BLOCK + BLOCK;
const WITH_ENTRY = "p\nq\nr\nentry\ns\nt\nu\n";
const author = { name: "Rita Reviewer", email: "reviewer@example.test" };
const message = (jobId: string) =>
  buildCommitMessage({ title: "Log twice", instruction: "Append an entry.", reviewer: "Rita", tier: "fast", model: "m", jobId, gates: [] });

let repo: TempRepo;
afterEach(() => repo?.remove());

describe("findMergedCommit", () => {
  it("finds the commit by its Gatehouse-Job trailer only, within the time bound", async () => {
    repo = createTempRepo({ "log.txt": LOG });
    const start = repo.git("rev-parse", "main");
    const merged = await mergeChange({ repoDir: repo.dir, branch: "main", diff: APPEND, message: message("job-a"), author });
    expect(merged.status).toBe("merged");
    const commit = repo.git("rev-parse", "main");
    // A later commit that only mentions the id in its body is not the job's merge.
    repo.git("commit", "--allow-empty", "-q", "-m", "Follow-up\n\nSee Gatehouse-Job: job-b for context.");

    expect(await findMergedCommit(repo.dir, "main", { jobId: "job-a" })).toEqual({ commit, parent: start });
    expect(await findMergedCommit(repo.dir, "main", { jobId: "job-b" })).toBeNull();
    expect(await findMergedCommit(repo.dir, "main", { jobId: "job" })).toBeNull();
    expect(await findMergedCommit(repo.dir, "main", { jobId: "job-a", since: new Date(Date.now() + 3600_000) })).toBeNull();
    await expect(findMergedCommit(repo.dir, "no-such-branch", { jobId: "job-a" })).rejects.toThrow(/git log failed/);
  });

  it("keeps mergeChange from committing a job twice even when the patch would apply again", async () => {
    repo = createTempRepo({ "log.txt": LOG });
    const input = { repoDir: repo.dir, branch: "main", diff: APPEND, message: message("job-c"), author, marker: { jobId: "job-c" } };
    const first = await mergeChange(input);
    const second = await mergeChange(input);
    expect(first.status).toBe("merged");
    expect(second).toMatchObject({ status: "merged", alreadyMerged: true, commit: (first as { commit: string }).commit });
    expect(repo.git("show", "main:log.txt")).toBe(("top\n" + WITH_ENTRY + BLOCK).trimEnd());
    // Without the marker the same patch lands again: the check above is what stopped it.
    const third = await mergeChange({ ...input, marker: undefined });
    expect(third.status).toBe("merged");
    expect(repo.git("show", "main:log.txt")).toBe(("top\n" + WITH_ENTRY + WITH_ENTRY).trimEnd());
  });
});
