/**
 * Reads a request body with a byte cap: a declared Content-Length over the cap is refused before
 * reading, and a body without one (chunked) is refused as soon as it grows past the cap, so an
 * oversized upload is never buffered in full.
 */
import { formatBytes } from "../format-bytes";

export class BodyTooLargeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BodyTooLargeError";
  }
}

export async function readBodyWithLimit(req: Request, maxBytes: number): Promise<string> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    throw new BodyTooLargeError(`request body is ${formatBytes(Number(declared))}, over the ${formatBytes(maxBytes)} limit`);
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
      throw new BodyTooLargeError(`request body exceeds the ${formatBytes(maxBytes)} limit`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
