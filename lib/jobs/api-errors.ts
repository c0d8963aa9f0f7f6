/** Review decisions' refusals as API errors: 403 role/self, 409 stale page, 422 policy, 400 fields, 404. */
import { ApiError } from "../api/errors";
import { isDecisionError } from "../review/errors";

export async function asApiErrors<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isDecisionError(e)) throw new ApiError(e.status, e.message, e.issues.length ? e.issues : undefined);
    throw e;
  }
}
