/** zod failures as `{path, message}` issues the forms can show next to their fields. */
import type { z } from "zod";
import type { FieldIssue } from "../settings/errors";

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; issues: FieldIssue[] };

export async function parseJsonBody<S extends z.ZodType>(req: Request, schema: S): Promise<ParseResult<z.output<S>>> {
  let raw: unknown;
  const text = await req.text();
  if (text.trim() === "") {
    return { ok: false, issues: [{ path: "", message: "Request body is empty; send a JSON object" }] };
  }
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, issues: [{ path: "", message: "Malformed JSON" }] };
  }
  const parsed = schema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: zodIssues(parsed.error) };
}

export function parseQuery<S extends z.ZodType>(url: URL, schema: S): ParseResult<z.output<S>> {
  const parsed = schema.safeParse(Object.fromEntries(url.searchParams));
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, issues: zodIssues(parsed.error) };
}
