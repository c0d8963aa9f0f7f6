/** Request bodies of line comments: a new thread on a line, a reply to a thread, a thread's resolve. */
import { z } from "zod";

const body = z.string().trim().min(1, "Write a comment").max(10_000, "Comment is too long");

export const NewCommentInputSchema = z
  .strictObject({
    /** The revision the line belongs to (required for a new thread). */
    changeId: z.string().trim().min(1).optional(),
    file: z.string().trim().min(1).max(1000).optional(),
    line: z.number().int("Line must be a whole number").min(1, "Lines start at 1").optional(),
    /** Which side of the diff: the file before or after the change. */
    side: z.enum(["before", "after"]).default("after"),
    body,
    /** Id of a comment of the thread to answer; the reply joins that thread on its line. */
    replyTo: z.string().trim().min(1).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.replyTo) return;
    for (const key of ["changeId", "file", "line"] as const) {
      if (v[key] === undefined) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required for a new comment` });
    }
  });
export type NewCommentInput = z.infer<typeof NewCommentInputSchema>;

export const ResolveCommentInputSchema = z.strictObject({ resolved: z.boolean() });
