"use client";
import { Fragment, useState } from "react";
import type { ContextEntryView } from "@/lib/jobs/job-detail";

/** Why the context builder picked a file (lib/generation/context), in words. */
const REASONS: Record<string, string> = {
  target: "target file",
  imports: "imported by a target file",
  "imported-by": "imports a target file",
  similar: "similar to the instruction",
};

/** The files the model saw, why each was picked, its score and token cost; expand one to read it. */
export function ContextPackView({ entries }: { entries: ContextEntryView[] }) {
  const [open, setOpen] = useState<string | null>(null);
  if (entries.length === 0) return <p className="muted">No context pack was recorded for this revision.</p>;
  const tokens = entries.reduce((n, e) => n + (e.tokens ?? 0), 0);
  return (
    <div data-testid="context-pack">
      <p className="muted">
        {entries.length} file{entries.length === 1 ? "" : "s"}, about {tokens.toLocaleString("en-US")} tokens.
      </p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th>File</th>
              <th>Why</th>
              <th className="num">Score</th>
              <th className="num">Tokens</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <Fragment key={e.file}>
                <tr>
                  <td>
                    {e.content !== null ? (
                      <button type="button" className="link-like" aria-expanded={open === e.file} onClick={() => setOpen(open === e.file ? null : e.file)}>
                        <code>{e.file}</code>
                      </button>
                    ) : (
                      <code>{e.file}</code>
                    )}
                  </td>
                  <td>{REASONS[e.reason] ?? e.reason}</td>
                  <td className="num">{e.score === null ? "—" : e.score.toFixed(2)}</td>
                  <td className="num">{e.tokens ?? "—"}</td>
                </tr>
                {open === e.file && e.content !== null ? (
                  <tr>
                    <td colSpan={4}>
                      <pre className="context-content">{e.content}</pre>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
