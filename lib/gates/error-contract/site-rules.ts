/** What makes a call, an object or a number an error site: shared by the oxc and the TypeScript readers. */
export const LOG_METHODS = new Set(["error", "fatal", "critical"]);
export const BODY_MESSAGE_KEYS = new Set(["error", "message", "detail", "title", "reason", "msg", "description", "errorMessage"]);
export const STATUS_KEYS = new Set(["status", "statusCode"]);

export function isHttpErrorStatus(value: number): boolean {
  return Number.isInteger(value) && value >= 400 && value <= 599;
}

/** `a.b.C` → `C`. */
export function lastName(text: string): string {
  return text.slice(text.lastIndexOf(".") + 1);
}
