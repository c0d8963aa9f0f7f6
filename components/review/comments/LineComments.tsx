"use client";
import type { Thread } from "@/lib/review/comments/threads";
import { CommentForm } from "./CommentForm";
import { CommentThread, type ThreadActions } from "./CommentThread";

/** What a zone under one diff line holds: that line's threads, and the new-comment box when open. */
export function LineComments(props: {
  threads: Thread[];
  composing: boolean;
  file: string;
  side: "before" | "after";
  line: number;
  actions: ThreadActions;
  onSubmitNew: (body: string) => Promise<unknown>;
  onCancelNew: () => void;
}) {
  return (
    <div className="line-comments" data-testid="line-comments" data-line={props.line} data-side={props.side}>
      {props.threads.map((t) => (
        <CommentThread key={t.root.id} thread={t} actions={props.actions} />
      ))}
      {props.composing ? (
        <CommentForm
          label={`Comment on ${props.file} line ${props.line} (${props.side === "before" ? "old" : "new"} side)`}
          submitLabel="Add comment"
          autoFocus
          testId="comment-composer"
          onSubmit={props.onSubmitNew}
          onCancel={props.onCancelNew}
        />
      ) : null}
    </div>
  );
}
