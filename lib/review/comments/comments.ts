/**
 * Line comments on a revision's diff, in threads with replies and a resolved state. Writing follows the
 * decisions' rules (a reviewer or lead, not on their own job); anyone who can read the job reads them.
 * Every write is audited on the job's timeline.
 */
import type { Db } from "../../db/client";
import type { DbOrTx } from "../../domain/db-types";
import { recordAudit } from "../../domain/audit";
import { loadDecisionContext, assertMayDecide, type Reviewer } from "../decision-context";
import { DecisionError } from "../errors";
import { parseDecisionInput } from "../parse-input";
import { NewCommentInputSchema, ResolveCommentInputSchema } from "./comment-input";

export interface CommentView {
  id: string;
  jobId: string;
  changeId: string;
  revision: number;
  file: string;
  line: number;
  side: "before" | "after";
  body: string;
  author: string;
  authorId: string;
  /** The thread's first comment; null for that comment. */
  parentId: string | null;
  /** The thread's state (replies carry their thread's). */
  resolved: boolean;
  resolvedBy: string | null;
  createdAt: string;
}

const WITH_AUTHOR = { author: { select: { name: true } }, change: { select: { revision: true } } } as const;

type Row = {
  id: string;
  jobId: string;
  changeId: string;
  file: string;
  line: number;
  side: string;
  body: string;
  authorId: string;
  parentId: string | null;
  resolved: boolean;
  resolvedById: string | null;
  createdAt: Date;
  author: { name: string };
  change: { revision: number };
};

function toView(r: Row, thread: Row | undefined, names: Map<string, string>): CommentView {
  const root = thread ?? r;
  return {
    id: r.id,
    jobId: r.jobId,
    changeId: r.changeId,
    revision: r.change.revision,
    file: r.file,
    line: r.line,
    side: r.side === "before" ? "before" : "after",
    body: r.body,
    author: r.author.name,
    authorId: r.authorId,
    parentId: r.parentId,
    resolved: root.resolved,
    resolvedBy: root.resolvedById ? (names.get(root.resolvedById) ?? null) : null,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Every comment of the job, oldest first (threads are rebuilt by parentId). */
export async function listComments(db: Db, jobId: string): Promise<CommentView[]> {
  const rows: Row[] = await db.reviewComment.findMany({ where: { jobId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: WITH_AUTHOR });
  const byId = new Map(rows.map((r) => [r.id, r]));
  const resolverIds = [...new Set(rows.flatMap((r) => (r.resolvedById ? [r.resolvedById] : [])))];
  const resolvers = resolverIds.length ? await db.user.findMany({ where: { id: { in: resolverIds } }, select: { id: true, name: true } }) : [];
  const names = new Map(resolvers.map((u) => [u.id, u.name]));
  return rows.map((r) => toView(r, r.parentId ? byId.get(r.parentId) : undefined, names));
}

function lineCount(text: string): number {
  return text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
}

/** The line must exist on that side of that file of that revision. */
function assertAnchor(files: unknown, file: string, side: "before" | "after", line: number): void {
  const entry = Array.isArray(files)
    ? (files as { path?: unknown; before?: unknown; after?: unknown }[]).find((f) => f && f.path === file)
    : undefined;
  if (!entry) throw new DecisionError("invalid", `${file} is not changed in this revision`, [{ path: "file", message: "Not a file of this revision" }]);
  const text = entry[side];
  if (typeof text !== "string") {
    const message = side === "before" ? `${file} is new in this revision: comment on the new side` : `${file} is deleted in this revision: comment on the old side`;
    throw new DecisionError("invalid", message, [{ path: "side", message }]);
  }
  const lines = Math.max(1, lineCount(text));
  if (line > lines) {
    throw new DecisionError("invalid", `${file} has ${lines} line${lines === 1 ? "" : "s"} on the ${side} side`, [{ path: "line", message: `At most ${lines}` }]);
  }
}

/** Every comment write is on the job's timeline. */
function auditComment(tx: DbOrTx, actor: Reviewer, jobId: string, action: string, details: Record<string, unknown>) {
  return recordAudit(tx, { actorId: actor.id, actorLabel: actor.email, action, subjectType: "job", subjectId: jobId, details });
}

export async function addComment(db: Db, author: Reviewer, jobId: string, raw: unknown): Promise<CommentView> {
  const input = parseDecisionInput(NewCommentInputSchema, raw);
  const { job } = await loadDecisionContext(db, jobId);
  assertMayDecide(author, job, "comment on");

  let anchor: { changeId: string; file: string; line: number; side: "before" | "after"; parentId: string | null };
  if (input.replyTo) {
    const target = await db.reviewComment.findUnique({ where: { id: input.replyTo } });
    if (!target || target.jobId !== jobId) {
      throw new DecisionError("invalid", "That comment does not belong to this job", [{ path: "replyTo", message: "Unknown comment" }]);
    }
    anchor = {
      changeId: target.changeId,
      file: target.file,
      line: target.line,
      side: target.side === "before" ? "before" : "after",
      parentId: target.parentId ?? target.id,
    };
  } else {
    const change = await db.change.findUnique({ where: { id: input.changeId! }, select: { jobId: true, files: true } });
    if (!change || change.jobId !== jobId) {
      throw new DecisionError("invalid", "That revision does not belong to this job", [{ path: "changeId", message: "Unknown revision" }]);
    }
    assertAnchor(change.files, input.file!, input.side, input.line!);
    anchor = { changeId: input.changeId!, file: input.file!, line: input.line!, side: input.side, parentId: null };
  }

  const created = await db.$transaction(async (tx) => {
    const row = await tx.reviewComment.create({ data: { jobId, ...anchor, body: input.body, authorId: author.id } });
    // A reply reopens nothing by itself; resolving stays an explicit act.
    await auditComment(tx, author, jobId, anchor.parentId ? "review.comment.reply" : "review.comment", {
      commentId: row.id,
      changeId: anchor.changeId,
      file: anchor.file,
      line: anchor.line,
      side: anchor.side,
    });
    return row;
  });
  return (await listComments(db, jobId)).find((c) => c.id === created.id)!;
}

/** Resolves or reopens the thread the comment belongs to. */
export async function resolveThread(db: Db, actor: Reviewer, jobId: string, commentId: string, raw: unknown): Promise<CommentView> {
  const input = parseDecisionInput(ResolveCommentInputSchema, raw);
  const { job } = await loadDecisionContext(db, jobId);
  assertMayDecide(actor, job, "comment on");
  const target = await db.reviewComment.findUnique({ where: { id: commentId } });
  if (!target || target.jobId !== jobId) throw new DecisionError("not-found", "Comment not found");
  const rootId = target.parentId ?? target.id;
  await db.$transaction(async (tx) => {
    await tx.reviewComment.update({
      where: { id: rootId },
      data: input.resolved ? { resolved: true, resolvedById: actor.id, resolvedAt: new Date() } : { resolved: false, resolvedById: null, resolvedAt: null },
    });
    await auditComment(tx, actor, jobId, input.resolved ? "review.comment.resolve" : "review.comment.reopen", {
      commentId: rootId,
      file: target.file,
      line: target.line,
    });
  });
  return (await listComments(db, jobId)).find((c) => c.id === rootId)!;
}

/** Open threads of one revision, each with its replies, in file and line order: what a reroute sends. */
export async function unresolvedThreads(db: DbOrTx, changeId: string) {
  const rows = await db.reviewComment.findMany({
    where: { changeId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    include: { author: { select: { name: true } } },
  });
  const roots = rows.filter((r) => !r.parentId && !r.resolved);
  return roots
    .map((root) => ({
      file: root.file,
      line: root.line,
      side: root.side === "before" ? ("before" as const) : ("after" as const),
      comments: rows.filter((r) => r.id === root.id || r.parentId === root.id).map((r) => ({ author: r.author.name, body: r.body })),
    }))
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
