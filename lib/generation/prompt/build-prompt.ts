/** Builds the chat messages that ask a model for one change: a unified diff or whole replacement files. */
import { z } from "zod";
import type { ChatMessage } from "../providers/types";
import { instructionsPromptSection, RevisionInstructionsSchema } from "../instructions";

export const ContextFileSchema = z.object({
  file: z.string().min(1),
  reason: z.string(),
  score: z.number(),
  tokens: z.number(),
  content: z.string(),
});
export type ContextFile = z.infer<typeof ContextFileSchema>;

export const BuildPromptInputSchema = z.object({
  instruction: z.string().trim().min(1),
  targetPaths: z.array(z.string().min(1)),
  taskType: z.string().min(1),
  contextPack: z.array(ContextFileSchema),
  /** What this revision must address: the reviewer's note and line comments (lib/generation/instructions.ts). */
  instructions: RevisionInstructionsSchema.nullish(),
  /** The previous revision sent back, and what the gates found wrong with it (empty for a reviewer's reroute). */
  previousAttempt: z.object({ diff: z.string(), problems: z.array(z.string()) }).optional(),
  /** A diff that failed to apply, and the error, when we ask the model to repair its own output. */
  repairOf: z.object({ diff: z.string(), error: z.string() }).optional(),
  /** Per-function cyclomatic complexity limit of the complexity gate. */
  complexityThreshold: z.number().int().positive().optional(),
  /** Per-function cognitive complexity limit of the complexity gate. */
  cognitiveThreshold: z.number().int().positive().optional(),
});
export type BuildPromptInput = z.input<typeof BuildPromptInputSchema>;

export function systemPrompt(complexityThreshold = 10, cognitiveThreshold = 10): string {
  return [
    "You are a careful senior engineer making one small, reviewable code change in an existing repository.",
    "Every change you make is checked automatically (tests, dependencies, complexity, error handling) and then reviewed by a human.",
    "",
    "Answer with exactly ONE of these two formats and nothing else (at most one short sentence of explanation before it):",
    "",
    "1. A unified diff in git format inside a ```diff fence, against the files exactly as shown:",
    "```diff",
    "diff --git a/src/example.ts b/src/example.ts",
    "--- a/src/example.ts",
    "+++ b/src/example.ts",
    "@@ -3,7 +3,7 @@",
    " unchanged context line",
    "-removed line",
    "+added line",
    " unchanged context line",
    "```",
    "   Use 3 lines of context, copy context and removed lines exactly (same indentation), one `diff --git` section per file.",
    "   A new file uses `--- /dev/null` and `+++ b/path`.",
    "",
    "2. The complete new content of each changed file, one fenced block per file with its path in the info string:",
    "```ts path=src/example.ts",
    "…the whole file, every line, no placeholders…",
    "```",
    "",
    "Rules:",
    "- Change only what the instruction needs; prefer the target files. Do not reformat unrelated code.",
    "- Never abbreviate with comments such as `// ... rest unchanged`; whole-file blocks must be complete.",
    "- Do not use the `*** Begin Patch` format or any other patch format.",
    "- Only import packages that the repository already uses or that really exist in the public registry; never invent package names.",
    `- Keep every function simple: cyclomatic complexity at most ${complexityThreshold} and cognitive complexity at most ${cognitiveThreshold}; split long functions into helpers.`,
    "- Handle errors explicitly; never swallow them silently. Keep existing tests passing and add or update tests when behaviour changes.",
  ].join("\n");
}

/** A fence longer than any backtick run inside the content, so file text cannot close it early. */
export function fenceFor(content: string): string {
  const longest = Math.max(0, ...Array.from(content.matchAll(/`+/g), (m) => m[0].length));
  return "`".repeat(Math.max(3, longest + 1));
}

function languageOf(path: string): string {
  const ext = path.split(".").pop()?.toLowerCase() ?? "";
  const map: Record<string, string> = { ts: "ts", tsx: "tsx", js: "js", jsx: "jsx", mjs: "js", cjs: "js", py: "python", json: "json", md: "markdown", sh: "sh", yml: "yaml", yaml: "yaml", css: "css", html: "html", sql: "sql", go: "go", rs: "rust", java: "java", rb: "ruby" };
  return map[ext] ?? "";
}

function fenced(content: string, info: string): string {
  const fence = fenceFor(content);
  const body = content.endsWith("\n") ? content : `${content}\n`;
  return `${fence}${info}\n${body}${fence}`;
}

function targetSection(targetPaths: string[], pack: ContextFile[]): string {
  const lines = targetPaths.map((p) => {
    const inPack = pack.some((f) => f.file === p);
    return inPack ? `- ${p}` : `- ${p} (not shown below: create it if it does not exist)`;
  });
  return ["## Target files", lines.length ? lines.join("\n") : "- (none given: choose the files the instruction needs)"].join("\n");
}

function contextSection(pack: ContextFile[], targetPaths: string[]): string {
  if (pack.length === 0) return "## Repository files\n(no files were selected as context)";
  // Targets first so the files to change are never buried under context.
  const ordered = [...pack].sort((a, b) => Number(targetPaths.includes(b.file)) - Number(targetPaths.includes(a.file)));
  const blocks = ordered.map((f) => {
    const role = targetPaths.includes(f.file) ? "target" : "context";
    return `### ${f.file} (${role}: ${f.reason})\n${fenced(f.content, languageOf(f.file))}`;
  });
  return ["## Repository files", "Current content of the files, exactly as they are on disk:", "", blocks.join("\n\n")].join("\n");
}

function previousAttemptSection(prev: { diff: string; problems: string[] }): string {
  const intro = prev.problems.length
    ? ["## Previous attempt (rejected)", "An earlier version of this change was rejected by the automatic checks. Problems found:", prev.problems.map((p) => `- ${p}`).join("\n")]
    : ["## Previous attempt (sent back by the reviewer)", "The reviewer sent the earlier version of this change back for the reasons above."];
  return [
    ...intro,
    "",
    "Its diff, for reference (write a new change against the files above, not on top of this diff):",
    fenced(prev.diff, "diff"),
  ].join("\n");
}

function repairSection(repair: { diff: string; error: string }): string {
  return [
    "## Your previous diff could not be applied",
    `Error: ${repair.error}`,
    "",
    fenced(repair.diff, "diff"),
    "",
    "Produce the change again, with context lines copied exactly from the current files shown above,",
    "or give the complete new files instead.",
  ].join("\n");
}

export function buildPrompt(input: BuildPromptInput): ChatMessage[] {
  const p = BuildPromptInputSchema.parse(input);
  const sections: string[] = [
    `## Instruction (task type: ${p.taskType})`,
    p.instruction,
    "",
    targetSection(p.targetPaths, p.contextPack),
  ];
  const asked = p.instructions ? instructionsPromptSection(p.instructions) : null;
  if (asked) sections.push("", asked);
  if (p.previousAttempt) sections.push("", previousAttemptSection(p.previousAttempt));
  sections.push("", contextSection(p.contextPack, p.targetPaths));
  if (p.repairOf) sections.push("", repairSection(p.repairOf));
  sections.push("", "Answer with a unified diff (```diff) or complete files (```lang path=…), nothing else.");
  return [
    { role: "system", content: systemPrompt(p.complexityThreshold, p.cognitiveThreshold) },
    { role: "user", content: sections.join("\n") },
  ];
}
