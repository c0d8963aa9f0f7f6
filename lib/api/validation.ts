/** zod failures as `{path, message}` issues the forms can show next to their fields. */
import type { z } from "zod";
import type { FieldIssue } from "../settings/errors";
import { BodyTooLargeError, readBodyWithLimit } from "./read-body";

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[]; status?: number };

/** JSON bodies of ordinary routes are small (forms, decisions); a bigger one is refused unread. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

/** Request text → JSON value, with the two messages every JSON route gives. */
export function parseJsonText(text: string): ParseResult<unknown> {
  if (text.trim() === "") return { ok: false, issues: [{ path: "", message: "Request body is empty; send a JSON object" }] };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, issues: [{ path: "", message: "Malformed JSON" }] };
  }
}

export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S, maxBytes = MAX_JSON_BODY_BYTES): Promise<ParseResult<z.output<S>>> {
  let text: string;
  try {
    text = await readBodyWithLimit(req, maxBytes);
  } catch (e) {
    if (e instanceof BodyTooLargeError) return { ok: false, status: 413, issues: [{ path: "", message: e.message }] };
    throw e;
  }
  const json = parseJsonText(text);
  if (!json.ok) return json;
  const parsed = schema.safeParse(json.value);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: zodIssues(parsed.error) };
}

export function parseQuery<S extends z.ZodType>(url: URL, schema: S): ParseResult<z.output<S>> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: zodIssues(parsed.error) };
}
