/**
 * What a reviewer's reroute asks of the next revision: the note, and the open (unresolved) line-comment
 * threads on the revision being sent back, anchored to their lines with the commented line's text.
 * Stored on the job as `nextInstructions`; the next revision carries them into its prompt and shows them.
 */
import type { DbOrTx } from "../domain/db-types";
import { RevisionInstructionsSchema, type InstructionComment, type RevisionInstructions } from "../generation/instructions";
import { unresolvedThreads } from "./comments/comments";

function lineOf(files: unknown, file: string, side: "before" | "after", line: number): string | undefined {
  if (!Array.isArray(files)) return undefined;
  const entry = (files as { path?: unknown; before?: unknown; after?: unknown }[]).find((f) => f && f.path === file);
  const text = entry?.[side];
  return typeof text === "string" ? text.split("\n")[line - 1] : undefined;
}

export async function rerouteInstructions(
  db: DbOrTx,
  input: { note: string; changeId: string; revision: number },
): Promise<RevisionInstructions> {
  const [threads, change] = await Promise.all([
    unresolvedThreads(db, input.changeId),
    db.change.findUnique({ where: { id: input.changeId }, select: { files: true } }),
  ]);
  const comments: InstructionComment[] = threads.map((t) => {
    const [first, ...replies] = t.comments;
    const body = [first.body, ...replies.map((r) => `${r.author} replied: ${r.body}`)].join("\n");
    return {
      file: t.file,
      line: t.line,
      side: t.side === "before" ? "old" : "new",
      body,
      author: first.author,
      excerpt: lineOf(change?.files, t.file, t.side, t.line),
    };
  });
  return RevisionInstructionsSchema.parse({ note: input.note, comments, fromRevision: input.revision });
}
