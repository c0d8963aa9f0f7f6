/** What a revision was asked beyond the job's instruction: the reviewer's note, line comments and gate problems. */
import type { RevisionInstructions } from "@/lib/generation/instructions";

export function InstructionsView({ instructions, testId }: { instructions: RevisionInstructions; testId?: string }) {
  const { note, comments, problems, fromRevision } = instructions;
  return (
    <div className="instructions" data-testid={testId ?? "revision-instructions"}>
      <div className="instructions-title">Generated from{fromRevision ? ` revision ${fromRevision}'s review` : " these instructions"}:</div>
      {note ? (
        <blockquote className="reroute-note">
          <span className="muted">Note: </span>
          {note}
        </blockquote>
      ) : null}
      {comments.length ? (
        <ul className="instruction-comments" aria-label="Line comments sent to the model">
          {comments.map((c, i) => (
            <li key={i}>
              <code>
                {c.file}:{c.line}
                {c.side === "old" ? " (old)" : ""}
              </code>{" "}
              {c.author ? <span className="muted">{c.author}: </span> : null}
              {c.body}
            </li>
          ))}
        </ul>
      ) : null}
      {problems.length ? (
        <ul className="instruction-problems" aria-label="Gate problems sent to the model">
          {problems.map((p, i) => (
            <li key={i}>{p}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
