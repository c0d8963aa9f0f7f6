/** `POST /api/changes` without Next: body (size-capped JSON) → submitChange → 201 or an intake error response. */
import type { Db } from "../db/client";
import { IntakeError, intakeErrorResponse, isIntakeError } from "./errors";
import { BodyTooLargeError, readBodyWithLimit } from "../api/read-body";
import { parseJsonText } from "../api/validation";
import { submitChange, type SubmitChangeOptions, type Submitter } from "./submit-change";
import { MAX_SUBMIT_BODY_BYTES } from "./submit-input";

export interface SubmitChangeResponse {
  jobId: string;
  changeId: string;
  /** Path of the job page, relative to the server. */
  url: string;
  status: string;
}

export interface HandleSubmitOptions extends SubmitChangeOptions {
  maxBodyBytes?: number;
}

/** Authentication and the job:submit permission are the caller's (withRoute's) job. */
export async function handleSubmitChange(req: Request, db: Db, submitter: Submitter, opts: HandleSubmitOptions = {}): Promise<Response> {
  try {
    const text = await readBodyWithLimit(req, opts.maxBodyBytes ?? MAX_SUBMIT_BODY_BYTES).catch((e: unknown) => {
      throw e instanceof BodyTooLargeError ? new IntakeError("too-large", e.message) : e;
    });
    const json = parseJsonText(text);
    if (!json.ok) throw new IntakeError("invalid-input", "Invalid request body", { issues: json.issues });
    const result = await submitChange(db, submitter, json.value, opts);
    const body: SubmitChangeResponse = { jobId: result.jobId, changeId: result.changeId, url: `/jobs/${result.jobId}`, status: result.status };
    return Response.json(body, { status: 201, headers: { "cache-control": "no-store" } });
  } catch (e) {
    if (isIntakeError(e)) return intakeErrorResponse(e);
    throw e;
  }
}

