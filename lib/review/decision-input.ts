/** Request bodies of the three decisions. Each carries the revision and job version the reviewer saw. */
import { z } from "zod";
import { TierSchema } from "../generation/routing";

const seen = {
  changeId: z.string().trim().min(1, "changeId is required"),
  version: z.number().int().min(0),
};

export const OVERRIDE_MIN_LENGTH = 10;

export const ApproveInputSchema = z.strictObject({
  ...seen,
  /** A lead's override of a policy that is not met; ignored when the policy is met. */
  override: z
    .strictObject({
      justification: z
        .string()
        .trim()
        .min(OVERRIDE_MIN_LENGTH, `Write a justification of at least ${OVERRIDE_MIN_LENGTH} characters`)
        .max(5000, "Justification is too long"),
    })
    .optional(),
});
export type ApproveInput = z.infer<typeof ApproveInputSchema>;

export const RerouteInputSchema = z.strictObject({
  ...seen,
  tier: TierSchema,
  /** A specific model of that tier; null lets the worker pick the tier's provider. */
  model: z
    .string()
    .trim()
    .max(200)
    .nullish()
    .transform((s) => (s ? s : null)),
  note: z.string().trim().min(1, "Write a note for the next attempt").max(5000, "Note is too long"),
});
export type RerouteInput = z.infer<typeof RerouteInputSchema>;

export const RejectInputSchema = z.strictObject({
  ...seen,
  reason: z.string().trim().min(1, "A reason is required to reject").max(5000, "Reason is too long"),
});
export type RejectInput = z.infer<typeof RejectInputSchema>;

/** Finishing an approved job's merge that did not complete: only the job version is needed. */
export const FinishMergeInputSchema = z.strictObject({ version: seen.version });
export type FinishMergeInput = z.infer<typeof FinishMergeInputSchema>;
