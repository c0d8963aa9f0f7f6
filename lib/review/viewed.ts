/**
 * "Viewed" ticks per reviewer and file, as on GitHub. A tick stores a hash of the file's before/after
 * text; a later revision that changes the file has another hash, so the tick no longer counts and the
 * file shows as not viewed again, while files the revision left alone stay ticked.
 */
import crypto from "node:crypto";
import { z } from "zod";
import type { Db } from "../db/client";
import { can } from "../auth/permissions";
import type { Reviewer } from "./decision-context";
import { DecisionError } from "./errors";
import { parseDecisionInput } from "./parse-input";

export const ViewedInputSchema = z.strictObject({
  changeId: z.string().trim().min(1, "changeId is required"),
  file: z.string().trim().min(1, "file is required").max(1000),
  viewed: z.boolean(),
});

interface FileText {
  path: string;
  before?: unknown;
  after?: unknown;
}

export function fileContentHash(f: FileText): string {
  const text = (v: unknown) => (typeof v === "string" ? v : null);
  return crypto.createHash("sha256").update(JSON.stringify([f.path, text(f.before), text(f.after)])).digest("hex");
}

function filesOf(v: unknown): FileText[] {
  return Array.isArray(v) ? v.filter((f): f is FileText => !!f && typeof f === "object" && typeof (f as FileText).path === "string") : [];
}

/** Paths of the revision's files this person has viewed as they are now. */
export async function viewedPaths(db: Db, userId: string, jobId: string, files: readonly FileText[]): Promise<string[]> {
  const marks = await db.fileViewedMark.findMany({ where: { jobId, userId }, select: { path: true, contentHash: true } });
  const hashes = new Map(marks.map((m) => [m.path, m.contentHash]));
  return files.filter((f) => hashes.get(f.path) === fileContentHash(f)).map((f) => f.path);
}

export async function setViewed(db: Db, user: Reviewer, jobId: string, raw: unknown): Promise<{ viewed: string[] }> {
  const input = parseDecisionInput(ViewedInputSchema, raw);
  if (!can(user.role, "job:review")) throw new DecisionError("forbidden", "Only reviewers and leads mark files as viewed");
  const latest = await db.change.findFirst({ where: { jobId }, orderBy: { revision: "desc" }, select: { id: true, files: true } });
  if (!latest) throw new DecisionError("not-found", `Job ${jobId} has no revision`);
  if (latest.id !== input.changeId) {
    throw new DecisionError("stale", "A newer revision replaced the one you were looking at. Reload the page; nothing was changed.");
  }
  const files = filesOf(latest.files);
  const file = files.find((f) => f.path === input.file);
  if (!file) throw new DecisionError("invalid", `${input.file} is not changed in this revision`, [{ path: "file", message: "Not a file of this revision" }]);
  const key = { jobId_userId_path: { jobId, userId: user.id, path: file.path } };
  if (input.viewed) {
    const data = { contentHash: fileContentHash(file), changeId: latest.id };
    await db.fileViewedMark.upsert({ where: key, create: { jobId, userId: user.id, path: file.path, ...data }, update: data });
  } else {
    await db.fileViewedMark.deleteMany({ where: { jobId, userId: user.id, path: file.path } });
  }
  return { viewed: await viewedPaths(db, user.id, jobId, files) };
}
