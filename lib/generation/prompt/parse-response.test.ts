import { afterAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseModelResponse, type ParsedResponse } from "./parse-response";

const A_TS = [
  "import { helper } from './helper';",
  "",
  "export function encode(input: string): string {",
  "  const trimmed = input.trim();",
  "  return helper(trimmed);",
  "}",
  "",
  "export function decode(input: string): string {",
  "  return input.split('').reverse().join('');",
  "}",
  "",
].join("\n");

const UTIL_PY = "def add(a, b):\n    return a + b\n\n\ndef sub(a, b):\n    return a - b\n";

const REPO: Record<string, string> = {
  "src/a.ts": A_TS,
  "src/util.py": UTIL_PY,
  "README.md": "# Demo\n\nSome text.\n",
  "db/schema.sql": "-- users table\nCREATE TABLE users (id int);\n-- end\n",
};
const repoFiles = (p: string) => REPO[p] ?? null;

const tmpDirs: string[] = [];
afterAll(() => {
  for (const dir of tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
});

/** Applies the diff with real `git apply` in a fresh repository holding `files`; returns the tree after. */
function gitApply(diff: string, files: Record<string, string> = REPO): Record<string, string | null> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-parse-"));
  tmpDirs.push(dir);
  const git = (...args: string[]) => execFileSync("git", args, { cwd: dir, encoding: "utf8", stdio: ["pipe", "pipe", "pipe"] });
  git("init", "-q");
  git("config", "core.autocrlf", "false");
  for (const [p, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
    fs.writeFileSync(path.join(dir, p), content);
  }
  fs.writeFileSync(path.join(dir, "change.diff"), diff);
  git("apply", "--whitespace=nowarn", "change.diff");
  const after: Record<string, string | null> = {};
  const names = new Set([...Object.keys(files), ...[...diff.matchAll(/^\+\+\+ b\/(.+)$/gm)].map((m) => m[1]!)]);
  for (const p of names) {
    const full = path.join(dir, p);
    after[p] = fs.existsSync(full) ? fs.readFileSync(full, "utf8") : null;
  }
  return after;
}

/** Every hunk header's counts equal the lines in its body (our output starts each file with `diff --git`). */
function expectWellFormed(diff: string): void {
  const lines = diff.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const m = /^@@ -\d+,(\d+) \+\d+,(\d+) @@/.exec(lines[i]!);
    if (!m) continue;
    let oldCount = 0;
    let newCount = 0;
    for (let k = i + 1; k < lines.length && /^[ +\-\\]/.test(lines[k]!); k++) {
      const c = lines[k]![0];
      if (c !== "+" && c !== "\\") oldCount++;
      if (c !== "-" && c !== "\\") newCount++;
    }
    expect([oldCount, newCount]).toEqual([Number(m[1]), Number(m[2])]);
  }
}

function expectDiff(r: ParsedResponse): string {
  if (r.kind === "none") throw new Error(`expected a diff, got none: ${r.reason}`);
  expectWellFormed(r.diff);
  return r.diff;
}

const ENCODE_CHANGED = A_TS.replace("return helper(trimmed);", "return helper(trimmed.toLowerCase());");

describe("parseModelResponse: diffs", () => {
  it("1. a git diff in a ```diff fence with prose around it", () => {
    const text = [
      "Sure! Here is the change:",
      "",
      "```diff",
      "diff --git a/src/a.ts b/src/a.ts",
      "index 1234567..89abcde 100644",
      "--- a/src/a.ts",
      "+++ b/src/a.ts",
      "@@ -3,4 +3,4 @@ import { helper } from './helper';",
      " export function encode(input: string): string {",
      "   const trimmed = input.trim();",
      "-  return helper(trimmed);",
      "+  return helper(trimmed.toLowerCase());",
      " }",
      "```",
      "",
      "This lower-cases the input before encoding.",
    ].join("\n");
    const r = parseModelResponse(text, { repoFiles });
    expect(r.kind).toBe("diff");
    const diff = expectDiff(r);
    expect(diff).toContain("diff --git a/src/a.ts b/src/a.ts");
    expect(diff).not.toContain("index 1234567");
    expect(gitApply(diff)["src/a.ts"]).toBe(ENCODE_CHANGED);
  });

  it("2. a bare diff without fences, prose before and after", () => {
    const text = [
      "I changed encode.",
      "--- a/src/a.ts",
      "+++ b/src/a.ts",
      "@@ -5,2 +5,2 @@",
      "-  return helper(trimmed);",
      "+  return helper(trimmed.toLowerCase());",
      " }",
      "",
      "Let me know if you want tests.",
    ].join("\n");
    const r = parseModelResponse(text, { repoFiles });
    expect(r.kind).toBe("diff");
    expect(gitApply(expectDiff(r))["src/a.ts"]).toBe(ENCODE_CHANGED);
  });

  it("3. CRLF line endings in the answer", () => {
    const text = "```diff\r\n--- a/src/a.ts\r\n+++ b/src/a.ts\r\n@@ -5,2 +5,2 @@\r\n-  return helper(trimmed);\r\n+  return helper(trimmed.toLowerCase());\r\n }\r\n```\r\n";
    const diff = expectDiff(parseModelResponse(text, { repoFiles }));
    expect(diff).not.toContain("\r");
    expect(gitApply(diff)["src/a.ts"]).toBe(ENCODE_CHANGED);
  });

  it("4. wrong hunk line counts are recomputed from the body", () => {
    const text = [
      "```diff",
      "--- a/src/a.ts",
      "+++ b/src/a.ts",
      "@@ -8,7 +8,12 @@",
      " export function decode(input: string): string {",
      "-  return input.split('').reverse().join('');",
      "+  const chars = input.split('');",
      "+  return chars.reverse().join('');",
      " }",
      "```",
    ].join("\n");
    const diff = expectDiff(parseModelResponse(text, { repoFiles }));
    // Counts recomputed (and context widened to 3 lines): 5 old lines 6-10, 6 new ones.
    expect(diff).toContain("@@ -6,5 +6,6 @@");
    expect(gitApply(diff)["src/a.ts"]).toBe(
      A_TS.replace("  return input.split('').reverse().join('');", "  const chars = input.split('');\n  return chars.reverse().join('');"),
    );
  });

  it("5. no `diff --git` line and paths without a/ b/ prefixes", () => {
    const text = "```diff\n--- src/util.py\n+++ src/util.py\n@@ -1,2 +1,3 @@\n def add(a, b):\n+    \"\"\"Sum.\"\"\"\n     return a + b\n```";
    const diff = expectDiff(parseModelResponse(text, { repoFiles }));
    expect(diff).toMatch(/^diff --git a\/src\/util\.py b\/src\/util\.py\n--- a\/src\/util\.py\n\+\+\+ b\/src\/util\.py\n/);
    expect(gitApply(diff)["src/util.py"]).toBe(UTIL_PY.replace("def add(a, b):\n", 'def add(a, b):\n    """Sum."""\n'));
  });

  it("6. two fences, one per file, both kept", () => {
    const text = [
      "First file:",
      "```diff",
      "--- a/src/util.py",
      "+++ b/src/util.py",
      "@@ -5,2 +5,2 @@",
      " def sub(a, b):",
      "-    return a - b",
      "+    return a - b  # difference",
      "```",
      "Second file:",
      "```patch",
      "--- a/README.md",
      "+++ b/README.md",
      "@@ -1,3 +1,3 @@",
      "-# Demo",
      "+# Demo project",
      " ",
      " Some text.",
      "```",
    ].join("\n");
    const diff = expectDiff(parseModelResponse(text, { repoFiles }));
    const after = gitApply(diff);
    expect(after["src/util.py"]).toContain("return a - b  # difference");
    expect(after["README.md"]).toBe("# Demo project\n\nSome text.\n");
  });

  it("7. a hunk written as `@@ ... @@` without numbers is placed where its context is", () => {
    const text = "```diff\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ ... @@\n export function decode(input: string): string {\n-  return input.split('').reverse().join('');\n+  return [...input].reverse().join('');\n }\n```";
    const r = parseModelResponse(text, { repoFiles });
    const diff = expectDiff(r);
    expect(diff).toContain("@@ -6,5 +6,5 @@");
    expect(gitApply(diff)["src/a.ts"]).toContain("return [...input].reverse().join('');");
  });

  it("8. a misnumbered hunk is moved to its real position", () => {
    const text = "```diff\n--- a/src/util.py\n+++ b/src/util.py\n@@ -1,2 +1,2 @@\n def sub(a, b):\n-    return a - b\n+    return b - a\n```";
    const r = parseModelResponse(text, { repoFiles });
    const diff = expectDiff(r);
    expect(r.warnings.join(" ")).toContain("moved a hunk of src/util.py to line 5");
    expect(gitApply(diff)["src/util.py"]).toBe(UTIL_PY.replace("return a - b", "return b - a"));
  });

  it("9. context lines whose trailing whitespace was lost, and a blank context line without its space", () => {
    const files = { "src/w.ts": "const a = 1;   \n\nconst b = 2;\n" };
    const text = "```diff\n--- a/src/w.ts\n+++ b/src/w.ts\n@@ -1,3 +1,3 @@\n const a = 1;\n\n-const b = 2;\n+const b = 3;\n```";
    const diff = expectDiff(parseModelResponse(text, { repoFiles: (p) => files[p as keyof typeof files] ?? null }));
    expect(gitApply(diff, files)["src/w.ts"]).toBe("const a = 1;   \n\nconst b = 3;\n");
  });

  it("10. a repository file with CRLF endings gets a diff that applies", () => {
    const files = { "win.txt": "alpha\r\nbeta\r\ngamma\r\n" };
    const text = "```diff\n--- a/win.txt\n+++ b/win.txt\n@@ -1,3 +1,3 @@\n alpha\n-beta\n+BETA\n gamma\n```";
    const diff = expectDiff(parseModelResponse(text, { repoFiles: (p) => files[p as keyof typeof files] ?? null }));
    expect(gitApply(diff, files)["win.txt"]).toBe("alpha\r\nBETA\r\ngamma\r\n");
  });

  it("11. a new file from /dev/null gets git's new-file header", () => {
    const text = "```diff\ndiff --git a/src/new.ts b/src/new.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/new.ts\n@@ -0,0 +1,5 @@\n+export const answer = 42;\n```";
    const diff = expectDiff(parseModelResponse(text, { repoFiles }));
    expect(diff).toContain("new file mode 100644\n--- /dev/null\n+++ b/src/new.ts\n@@ -0,0 +1,1 @@");
    expect(gitApply(diff)["src/new.ts"]).toBe("export const answer = 42;\n");
  });

  it("12. a 'new file' that already exists replaces it", () => {
    const text = "```diff\n--- /dev/null\n+++ b/README.md\n@@ -0,0 +1,2 @@\n+# Replaced\n+\n```";
    const r = parseModelResponse(text, { repoFiles });
    expect(r.warnings.join(" ")).toContain("README.md already exists");
    expect(gitApply(expectDiff(r))["README.md"]).toBe("# Replaced\n\n");
  });

  it("13. a removed SQL comment line (`--- …`) inside a counted hunk is not a file header", () => {
    const text = "```diff\n--- a/db/schema.sql\n+++ b/db/schema.sql\n@@ -1,3 +1,3 @@\n--- users table\n+-- user accounts\n CREATE TABLE users (id int);\n -- end\n```";
    const diff = expectDiff(parseModelResponse(text, { repoFiles }));
    expect(gitApply(diff)["db/schema.sql"]).toBe("-- user accounts\nCREATE TABLE users (id int);\n-- end\n");
  });

  it("14. a deleted file", () => {
    const text = "```diff\ndiff --git a/src/util.py b/src/util.py\ndeleted file mode 100644\n--- a/src/util.py\n+++ /dev/null\n@@ -1,6 +0,0 @@\n-def add(a, b):\n-    return a + b\n```";
    const diff = expectDiff(parseModelResponse(text, { repoFiles }));
    expect(diff).toContain("deleted file mode 100644");
    expect(gitApply(diff)["src/util.py"]).toBeNull();
  });

  it("15. several sections of the same file across fences are merged into one", () => {
    const text = [
      "```diff",
      "--- a/src/a.ts",
      "+++ b/src/a.ts",
      "@@ -9,1 +9,1 @@",
      "-  return input.split('').reverse().join('');",
      "+  return input;",
      "```",
      "```diff",
      "--- a/src/a.ts",
      "+++ b/src/a.ts",
      "@@ -1,1 +1,1 @@",
      "-import { helper } from './helper';",
      "+import { helper } from './helpers';",
      "```",
    ].join("\n");
    const diff = expectDiff(parseModelResponse(text, { repoFiles }));
    expect(diff.match(/^diff --git/gm)).toHaveLength(1);
    const after = gitApply(diff)["src/a.ts"]!;
    expect(after).toContain("from './helpers'");
    expect(after).toContain("  return input;\n");
  });
});

describe("parseModelResponse: mixed and cut-off answers", () => {
  it("30. a bare diff with over-counted hunks followed by prose keeps the prose out", () => {
    const text = "--- a/src/util.py\n+++ b/src/util.py\n@@ -1,9 +1,9 @@\n def add(a, b):\n-    return a + b\n+    return int(a) + int(b)\nThat is all you need.\nThanks";
    const diff = expectDiff(parseModelResponse(text, { repoFiles }));
    expect(diff).not.toContain("That is all");
    expect(gitApply(diff)["src/util.py"]).toBe(UTIL_PY.replace("return a + b", "return int(a) + int(b)"));
  });

  it("31. a diff for one file and a whole file for another become one diff", () => {
    const text = [
      "```diff",
      "--- a/src/util.py",
      "+++ b/src/util.py",
      "@@ -2 +2 @@",
      "-    return a + b",
      "+    return a + b + 0",
      "```",
      "```md path=docs/usage.md",
      "# Usage",
      "```",
    ].join("\n");
    const r = parseModelResponse(text, { repoFiles });
    expect(r.kind).toBe("diff");
    const after = gitApply(expectDiff(r));
    expect(after["src/util.py"]).toContain("return a + b + 0");
    expect(after["docs/usage.md"]).toBe("# Usage\n");
  });

  it("32. an answer cut off inside the diff fence still parses, with a warning", () => {
    const text = "```diff\n--- a/src/util.py\n+++ b/src/util.py\n@@ -4,3 +4,3 @@\n \n def sub(a, b):\n-    return a - b\n+    return a - b - 0\n";
    const r = parseModelResponse(text, { repoFiles });
    expect(r.warnings).toContain("the answer ends inside a code block (cut off?)");
    expect(gitApply(expectDiff(r))["src/util.py"]).toContain("return a - b - 0");
  });
});

describe("parseModelResponse: fences inside lists", () => {
  it("33. a diff fence indented inside a numbered list", () => {
    const text = [
      "1. Update the subtraction:",
      "   ```diff",
      "   --- a/src/util.py",
      "   +++ b/src/util.py",
      "   @@ -5,2 +5,2 @@",
      "    def sub(a, b):",
      "   -    return a - b",
      "   +    return -(b - a)",
      "   ```",
    ].join("\n");
    expect(gitApply(expectDiff(parseModelResponse(text, { repoFiles })))["src/util.py"]).toContain("return -(b - a)");
  });
});

describe("parseModelResponse: whole files", () => {
  it("16. a ```ts path=… block becomes a computed diff", () => {
    const text = `Here is the full file:\n\`\`\`ts path=src/a.ts\n${ENCODE_CHANGED}\`\`\`\n`;
    const r = parseModelResponse(text, { repoFiles });
    expect(r.kind).toBe("files");
    if (r.kind !== "files") return;
    expect(r.files).toEqual([{ path: "src/a.ts", content: ENCODE_CHANGED }]);
    expect(r.diff).toContain("diff --git a/src/a.ts b/src/a.ts\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -2,7 +2,7 @@");
    expect(gitApply(r.diff)["src/a.ts"]).toBe(ENCODE_CHANGED);
  });

  it("17. a ~~~file path=… block for a new file, next to a changed one", () => {
    const text = "~~~file path=src/helper.ts\nexport const helper = (s: string) => s;\n~~~\n\n```python path=\"src/util.py\"\ndef add(a, b):\n    return a + b\n```\n";
    const r = parseModelResponse(text, { repoFiles });
    expect(r.kind).toBe("files");
    if (r.kind !== "files") return;
    expect(r.diff).toContain("diff --git a/src/helper.ts b/src/helper.ts\nnew file mode 100644\n--- /dev/null\n+++ b/src/helper.ts\n");
    const after = gitApply(r.diff);
    expect(after["src/helper.ts"]).toBe("export const helper = (s: string) => s;\n");
    expect(after["src/util.py"]).toBe("def add(a, b):\n    return a + b\n");
  });

  it("18. a block labelled by a path line above it (**src/util.py**)", () => {
    const newPy = UTIL_PY.replace("return a + b", "return b + a");
    const text = `**src/util.py**\n\`\`\`python\n${newPy}\`\`\``;
    const r = parseModelResponse(text, { repoFiles });
    expect(r.kind).toBe("files");
    if (r.kind === "files") expect(gitApply(r.diff)["src/util.py"]).toBe(newPy);
  });

  it("19. a markdown file block containing its own fenced example", () => {
    const readme = "# Demo\n\nUsage:\n\n```sh\nnpm start\n```\n\nSome text.\n";
    const text = `\`\`\`md path=README.md\n${readme}\`\`\`\nThat adds a usage section.`;
    const r = parseModelResponse(text, { repoFiles });
    expect(r.kind).toBe("files");
    if (r.kind === "files") {
      expect(r.files[0]!.content).toBe(readme);
      expect(gitApply(r.diff)["README.md"]).toBe(readme);
    }
  });

  it("20. a whole file for a repository file without a final newline keeps that convention", () => {
    const files = { "VERSION": "1.0.0" };
    const text = "```text path=VERSION\n1.1.0\n```";
    const r = parseModelResponse(text, { repoFiles: (p) => files[p as keyof typeof files] ?? null });
    if (r.kind !== "files") throw new Error("expected files");
    expect(r.files[0]!.content).toBe("1.1.0");
    expect(gitApply(r.diff, files)["VERSION"]).toBe("1.1.0");
  });
});

describe("parseModelResponse: refused answers", () => {
  const reasonOf = (text: string) => {
    const r = parseModelResponse(text, { repoFiles });
    expect(r.kind).toBe("none");
    return r.kind === "none" ? r.reason : "";
  };

  it("21. prose only", () => {
    expect(reasonOf("You could lower-case the input in encode(). Hope this helps!")).toBe(
      "the model answered without a diff or file block",
    );
  });

  it("22. *** Begin Patch format", () => {
    const text = "*** Begin Patch\n*** Update File: src/a.ts\n@@\n-  return helper(trimmed);\n+  return helper(trimmed.toLowerCase());\n*** End Patch";
    expect(reasonOf(text)).toContain("*** Begin Patch");
  });

  it("23. code blocks that neither are a diff nor name a file", () => {
    expect(reasonOf("Use this:\n```ts\nconst x = input.toLowerCase();\n```")).toContain("neither a diff nor name their file");
  });

  it("24. a whole-file block abbreviated with a placeholder comment", () => {
    const text = "```ts path=src/a.ts\nimport { helper } from './helper';\n\n// ... rest of the file unchanged\n```";
    expect(reasonOf(text)).toContain("abbreviated");
  });

  it("25. paths escaping the repository", () => {
    expect(reasonOf("```diff\n--- a/../../etc/passwd\n+++ b/../../etc/passwd\n@@ -1 +1 @@\n-root\n+evil\n```")).toContain("unsafe path");
    expect(reasonOf("```sh path=/etc/profile\necho hi\n```")).toContain("unsafe path");
    expect(reasonOf("```ini path=.git/config\n[core]\n```")).toContain("unsafe path");
  });

  it("26. a diff editing a file that does not exist", () => {
    expect(reasonOf("```diff\n--- a/src/missing.ts\n+++ b/src/missing.ts\n@@ -1,2 +1,2 @@\n const a = 1;\n-const b = 2;\n+const b = 3;\n```")).toContain(
      "src/missing.ts, which does not exist",
    );
  });

  it("27. a numberless hunk whose context is nowhere in the file", () => {
    expect(reasonOf("```diff\n--- a/src/a.ts\n+++ b/src/a.ts\n@@\n function nothingLikeThis() {\n-  a();\n+  b();\n```")).toContain(
      "does not match the current file content",
    );
  });

  it("28. a diff whose hunks change nothing, and a file block identical to the file", () => {
    expect(reasonOf("```diff\n--- a/src/a.ts\n+++ b/src/a.ts\n@@ -1,1 +1,1 @@\n import { helper } from './helper';\n```")).toBe(
      "the model's diff changes nothing",
    );
    expect(reasonOf(`\`\`\`py path=src/util.py\n${UTIL_PY}\`\`\``)).toBe("the model's file blocks are identical to the current files");
  });

  it("29. a renamed file", () => {
    expect(reasonOf("```diff\n--- a/src/util.py\n+++ b/src/utils.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a + b\n+    return b + a\n```")).toContain(
      "renames are not supported",
    );
  });
});
