"use client";
/** The summary at the top of the Change page: what the model was asked, what changed, what the gates say. */
import type { RevisionInstructions } from "@/lib/generation/instructions";
import type { ChangeSummary as Summary } from "@/lib/review/change-summary";
import { InstructionsView } from "./InstructionsView";

const KIND_LABEL = { added: "added", changed: "changed", removed: "removed" } as const;

export function ChangeSummary(props: {
  summary: Summary;
  instruction: string;
  /** What this revision was asked beyond the job's instruction (reroute note, line comments, gate problems). */
  instructions: RevisionInstructions | null;
  /** The bare note of revisions made before instructions were stored. */
  revisionNote: string | null;
  policyMet: boolean;
  onOpenFile: (path: string, line: number) => void;
}) {
  const { summary: s } = props;
  const f = s.files;
  const parts = [f.modified && `${f.modified} modified`, f.added && `${f.added} added`, f.deleted && `${f.deleted} deleted`].filter(Boolean);
  return (
    <section className="change-summary card" aria-label="Summary" data-testid="change-summary">
      <div className="summary-asked">
        <h2>Asked</h2>
        <p className="instruction" data-testid="summary-instruction">
          {props.instruction}
        </p>
        {props.instructions ? (
          <InstructionsView instructions={props.instructions} testId="summary-revision-instructions" />
        ) : props.revisionNote ? (
          <p className="reroute-note">Reroute note: {props.revisionNote}</p>
        ) : null}
      </div>
      <div className="summary-changed">
        <h2>Changed</h2>
        <p data-testid="summary-files">
          {f.total} file{f.total === 1 ? "" : "s"}
          {parts.length ? ` (${parts.join(", ")})` : ""} · <span className="text-ok">+{s.additions}</span> <span className="text-danger">−{s.deletions}</span>
        </p>
        {s.functions.length ? (
          <ul className="summary-functions" data-testid="summary-functions">
            {s.functions.slice(0, 12).map((fn) => (
              <li key={`${fn.file}:${fn.kind}:${fn.name}`}>
                <span className={`fn-kind fn-kind-${fn.kind}`}>{KIND_LABEL[fn.kind]}</span>{" "}
                <button type="button" className="link-like" onClick={() => props.onOpenFile(fn.file, fn.line)}>
                  <code>{fn.name}</code>
                </button>{" "}
                <span className="muted">{fn.file}</span>
              </li>
            ))}
            {s.functions.length > 12 ? <li className="muted">and {s.functions.length - 12} more</li> : null}
          </ul>
        ) : (
          <p className="muted">No function added, changed or removed{s.unparsed.length ? ` in the files that parse` : ""}.</p>
        )}
        {s.unparsed.length ? <p className="muted">Functions not read (Python, or the file does not parse): {s.unparsed.join(", ")}</p> : null}
      </div>
      <div className="summary-gates">
        <h2>Gates</h2>
        <p className={props.policyMet ? "text-ok" : "text-danger"} data-testid="summary-gates">
          {props.policyMet ? "✓ " : "✕ "}
          {s.headline}
        </p>
      </div>
    </section>
  );
}
