import { describe, expect, it } from "vitest";
import { PatchError } from "./errors";
import { parsePatch } from "./parse";

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PatchError);
    expect((e as PatchError).message).not.toContain("\n");
    return (e as PatchError).code;
  }
  return undefined;
}

describe("parsePatch", () => {
  it("parses a git diff with a modified file", () => {
    const p = parsePatch(
      [
        "diff --git a/src/a.ts b/src/a.ts",
        "index 1111111..2222222 100644",
        "--- a/src/a.ts",
        "+++ b/src/a.ts",
        "@@ -1,3 +1,3 @@ function x() {",
        " one",
        "-two",
        "+TWO",
        " three",
        "",
      ].join("\n"),
    );
    expect(p.files).toHaveLength(1);
    expect(p.files[0]).toMatchObject({ oldPath: "src/a.ts", newPath: "src/a.ts", status: "modified", binary: false });
    expect(p.files[0].hunks[0]).toMatchObject({ oldStart: 1, oldLines: 3, newStart: 1, newLines: 3 });
    expect(p.additions).toBe(1);
    expect(p.deletions).toBe(1);
    expect(p.stripLevel).toBe(1);
  });

  it("parses new, deleted, renamed and mode-changed files", () => {
    const p = parsePatch(
      [
        "diff --git a/new.txt b/new.txt",
        "new file mode 100644",
        "index 0000000..e69de29",
        "--- /dev/null",
        "+++ b/new.txt",
        "@@ -0,0 +1,2 @@",
        "+hello",
        "+world",
        "diff --git a/gone.txt b/gone.txt",
        "deleted file mode 100644",
        "index e69de29..0000000",
        "--- a/gone.txt",
        "+++ /dev/null",
        "@@ -1 +0,0 @@",
        "-bye",
        "diff --git a/old name.txt b/new name.txt",
        "similarity index 100%",
        "rename from old name.txt",
        "rename to new name.txt",
        "diff --git a/run.sh b/run.sh",
        "old mode 100644",
        "new mode 100755",
        "diff --git a/empty b/empty",
        "new file mode 100644",
        "index 0000000..e69de29",
      ].join("\n"),
    );
    expect(p.files.map((f) => [f.status, f.oldPath, f.newPath])).toEqual([
      ["added", null, "new.txt"],
      ["deleted", "gone.txt", null],
      ["renamed", "old name.txt", "new name.txt"],
      ["modified", "run.sh", "run.sh"],
      ["added", null, "empty"],
    ]);
    expect(p.files[3]).toMatchObject({ oldMode: "100644", newMode: "100755" });
    expect(p.files[0].hunks[0]).toMatchObject({ oldStart: 0, oldLines: 0, newLines: 2 });
    expect(p.files[1].hunks[0]).toMatchObject({ oldLines: 1, newStart: 0, newLines: 0 });
  });

  it("keeps the no-newline marker without counting it", () => {
    const p = parsePatch(
      ["--- a/x", "+++ b/x", "@@ -1 +1 @@", "-a", "\\ No newline at end of file", "+b", "\\ No newline at end of file", ""].join("\n"),
    );
    expect(p.files[0].hunks[0].lines).toHaveLength(4);
    expect(p.files[0].additions).toBe(1);
  });

  it("parses plain diffs with and without a/ b/ prefixes and timestamps", () => {
    const prefixed = parsePatch("--- a/lib/x.py\t2024-01-01 10:00:00\n+++ b/lib/x.py\t2024-01-02 10:00:00\n@@ -1 +1 @@\n-a\n+b\n");
    expect(prefixed.stripLevel).toBe(1);
    expect(prefixed.files[0].newPath).toBe("lib/x.py");
    const bare = parsePatch("--- lib/x.py\n+++ lib/x.py\n@@ -1 +1 @@\n-a\n+b\n");
    expect(bare.stripLevel).toBe(0);
    expect(bare.files[0].newPath).toBe("lib/x.py");
  });

  it("marks binary files (both forms)", () => {
    const p = parsePatch(
      [
        "diff --git a/img.png b/img.png",
        "index 1111111..2222222 100644",
        "Binary files a/img.png and b/img.png differ",
        "diff --git a/data.bin b/data.bin",
        "new file mode 100644",
        "index 0000000..abcdef0",
        "GIT binary patch",
        "literal 4",
        "LcmZQzWMT#Y01f~L",
        "",
        "literal 0",
        "HcmV?d00001",
        "",
        "diff --git a/t.txt b/t.txt",
        "--- a/t.txt",
        "+++ b/t.txt",
        "@@ -1 +1 @@",
        "-x",
        "+y",
      ].join("\n"),
    );
    expect(p.files.map((f) => [f.newPath, f.binary])).toEqual([
      ["img.png", true],
      ["data.bin", true],
      ["t.txt", false],
    ]);
  });

  it("undoes a CRLF transport encoding of the whole diff", () => {
    const lf = "diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n";
    const p = parsePatch(lf.replace(/\n/g, "\r\n"));
    expect(p.text).toBe(lf);
    expect(p.files[0].hunks[0].lines).toEqual([" a", "-b", "+c"]);
  });

  it("keeps CR in content lines of a file with CRLF endings", () => {
    const p = parsePatch("diff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\r\n+b\r\n");
    expect(p.files[0].hunks[0].lines).toEqual(["-a\r", "+b\r"]);
  });

  it("reads quoted file names", () => {
    const p = parsePatch('diff --git "a/t\\303\\244b\\tx" "b/t\\303\\244b\\tx"\n--- "a/t\\303\\244b\\tx"\n+++ "b/t\\303\\244b\\tx"\n@@ -1 +1 @@\n-a\n+b\n');
    expect(p.files[0].newPath).toBe("täb\tx");
  });

  it("skips a commit-message preamble and format-patch signature", () => {
    const p = parsePatch(
      "From abc Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n---\n x | 2 +-\n\ndiff --git a/x b/x\n--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n-- \n2.39.5\n\n",
    );
    expect(p.files).toHaveLength(1);
  });

  it("rejects malformed input with codes", () => {
    expect(codeOf(() => parsePatch(""))).toBe("empty-patch");
    expect(codeOf(() => parsePatch("  \n\n"))).toBe("empty-patch");
    expect(codeOf(() => parsePatch("just some text\nnothing here\n"))).toBe("no-hunks");
    expect(codeOf(() => parsePatch("--- a/x\n+++ b/x\n"))).toBe("no-hunks");
    expect(codeOf(() => parsePatch("diff --git a/x b/x\nindex 1..2 100644\n"))).toBe("no-hunks");
    expect(codeOf(() => parsePatch("--- a/x\n+++ b/x\n@@ -1,x +1 @@\n-a\n+b\n"))).toBe("bad-hunk-header");
    expect(codeOf(() => parsePatch("@@ -1 +1 @@\n-a\n+b\n"))).toBe("bad-hunk-header");
    // header promises 3 old lines, only 2 present
    expect(codeOf(() => parsePatch("--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n"))).toBe("hunk-mismatch");
    // more lines than declared
    expect(codeOf(() => parsePatch("--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n"))).toBe("hunk-mismatch");
    // a line that is not a diff line inside a hunk
    expect(codeOf(() => parsePatch("--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n?b\n+c\n"))).toBe("hunk-mismatch");
  });
});
