/** Browser-side JSON calls to the app's API; failures carry the server's `{error, issues}` for inline display. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiClientError extends Error {
  readonly status: number;
  readonly issues: FieldIssue[];
  constructor(status: number, message: string, issues: FieldIssue[] = []) {
    super(message);
    this.name = "ApiClientError";
    this.status = status;
    this.issues = issues;
  }

  /** Issues keyed by field path, for `<Field error=…>`. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const i of this.issues) if (i.path && !(i.path in out)) out[i.path] = i.message;
    return out;
  }
}

export async function apiFetch<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? "GET",
    headers: init.body !== undefined ? { "content-type": "application/json" } : undefined,
    body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    credentials: "same-origin",
  });
  if (res.status === 204) return undefined as T;
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    data = null;
  }
  if (!res.ok) {
    const d = (data ?? {}) as { error?: unknown; issues?: unknown };
    const message = typeof d.error === "string" ? d.error : `Request failed (${res.status})`;
    const issues = Array.isArray(d.issues) ? (d.issues as FieldIssue[]) : [];
    throw new ApiClientError(res.status, message, issues);
  }
  return data as T;
}

/** Errors that are not tied to a field, shown above the form. */
export function formError(e: unknown): string | null {
  if (!e) return null;
  if (e instanceof ApiClientError) {
    const general = e.issues.filter((i) => !i.path).map((i) => i.message);
    if (e.status === 400 && e.issues.some((i) => i.path)) return general.length ? general.join("; ") : "Please fix the highlighted fields.";
    return general.length ? `${e.message}: ${general.join("; ")}` : e.message;
  }
  return e instanceof Error ? e.message : "Something went wrong";
}

export function fieldErrors(e: unknown): Record<string, string> {
  return e instanceof ApiClientError ? e.fieldErrors() : {};
}
