/** Keeps the tail of a stream up to a byte cap, so a chatty test run cannot exhaust memory. */
export class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.maxBytes && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
      this.truncated = true;
    }
    if (this.size > this.maxBytes) {
      const only = this.chunks[0];
      this.chunks[0] = only.subarray(only.length - this.maxBytes);
      this.size = this.maxBytes;
      this.truncated = true;
    }
  }

  toString(): string {
    return Buffer.concat(this.chunks).toString("utf8");
  }
}

/** The last `maxLines` lines and at most `maxBytes` bytes of a log. */
export function logTail(text: string, maxLines = 200, maxBytes = 64 * 1024): string {
  let lines = text.split("\n");
  if (lines.length > maxLines) lines = lines.slice(lines.length - maxLines);
  let out = lines.join("\n");
  if (Buffer.byteLength(out, "utf8") > maxBytes) {
    const buf = Buffer.from(out, "utf8");
    out = buf.subarray(buf.length - maxBytes).toString("utf8").replace(/^\uFFFD+/, "");
  }
  return out;
}
