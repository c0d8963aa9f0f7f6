/** What `POST /api/changes` accepts: a unified diff made elsewhere, plus where it applies and who wrote it. */
import { z } from "zod";

/** Request bodies above this are refused before they are read in full (the diff inside has its own limit). */
export const MAX_SUBMIT_BODY_BYTES = 5 * 1024 * 1024;

export const DEFAULT_AGENT_MODEL = "external";

export const SubmitChangeInputSchema = z.strictObject({
  /** Repository.name */
  repository: z.string({ error: "Repository name is required" }).trim().min(1, "Repository name is required").max(200),
  /** A ref or sha; defaults to the head of the repository's default branch. */
  baseCommit: z.string().trim().min(1, "Base commit must not be empty").max(256, "Base commit is too long").optional(),
  /** Unified diff; emptiness and size are judged by the patch checks so the caller gets their messages. */
  diff: z.string({ error: "diff (a unified diff) is required" }),
  /** The agent or model that wrote the change, e.g. "claude-code" or "codex". */
  model: z
    .string()
    .trim()
    .min(1, "Model must not be empty")
    .max(100, "Model name is too long (max 100 characters)")
    .default(DEFAULT_AGENT_MODEL),
  title: z.string({ error: "Title is required" }).trim().min(1, "Title is required").max(200, "Title is too long (max 200 characters)"),
  instruction: z.string().trim().max(50_000, "Instruction is too long (max 50000 characters)").optional(),
});

export type SubmitChangeInput = z.input<typeof SubmitChangeInputSchema>;
export type SubmitChangeData = z.output<typeof SubmitChangeInputSchema>;
