import { describe, expect, it } from "vitest";
import { buildPrompt, fenceFor } from "./build-prompt";

const pack = [
  { file: "src/util.ts", reason: "imported by the target", score: 0.8, tokens: 40, content: "export const helper = (s: string) => s;\n" },
  { file: "src/encode.ts", reason: "target file", score: 1, tokens: 60, content: "export function encode(s: string) {\n  return s;\n}\n" },
];

describe("buildPrompt", () => {
  it("asks for a git-style unified diff or path= file blocks in the system message", () => {
    const [system] = buildPrompt({ instruction: "x", targetPaths: [], taskType: "simple", contextPack: [] });
    expect(system!.role).toBe("system");
    expect(system!.content).toContain("diff --git a/");
    expect(system!.content).toContain("--- /dev/null");
    expect(system!.content).toContain("path=src/example.ts");
    expect(system!.content).toContain("*** Begin Patch");
    expect(system!.content).toContain("complexity at most 10");
  });

  it("puts the instruction, targets first, labelled context files and their contents in the user message", () => {
    const messages = buildPrompt({
      instruction: "Make encode lower-case its input",
      targetPaths: ["src/encode.ts", "src/new.ts"],
      taskType: "simple",
      contextPack: pack,
      complexityThreshold: 7,
      cognitiveThreshold: 12,
    });
    expect(messages.map((m) => m.role)).toEqual(["system", "user"]);
    expect(messages[0]!.content).toContain("cyclomatic complexity at most 7 and cognitive complexity at most 12");
    const user = messages[1]!.content;
    expect(user).toContain("## Instruction (task type: simple)\nMake encode lower-case its input");
    expect(user).toContain("- src/encode.ts\n");
    expect(user).toContain("- src/new.ts (not shown below: create it if it does not exist)");
    expect(user).toContain("### src/encode.ts (target: target file)\n```ts\nexport function encode(s: string) {\n  return s;\n}\n```");
    expect(user).toContain("### src/util.ts (context: imported by the target)\n```ts\nexport const helper");
    expect(user.indexOf("### src/encode.ts")).toBeLessThan(user.indexOf("### src/util.ts"));
    expect(user).not.toContain("Reviewer's note");
    expect(user).not.toContain("Previous attempt");
  });

  it("includes the reviewer's note and the previous attempt's problems on a reroute", () => {
    const user = buildPrompt({
      instruction: "Add a retry helper",
      targetPaths: ["src/encode.ts"],
      taskType: "complex",
      contextPack: pack,
      instructions: { note: "Use the existing helper instead of axios." },
      previousAttempt: {
        diff: "diff --git a/src/encode.ts b/src/encode.ts\n--- a/src/encode.ts\n+++ b/src/encode.ts\n@@ -1 +1 @@\n-a\n+b\n",
        problems: ["complexity 14 > 10 in encode", "package axios-v2 does not exist"],
      },
    })[1]!.content;
    expect(user).toContain("## Reviewer's note");
    expect(user).toContain("Use the existing helper instead of axios.");
    expect(user).toContain("- complexity 14 > 10 in encode\n- package axios-v2 does not exist");
    expect(user).toContain("```diff\ndiff --git a/src/encode.ts b/src/encode.ts");
  });

  it("sends the reviewer's line comments, anchored to their lines, with the previous diff", () => {
    const user = buildPrompt({
      instruction: "Add a retry helper",
      targetPaths: ["src/encode.ts"],
      taskType: "complex",
      contextPack: pack,
      instructions: {
        note: "Do not add a dependency",
        fromRevision: 1,
        comments: [
          { file: "src/encode.ts", line: 3, body: "Use fetch here", author: "Rita Reviewer", excerpt: "  return axios.get(url);" },
          { file: "src/old.ts", line: 7, side: "old", body: "Keep this check" },
        ],
      },
      previousAttempt: { diff: "diff --git a/src/encode.ts b/src/encode.ts\n", problems: [] },
    })[1]!.content;
    expect(user).toContain("## Reviewer's note\nA reviewer sent this change back with this note; follow it:\nDo not add a dependency");
    expect(user).toContain("## Reviewer's line comments\nThe reviewer commented on these lines of revision 1");
    expect(user).toContain("- src/encode.ts:3 — Rita Reviewer\n  Line: `return axios.get(url);`\n  Use fetch here");
    expect(user).toContain("- src/old.ts:7 (old side, a line the change removed)\n  Keep this check");
    expect(user).toContain("## Previous attempt (sent back by the reviewer)");
    expect(user.indexOf("Reviewer's line comments")).toBeLessThan(user.indexOf("## Previous attempt"));
  });

  it("asks to repair a diff that did not apply", () => {
    const user = buildPrompt({
      instruction: "x",
      targetPaths: ["src/encode.ts"],
      taskType: "simple",
      contextPack: pack,
      repairOf: { diff: "--- a/src/encode.ts\n+++ b/src/encode.ts\n@@ -9,1 +9,1 @@\n-zzz\n+yyy\n", error: "hunk 1 does not match at line 9" },
    })[1]!.content;
    expect(user).toContain("## Your previous diff could not be applied");
    expect(user).toContain("Error: hunk 1 does not match at line 9");
    expect(user).toContain("-zzz\n+yyy");
  });

  it("fences file contents so backticks inside cannot end the block early", () => {
    const md = "# Readme\n\n```sh\nnpm test\n```\n";
    expect(fenceFor(md)).toBe("````");
    const user = buildPrompt({
      instruction: "x",
      targetPaths: ["README.md"],
      taskType: "boilerplate",
      contextPack: [{ file: "README.md", reason: "target", score: 1, tokens: 10, content: md }],
    })[1]!.content;
    expect(user).toContain("````markdown\n# Readme\n\n```sh\nnpm test\n```\n````");
  });

  it("rejects an empty instruction", () => {
    expect(() => buildPrompt({ instruction: "  ", targetPaths: [], taskType: "simple", contextPack: [] })).toThrow();
  });
});
