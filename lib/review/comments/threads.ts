/** Threads from a flat comment list (browser and server): first comment + replies, in order. */
import type { CommentView } from "./comments";

export interface Thread {
  root: CommentView;
  replies: CommentView[];
}

export function threadsOf(comments: readonly CommentView[]): Thread[] {
  const threads = new Map<string, Thread>();
  for (const c of comments) if (!c.parentId) threads.set(c.id, { root: c, replies: [] });
  for (const c of comments) if (c.parentId) threads.get(c.parentId)?.replies.push(c);
  return [...threads.values()];
}

/** "side:line", the key of a line's comment zone in the diff. */
export function lineKey(side: "before" | "after", line: number): string {
  return `${side}:${line}`;
}
