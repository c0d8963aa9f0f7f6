/**
 * Reads a request body with a byte cap: a declared Content-Length over the cap is refused before
 * reading, and a body without one (chunked) is refused as soon as it grows past the cap, so an
 * oversized upload is never buffered in full.
 */
import { IntakeError } from "./errors";

export async function readBodyWithLimit(req: Request, maxBytes: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    throw tooLarge(Number(declared), maxBytes);
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new IntakeError("too-large", `request body exceeds the ${formatBytes(maxBytes)} limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(bytes: number, maxBytes: number): IntakeError {
  return new IntakeError("too-large", `request body is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit`);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / (1024 * 1024)).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} bytes`;
}
