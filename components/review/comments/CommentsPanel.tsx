"use client";
import type { Thread } from "@/lib/review/comments/threads";
import { CommentThread, type ThreadActions } from "./CommentThread";

/**
 * Every thread of the job, below the diff: the way to reach threads on other files, on the old side
 * while the diff is inline, and on earlier revisions. Open threads of the current revision are sent
 * with a reroute.
 */
export function CommentsPanel(props: {
  threads: Thread[];
  currentChangeId: string | null;
  actions: ThreadActions;
  onJump: (t: Thread) => void;
  /** The diff is inline: old-side threads cannot be drawn in it, so they are shown here in full. */
  inline: boolean;
}) {
  const current = props.threads.filter((t) => t.root.changeId === props.currentChangeId);
  const earlier = props.threads.filter((t) => t.root.changeId !== props.currentChangeId);
  const open = current.filter((t) => !t.root.resolved).length;
  return (
    <section className="comments-panel card" aria-label="Line comments" data-testid="comments-panel">
      <header className="comments-panel-head">
        <h2>Comments</h2>
        <span className="muted" data-testid="comments-count">
          {current.length === 0
            ? "No comments on this revision — click a line number in the diff to add one."
            : `${open} open of ${current.length} thread${current.length === 1 ? "" : "s"} on this revision${open ? " · open threads go to the model with a reroute" : ""}`}
        </span>
      </header>
      {current.length ? (
        <ul className="comments-index">
          {current.map((t) => (
            <li key={t.root.id}>
              <button type="button" className="link-like" onClick={() => props.onJump(t)}>
                {t.root.file}:{t.root.line}
              </button>{" "}
              <span className="muted">
                ({t.root.side === "before" ? "old" : "new"} side) {t.root.resolved ? "✓ resolved" : "open"} — {t.root.author}: {excerpt(t.root.body)}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {props.inline && current.some((t) => t.root.side === "before") ? (
        <div className="comments-old-side" data-testid="old-side-threads">
          <p className="muted">On the old side (shown here while the diff is inline):</p>
          {current
            .filter((t) => t.root.side === "before")
            .map((t) => (
              <CommentThread key={t.root.id} thread={t} actions={props.actions} showAnchor />
            ))}
        </div>
      ) : null}
      {earlier.length ? (
        <details className="comments-earlier">
          <summary>
            {earlier.length} thread{earlier.length === 1 ? "" : "s"} on earlier revisions
          </summary>
          {earlier.map((t) => (
            <CommentThread key={t.root.id} thread={t} actions={{ ...props.actions, canWrite: false }} showAnchor />
          ))}
        </details>
      ) : null}
    </section>
  );
}

function excerpt(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 90 ? `${one.slice(0, 87)}…` : one;
}
