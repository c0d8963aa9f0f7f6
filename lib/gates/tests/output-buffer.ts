/** Log tails for results and pages. (Stream capping: TailBuffer in lib/sandbox/output.ts.) */

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
