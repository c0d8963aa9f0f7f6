import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { createTempRepo, type TempRepo } from "../testing/git-repo";
import { mergeChange } from "./merge-change";
import { buildCommitMessage } from "./commit-message";

const PATCH = `diff --git a/a.txt b/a.txt
--- a/a.txt
+++ b/a.txt
@@ -1,2 +1,2 @@
 one
-two
+TWO
`;
const author = { name: "Rita Reviewer", email: "reviewer@example.test" };
let repo: TempRepo;
afterEach(() => repo?.remove());

describe("mergeChange", () => {
  it("commits on the branch with trailers and leaves a dirty working tree untouched", async () => {
    repo = createTempRepo({ "a.txt": "one\ntwo\n", "b.txt": "b\n" });
    fs.writeFileSync(path.join(repo.dir, "b.txt"), "local edit\n"); // user's uncommitted work
    const message = buildCommitMessage({
      title: "Shout two", instruction: "Uppercase the second line.", reviewer: "Rita Reviewer <reviewer@example.test>",
      tier: "fast", model: "demo-fast", jobId: "job123", gates: [{ gate: "tests", status: "pass", summary: "2/2 passed" }],
    });
    const r = await mergeChange({ repoDir: repo.dir, branch: "main", diff: PATCH, message, author });
    expect(r.status).toBe("merged");
    expect(repo.git("show", "main:a.txt")).toBe("one\nTWO");
    const body = repo.git("log", "-1", "--format=%B", "main");
    expect(body).toContain("Reviewed-by: Rita Reviewer <reviewer@example.test>");
    expect(body).toContain("Generated-by: fast/demo-fast");
    expect(body).toContain("Gatehouse-Job: job123");
    expect(body).toContain("tests: pass - 2/2 passed");
    expect(fs.readFileSync(path.join(repo.dir, "b.txt"), "utf8")).toBe("local edit\n");
    expect(fs.readFileSync(path.join(repo.dir, "a.txt"), "utf8")).toBe("one\ntwo\n");
  });

  it("creates a branch per change from a start point", async () => {
    repo = createTempRepo({ "a.txt": "one\ntwo\n" });
    const r = await mergeChange({ repoDir: repo.dir, branch: "gatehouse/job1", startPoint: "main", diff: PATCH, message: "m\n", author });
    expect(r.status).toBe("merged");
    expect(repo.git("show", "gatehouse/job1:a.txt")).toBe("one\nTWO");
    expect(repo.git("show", "main:a.txt")).toBe("one\ntwo");
  });

  it("reports a conflict with the failing hunks when the branch moved", async () => {
    repo = createTempRepo({ "a.txt": "one\ntwo\n" });
    repo.write({ "a.txt": "one\nzwei\n" });
    const head = repo.commit("moved");
    const r = await mergeChange({ repoDir: repo.dir, branch: "main", diff: PATCH, message: "m\n", author });
    expect(r).toMatchObject({ status: "conflict", head });
    if (r.status === "conflict") expect(r.failingHunks.join("\n")).toContain("a.txt");
    expect(repo.git("rev-parse", "main")).toBe(head);
  });

  it("two merges racing on one branch both land, one after the other", async () => {
    repo = createTempRepo({ "a.txt": "one\ntwo\n", "c.txt": "c\n" });
    const other = PATCH.replace(/a\.txt/g, "c.txt").replace(" one\n-two\n+TWO\n", "-c\n+C\n").replace("@@ -1,2 +1,2 @@", "@@ -1 +1 @@");
    const [r1, r2] = await Promise.all([
      mergeChange({ repoDir: repo.dir, branch: "main", diff: PATCH, message: "a\n", author }),
      mergeChange({ repoDir: repo.dir, branch: "main", diff: other, message: "c\n", author }),
    ]);
    expect([r1.status, r2.status]).toEqual(["merged", "merged"]);
    expect(repo.git("show", "main:a.txt")).toBe("one\nTWO");
    expect(repo.git("show", "main:c.txt")).toBe("C");
    expect(repo.git("rev-list", "--count", "main")).toBe("3");
  });
});
