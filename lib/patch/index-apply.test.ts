import { describe, it, expect, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { createTempRepo } from "../testing/git-repo";
import { changedFilesViaIndex } from "./index-apply";
import { applyPatchInWorktree } from "./worktree";
import { isPatchError } from "./errors";

const repo = createTempRepo({ "src/a.ts": "one\ntwo\nthree\n", "README.md": "hi\n" });
fs.symlinkSync("/etc", path.join(repo.dir, "out"));
repo.commit("symlink");
const base = repo.git("rev-parse", "HEAD");
afterAll(() => repo.remove());

const MODIFY = `diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,3 +1,3 @@\n one\n-two\n+TWO\n three\n`;
const ADD = `diff --git a/src/new.ts b/src/new.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/new.ts\n@@ -0,0 +1 @@\n+export {};\n`;
const DELETE = `diff --git a/README.md b/README.md\ndeleted file mode 100644\n--- a/README.md\n+++ /dev/null\n@@ -1 +0,0 @@\n-hi\n`;

describe("changedFilesViaIndex", () => {
  it("returns the same files as applying in a worktree, without touching the checkout", async () => {
    const diff = MODIFY + ADD + DELETE;
    const viaIndex = await changedFilesViaIndex(repo.dir, base, diff);
    const applied = await applyPatchInWorktree(repo.dir, base, diff);
    await applied.cleanup();
    expect(viaIndex.files).toEqual(applied.files);
    expect(viaIndex.files.map((f) => [f.path, f.before, f.after])).toEqual([
      ["src/a.ts", "one\ntwo\nthree\n", "one\nTWO\nthree\n"],
      ["src/new.ts", null, "export {};\n"],
      ["README.md", "hi\n", null],
    ]);
    expect(fs.readFileSync(path.join(repo.dir, "src/a.ts"), "utf8")).toBe("one\ntwo\nthree\n");
    expect(repo.git("status", "--porcelain")).toBe("");
  });

  it("rejects a patch that does not apply, naming the hunk", async () => {
    const stale = MODIFY.replace(" one\n-two", " one\n-zwei");
    const err = await changedFilesViaIndex(repo.dir, base, stale).catch((e) => e);
    expect(isPatchError(err) && err.code).toBe("does-not-apply");
    expect(String(err.message)).toContain("src/a.ts");
  });

  it("rejects writing through a symlinked directory and escaping paths", async () => {
    const through = ADD.replace(/src\/new\.ts/g, "out/passwd2");
    expect((await changedFilesViaIndex(repo.dir, base, through).catch((e) => e)).code).toBe("unsafe-path");
    const escape = ADD.replace(/src\/new\.ts/g, "../evil.ts");
    expect((await changedFilesViaIndex(repo.dir, base, escape).catch((e) => e)).code).toBe("unsafe-path");
  });
});
