/**
 * A revision's instructions: what a reroute asks of the next revision beyond the job's own instruction —
 * the reviewer's note, line comments anchored to the previous revision, and the gate problems of an
 * automatic reroute. A reroute stores them on the job (`Job.nextInstructions`), the context step copies them
 * onto the revision it opens (`Change.instructions`), the prompt builder sends them to the model and the
 * change page shows them. One shape everywhere, so what the page shows is exactly what the model was asked.
 */
import { z } from "zod";

export const InstructionCommentSchema = z.object({
  file: z.string().min(1),
  line: z.number().int().positive(),
  /** Which side of the previous revision's diff the line is on: the new file (default) or the old one. */
  side: z.enum(["old", "new"]).default("new"),
  body: z.string().trim().min(1),
  author: z.string().optional(),
  /** The text of the commented line, so the model sees what the reviewer pointed at. */
  excerpt: z.string().optional(),
});
export type InstructionComment = z.output<typeof InstructionCommentSchema>;

export const RevisionInstructionsSchema = z.object({
  note: z.string().trim().min(1).optional().catch(undefined),
  comments: z.array(InstructionCommentSchema).default([]),
  problems: z.array(z.string().min(1)).default([]),
  /** The revision these instructions respond to. */
  fromRevision: z.number().int().positive().optional(),
});
export type RevisionInstructions = z.output<typeof RevisionInstructionsSchema>;
export type RevisionInstructionsInput = z.input<typeof RevisionInstructionsSchema>;

export function hasInstructions(i: RevisionInstructions | null | undefined): i is RevisionInstructions {
  return !!i && (!!i.note || i.comments.length > 0 || i.problems.length > 0);
}

/** Stored JSON → instructions; null when absent, malformed or empty (old rows, first revisions). */
export function parseInstructions(v: unknown): RevisionInstructions | null {
  if (v === null || v === undefined) return null;
  const parsed = RevisionInstructionsSchema.safeParse(v);
  return parsed.success && hasInstructions(parsed.data) ? parsed.data : null;
}

/**
 * The instructions of a new revision, from what the job carries: the reroute's stored instructions (note and
 * comments), falling back to the bare note of jobs rerouted before instructions existed, plus the previous
 * attempt's gate problems when an automatic reroute made it.
 */
export function composeInstructions(input: {
  next: unknown;
  note: string | null;
  problems: unknown;
  cause: string;
  fromRevision: number | null;
}): RevisionInstructions | null {
  const stored = parseInstructions(input.next);
  const problems = input.cause.startsWith("auto-") && Array.isArray(input.problems)
    ? input.problems.filter((p): p is string => typeof p === "string" && p.length > 0)
    : [];
  const composed = RevisionInstructionsSchema.parse({
    note: stored?.note ?? input.note ?? undefined,
    comments: stored?.comments ?? [],
    problems: stored?.problems.length ? stored.problems : problems,
    fromRevision: stored?.fromRevision ?? input.fromRevision ?? undefined,
  });
  return hasInstructions(composed) ? composed : null;
}

function commentLine(c: InstructionComment): string {
  const where = `${c.file}:${c.line}${c.side === "old" ? " (old side, a line the change removed)" : ""}`;
  const who = c.author ? ` — ${c.author}` : "";
  const excerpt = c.excerpt !== undefined ? `\n  Line: \`${c.excerpt.trim()}\`` : "";
  const body = c.body.trim().split("\n").join("\n  ");
  return `- ${where}${who}${excerpt}\n  ${body}`;
}

/** The prompt section for the note and the line comments (gate problems go with the previous diff). */
export function instructionsPromptSection(i: RevisionInstructions): string | null {
  const parts: string[] = [];
  if (i.note) parts.push("## Reviewer's note", "A reviewer sent this change back with this note; follow it:", i.note);
  if (i.comments.length > 0) {
    if (parts.length) parts.push("");
    const of = i.fromRevision ? ` of revision ${i.fromRevision}` : "";
    parts.push(
      "## Reviewer's line comments",
      `The reviewer commented on these lines${of} (shown in the previous diff below); address every one:`,
      i.comments.map(commentLine).join("\n"),
    );
  }
  return parts.length ? parts.join("\n") : null;
}
