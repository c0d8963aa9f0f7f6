"use client";
import { useState } from "react";
import { formError } from "@/components/api-client";
import { formatUtc } from "@/components/ui/format";
import type { Thread } from "@/lib/review/comments/threads";
import { CommentForm } from "./CommentForm";

export interface ThreadActions {
  canWrite: boolean;
  reply: (rootId: string, body: string) => Promise<unknown>;
  resolve: (rootId: string, resolved: boolean) => Promise<unknown>;
}

/** One thread: its comments, a reply box and Resolve / Reopen. A resolved thread starts folded. */
export function CommentThread({ thread, actions, showAnchor }: { thread: Thread; actions: ThreadActions; showAnchor?: boolean }) {
  const { root, replies } = thread;
  const [open, setOpen] = useState(!root.resolved);
  const [replying, setReplying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const count = 1 + replies.length;
  async function toggleResolved() {
    setError(null);
    try {
      await actions.resolve(root.id, !root.resolved);
      setOpen(root.resolved);
    } catch (e) {
      setError(formError(e));
    }
  }
  return (
    <section
      className={`comment-thread${root.resolved ? " comment-thread-resolved" : ""}`}
      data-testid="comment-thread"
      data-file={root.file}
      data-line={root.line}
      data-side={root.side}
      data-resolved={root.resolved ? "true" : "false"}
      aria-label={`Comments on ${root.file} line ${root.line}`}
    >
      <header className="comment-thread-head">
        <button type="button" className="link-like" aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {open ? "▾" : "▸"} {count} comment{count === 1 ? "" : "s"}
        </button>
        {showAnchor ? (
          <span className="muted">
            {root.file}:{root.line} ({root.side === "before" ? "old" : "new"} side, revision {root.revision})
          </span>
        ) : null}
        <span className="spacer" />
        {root.resolved ? (
          <span className="badge badge-ok" data-testid="thread-status">
            ✓ Resolved{root.resolvedBy ? ` by ${root.resolvedBy}` : ""}
          </span>
        ) : (
          <span className="badge badge-warn" data-testid="thread-status">
            Open
          </span>
        )}
      </header>
      {open ? (
        <>
          <ol className="comment-list">
            {[root, ...replies].map((c) => (
              <li key={c.id} className="comment" data-testid="comment">
                <div className="comment-meta">
                  <strong>{c.author}</strong> <span className="muted">{formatUtc(c.createdAt)}</span>
                </div>
                <div className="comment-body">{c.body}</div>
              </li>
            ))}
          </ol>
          {error ? (
            <p className="field-error" role="alert">
              {error}
            </p>
          ) : null}
          {actions.canWrite ? (
            replying ? (
              <CommentForm
                label="Reply"
                submitLabel="Reply"
                autoFocus
                testId="reply-form"
                onSubmit={async (body) => {
                  await actions.reply(root.id, body);
                  setReplying(false);
                }}
                onCancel={() => setReplying(false)}
              />
            ) : (
              <div className="comment-actions">
                <button type="button" className="button button-secondary button-small" onClick={() => setReplying(true)}>
                  Reply
                </button>
                <button type="button" className="button button-secondary button-small" onClick={() => void toggleResolved()}>
                  {root.resolved ? "Reopen" : "Resolve"}
                </button>
              </div>
            )
          ) : null}
        </>
      ) : null}
    </section>
  );
}
