import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PatchError } from "./errors";
import { parsePatch } from "./parse";
import { createTempRepo, extraWorktrees, type TempRepo } from "../testing/git-repo";
import { validatePatchPaths } from "./validate";
import { spawnSync } from "node:child_process";
import { applyPatchInWorktree, changedFilesFromPatch, resolveCommit, resolveRepoAndCommit } from "./worktree";

const repos: TempRepo[] = [];
function repo(files?: Record<string, string | Buffer>): TempRepo {
  const r = createTempRepo(files ?? { "README.md": "test\n" });
  repos.push(r);
  return r;
}
afterEach(() => {
  for (const r of repos.splice(0)) r.remove();
});

async function patchError(p: Promise<unknown>): Promise<PatchError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError);
    return e as PatchError;
  }
  throw new Error("expected a PatchError");
}

describe("resolveCommit", () => {
  it("resolves refs to full ids and rejects unknown refs and non-repos", async () => {
    const r = repo();
    const head = r.git("rev-parse", "HEAD").trim();
    expect(await resolveCommit(r.dir, "HEAD")).toBe(head);
    expect(await resolveCommit(r.dir, "main")).toBe(head);
    expect((await patchError(resolveCommit(r.dir, "no-such-branch"))).code).toBe("bad-ref");
    expect((await patchError(resolveCommit(r.dir, "--output=x"))).code).toBe("bad-ref");
    const plain = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-plain-"));
    try {
      expect((await patchError(resolveCommit(plain, "HEAD"))).code).toBe("not-a-repo");
    } finally {
      fs.rmSync(plain, { recursive: true });
    }
  });
});

describe("resolveRepoAndCommit", () => {
  it("gives the top level and the full commit from a subdirectory, a bare mirror, and the same errors as the two steps", async () => {
    const r = repo({ "src/a.js": "x\n" });
    const head = r.git("rev-parse", "HEAD").trim();
    expect(await resolveRepoAndCommit(path.join(r.dir, "src"), "HEAD")).toEqual({ root: fs.realpathSync(r.dir), commit: head });
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bare-"));
    try {
      expect(spawnSync("git", ["clone", "-q", "--bare", r.dir, bare]).status).toBe(0);
      expect((await resolveRepoAndCommit(bare, "HEAD")).commit).toBe(head);
      expect((await patchError(resolveRepoAndCommit(bare, "no-such-branch"))).code).toBe("bad-ref");
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
    expect((await patchError(resolveRepoAndCommit(r.dir, "no-such-branch"))).code).toBe("bad-ref");
    expect((await patchError(resolveRepoAndCommit(r.dir, "--output=x"))).code).toBe("bad-ref");
    expect((await patchError(resolveRepoAndCommit(path.join(r.dir, "missing"), "HEAD"))).code).toBe("not-a-repo");
  });
});

describe("applyPatchInWorktree", () => {
  it("applies modify/add/delete/rename without touching the checkout", async () => {
    const r = repo({ "a.txt": "one\ntwo\n", "gone.txt": "bye\n", "old.txt": "same content\nline 2\nline 3\n" });
    const diff = r.diff({
      "a.txt": "one\nTWO\n",
      "src/new.ts": "export const x = 1;\n",
      "gone.txt": null,
      "old.txt": { renameTo: "moved/new.txt" },
    });
    const statusBefore = r.git("status", "--porcelain");
    const applied = await applyPatchInWorktree(r.dir, "HEAD", diff);
    try {
      expect(applied.worktreeDir).not.toBe(r.dir);
      const byPath = Object.fromEntries(applied.files.map((f) => [f.path, f]));
      expect(byPath["a.txt"]).toEqual({ path: "a.txt", before: "one\ntwo\n", after: "one\nTWO\n" });
      expect(byPath["src/new.ts"]).toEqual({ path: "src/new.ts", before: null, after: "export const x = 1;\n" });
      expect(byPath["gone.txt"]).toEqual({ path: "gone.txt", before: "bye\n", after: null });
      expect(byPath["moved/new.txt"]).toMatchObject({ before: "same content\nline 2\nline 3\n", after: "same content\nline 2\nline 3\n" });
      expect(fs.readFileSync(path.join(applied.worktreeDir, "a.txt"), "utf8")).toBe("one\nTWO\n");
      // The user's checkout and index are untouched.
      expect(fs.readFileSync(path.join(r.dir, "a.txt"), "utf8")).toBe("one\ntwo\n");
      expect(fs.existsSync(path.join(r.dir, "src/new.ts"))).toBe(false);
      expect(r.git("status", "--porcelain")).toBe(statusBefore);
      expect(extraWorktrees(r)).toHaveLength(1);
    } finally {
      await applied.cleanup();
    }
    expect(fs.existsSync(applied.worktreeDir)).toBe(false);
    expect(extraWorktrees(r)).toEqual([]);
  });

  it("applies against an older base commit", async () => {
    const r = repo({ "a.txt": "v1\n" });
    const base = r.git("rev-parse", "HEAD").trim();
    const diff = r.diff({ "a.txt": "v1 changed\n" });
    r.commitFiles({ "a.txt": "v2\n" });
    const files = await changedFilesFromPatch(r.dir, base, diff);
    expect(files).toEqual([{ path: "a.txt", before: "v1\n", after: "v1 changed\n" }]);
    expect(extraWorktrees(r)).toEqual([]);
  });

  it("applies a plain diff without a/ b/ prefixes", async () => {
    const r = repo({ "lib/x.py": "a = 1\n" });
    const files = await changedFilesFromPatch(r.dir, "HEAD", "--- lib/x.py\n+++ lib/x.py\n@@ -1 +1 @@\n-a = 1\n+a = 2\n");
    expect(files).toEqual([{ path: "lib/x.py", before: "a = 1\n", after: "a = 2\n" }]);
  });

  it("applies a binary patch and flags the file", async () => {
    const r = repo({ "img.bin": Buffer.from([0, 1, 2, 3, 0, 255]) });
    const diff = r.diff({ "img.bin": Buffer.from([0, 9, 9, 9, 0, 1, 2]), "text.txt": "hi\n" });
    expect(diff).toContain("GIT binary patch");
    const applied = await applyPatchInWorktree(r.dir, "HEAD", diff);
    try {
      const bin = applied.files.find((f) => f.path === "img.bin")!;
      expect(bin.binary).toBe(true);
      expect(fs.readFileSync(path.join(applied.worktreeDir, "img.bin"))).toEqual(Buffer.from([0, 9, 9, 9, 0, 1, 2]));
      expect(applied.files.find((f) => f.path === "text.txt")!.binary).toBeUndefined();
    } finally {
      await applied.cleanup();
    }
  });

  it("reports does-not-apply with the failing hunk", async () => {
    const r = repo({ "a.txt": "one\ntwo\nthree\n" });
    const diff = "--- a/a.txt\n+++ b/a.txt\n@@ -2,2 +2,2 @@\n-TWO\n+2\n three\n";
    const err = await patchError(applyPatchInWorktree(r.dir, "HEAD", diff));
    expect(err.code).toBe("does-not-apply");
    expect(err.details.failingHunks).toEqual([{ file: "a.txt", line: 2, header: "@@ -2,2 +2,2 @@" }]);
    expect(err.message).toContain("a.txt:2");
    expect(extraWorktrees(r)).toEqual([]);
  });

  it("reports a malformed patch before creating a worktree", async () => {
    const r = repo();
    expect((await patchError(applyPatchInWorktree(r.dir, "HEAD", "--- a/x\n+++ b/x\n@@ -1,3 +1 @@\n-a\n"))).code).toBe(
      "hunk-mismatch",
    );
    expect((await patchError(applyPatchInWorktree(r.dir, "HEAD", ""))).code).toBe("empty-patch");
    expect(extraWorktrees(r)).toEqual([]);
  });

  it("rejects path escapes: ../, absolute, .git/", async () => {
    const r = repo();
    const cases: Array<[string, string]> = [
      ["--- a/../evil.txt\n+++ b/../evil.txt\n@@ -0,0 +1 @@\n+x\n", "'..'"],
      ["--- /dev/null\n+++ /tmp/evil.txt\n@@ -0,0 +1 @@\n+x\n", "absolute"],
      ["diff --git a/.git/config b/.git/config\n--- a/.git/config\n+++ b/.git/config\n@@ -1 +1 @@\n-a\n+b\n", ".git"],
      ["diff --git a/sub/.GIT/hooks/x b/sub/.GIT/hooks/x\nnew file mode 100755\n--- /dev/null\n+++ b/sub/.GIT/hooks/x\n@@ -0,0 +1 @@\n+x\n", ".git"],
    ];
    for (const [diff, why] of cases) {
      const err = await patchError(applyPatchInWorktree(r.dir, "HEAD", diff));
      expect(err.code).toBe("unsafe-path");
      expect(err.message).toContain(why);
      expect(err.details.path).toBeTruthy();
      expect(err.message).toContain(JSON.stringify(err.details.path));
    }
    expect(extraWorktrees(r)).toEqual([]);
  });

  it("rejects writes through a committed symlink that points outside the repo", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-outside-"));
    const r = repo({ "README.md": "x\n" });
    try {
      fs.symlinkSync(outside, path.join(r.dir, "link"));
      fs.mkdirSync(path.join(r.dir, "real"));
      fs.symlinkSync("real", path.join(r.dir, "inside-link"));
      r.commitFiles({ "real/keep.txt": "k\n" });
      const diff = "diff --git a/link/pwned.txt b/link/pwned.txt\nnew file mode 100644\n--- /dev/null\n+++ b/link/pwned.txt\n@@ -0,0 +1 @@\n+x\n";
      const err = await patchError(applyPatchInWorktree(r.dir, "HEAD", diff));
      expect(err.code).toBe("unsafe-path");
      expect(err.message).toContain("link/pwned.txt");
      expect(err.message).toContain("symlink pointing outside");
      expect(fs.readdirSync(outside)).toEqual([]);
      // a symlink that stays inside is fine for the path check
      expect(() => validatePatchPaths(parsePatch(diff.replace(/link\//g, "inside-link/")), r.dir)).not.toThrow();
      expect(extraWorktrees(r)).toEqual([]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("judges symlinks at the base commit, not an untracked one in the user's checkout", async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-outside-"));
    const r = repo({ "README.md": "x\n" });
    try {
      fs.symlinkSync(outside, path.join(r.dir, "build"));
      fs.writeFileSync(path.join(r.dir, ".git/info/exclude"), "build\n");
      const files = await changedFilesFromPatch(r.dir, "HEAD", "--- /dev/null\n+++ b/build/x.txt\n@@ -0,0 +1 @@\n+x\n");
      expect(files).toEqual([{ path: "build/x.txt", before: null, after: "x\n" }]);
      expect(fs.readdirSync(outside)).toEqual([]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("rejects a huge diff with a clear error, limits configurable", async () => {
    const r = repo({ "a.txt": "x\n" });
    const lines = Array.from({ length: 20_001 }, (_, i) => `+line ${i}`);
    const huge = `--- /dev/null\n+++ b/big.txt\n@@ -0,0 +1,${lines.length} @@\n${lines.join("\n")}\n`;
    const err = await patchError(applyPatchInWorktree(r.dir, "HEAD", huge));
    expect(err.code).toBe("too-large");
    expect(err.message).toMatch(/20001 lines, over the 20000-line limit/);
    const big = `--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-x\n+${"y".repeat(5 * 1024 * 1024)}\n`;
    expect((await patchError(applyPatchInWorktree(r.dir, "HEAD", big))).message).toMatch(/over the 5\.0 MB limit/);
    const small = r.diff({ "a.txt": "1\n2\n3\n" });
    expect((await patchError(applyPatchInWorktree(r.dir, "HEAD", small, { limits: { maxChangedLines: 2 } }))).code).toBe("too-large");
    expect(extraWorktrees(r)).toEqual([]);
  });

  it("handles 5 concurrent applies on the same repo and leaves no worktrees", async () => {
    const r = repo({ "a.txt": "base\n" });
    const diffs = Array.from({ length: 5 }, (_, i) => r.diff({ "a.txt": `change ${i}\n`, [`f${i}.txt`]: `${i}\n` }));
    const results = await Promise.all(diffs.map((d) => changedFilesFromPatch(r.dir, "HEAD", d)));
    results.forEach((files, i) => {
      expect(files.find((f) => f.path === "a.txt")).toEqual({ path: "a.txt", before: "base\n", after: `change ${i}\n` });
      expect(files.find((f) => f.path === `f${i}.txt`)?.after).toBe(`${i}\n`);
    });
    expect(extraWorktrees(r)).toEqual([]);
    const registry = path.join(r.dir, ".git", "worktrees");
    expect(fs.existsSync(registry) ? fs.readdirSync(registry) : []).toEqual([]);
    expect(r.git("status", "--porcelain")).toBe("");
  });
});
