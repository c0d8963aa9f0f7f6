/** Git's C-style quoted path names ("a/t\303\244st\tx"), as written in diff headers. */

const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92,
};

/**
 * Reads one quoted name starting at `start` (which must be a `"`).
 * Returns the decoded name and the index just after the closing quote, or null when unterminated.
 */
export function readQuotedPath(text: string, start: number): { value: string; end: number } | null {
  const bytes: number[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"') return { value: Buffer.from(bytes).toString("utf8"), end: i + 1 };
    if (ch === "\\") {
      const next = text[i + 1];
      if (next === undefined) return null;
      if (/[0-7]/.test(next)) {
        const oct = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4))![0];
        bytes.push(parseInt(oct, 8) & 0xff);
        i += 1 + oct.length;
        continue;
      }
      const code = SIMPLE_ESCAPES[next];
      if (code === undefined) return null;
      bytes.push(code);
      i += 2;
      continue;
    }
    bytes.push(...Buffer.from(ch, "utf8"));
    i += 1;
  }
  return null;
}

/** A header path that may be quoted; text after a tab (diff -u timestamps) is dropped for unquoted names. */
export function readHeaderPath(raw: string): string {
  const text = raw.replace(/\r$/, "");
  if (text.startsWith('"')) {
    const q = readQuotedPath(text, 0);
    if (q) return q.value;
  }
  const tab = text.indexOf("\t");
  return (tab >= 0 ? text.slice(0, tab) : text).replace(/\s+$/, "");
}
