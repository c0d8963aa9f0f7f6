/**
 * Minimal TOML reader for pyproject.toml: tables, dotted/quoted keys, strings (all four kinds), arrays spanning
 * lines, inline tables; other scalars are kept raw. Every value remembers its line so findings can point at it.
 * Not a validator: on malformed input it throws `TomlError`, which callers turn into "manifest unreadable".
 */

export type TomlValue =
  | { type: "string"; value: string; line: number }
  | { type: "array"; items: TomlValue[]; line: number }
  | { type: "table"; entries: Map<string, TomlValue>; line: number }
  | { type: "other"; raw: string; line: number };

export type TomlTable = Extract<TomlValue, { type: "table" }>;

export class TomlError extends Error {}

class Reader {
  pos = 0;
  line = 1;
  constructor(private readonly text: string) {}

  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }
  startsWith(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }
  next(): string {
    const ch = this.text[this.pos++] ?? "";
    if (ch === "\n") this.line++;
    return ch;
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
  /** Spaces and tabs only. */
  skipInline(): void {
    while (this.peek() === " " || this.peek() === "\t") this.next();
  }
  /** Whitespace, newlines and comments (inside arrays and between statements). */
  skipAll(): void {
    for (;;) {
      const ch = this.peek();
      if (ch === " " || ch === "\t" || ch === "\r" || ch === "\n") this.next();
      else if (ch === "#") while (!this.done() && this.peek() !== "\n") this.next();
      else return;
    }
  }
  fail(message: string): never {
    throw new TomlError(`line ${this.line}: ${message}`);
  }
}

const ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

function readString(r: Reader): string {
  const quote = r.peek();
  const multi = r.startsWith(quote.repeat(3));
  const delimiter = multi ? quote.repeat(3) : quote;
  for (let i = 0; i < delimiter.length; i++) r.next();
  if (multi && r.peek() === "\n") r.next();
  let value = "";
  while (!r.startsWith(delimiter)) {
    if (r.done() || (!multi && r.peek() === "\n")) r.fail("unterminated string");
    const ch = r.next();
    if (ch === "\\" && quote === '"') {
      const escape = r.next();
      if (escape === "u" || escape === "U") {
        const length = escape === "u" ? 4 : 8;
        let hex = "";
        for (let i = 0; i < length; i++) hex += r.next();
        value += String.fromCodePoint(parseInt(hex, 16));
      } else if (escape === "\n" && multi) {
        r.skipAll();
      } else value += ESCAPES[escape] ?? escape;
    } else value += ch;
  }
  for (let i = 0; i < delimiter.length; i++) r.next();
  return value;
}

function readKey(r: Reader): string[] {
  const parts: string[] = [];
  for (;;) {
    r.skipInline();
    if (r.peek() === '"' || r.peek() === "'") parts.push(readString(r));
    else {
      let bare = "";
      while (/[A-Za-z0-9_-]/.test(r.peek())) bare += r.next();
      if (!bare) r.fail("expected a key");
      parts.push(bare);
    }
    r.skipInline();
    if (r.peek() !== ".") return parts;
    r.next();
  }
}

function readValue(r: Reader): TomlValue {
  const line = r.line;
  const ch = r.peek();
  if (ch === '"' || ch === "'") return { type: "string", value: readString(r), line };
  if (ch === "[") {
    r.next();
    const items: TomlValue[] = [];
    for (;;) {
      r.skipAll();
      if (r.peek() === "]") break;
      items.push(readValue(r));
      r.skipAll();
      if (r.peek() === ",") r.next();
      else if (r.peek() !== "]") r.fail("expected , or ] in array");
    }
    r.next();
    return { type: "array", items, line };
  }
  if (ch === "{") {
    r.next();
    const entries = new Map<string, TomlValue>();
    for (;;) {
      r.skipInline();
      if (r.peek() === "}") break;
      const key = readKey(r);
      if (r.next() !== "=") r.fail("expected = in inline table");
      r.skipInline();
      setPath(entries, key, readValue(r), r);
      r.skipInline();
      if (r.peek() === ",") r.next();
      else if (r.peek() !== "}") r.fail("expected , or } in inline table");
    }
    r.next();
    return { type: "table", entries, line };
  }
  let raw = "";
  while (!r.done() && !/[,\]}\n#]/.test(r.peek())) raw += r.next();
  if (!raw.trim()) r.fail("expected a value");
  return { type: "other", raw: raw.trim(), line };
}

function tableAt(root: Map<string, TomlValue>, path: string[], line: number, r: Reader): Map<string, TomlValue> {
  let current = root;
  for (const part of path) {
    let next = current.get(part);
    if (!next) {
      next = { type: "table", entries: new Map(), line };
      current.set(part, next);
    }
    if (next.type === "array") {
      const last = next.items[next.items.length - 1];
      if (!last || last.type !== "table") r.fail(`${part} is not a table`);
      next = last;
    }
    if (next.type !== "table") r.fail(`${part} is not a table`);
    current = next.entries;
  }
  return current;
}

function setPath(table: Map<string, TomlValue>, key: string[], value: TomlValue, r: Reader): void {
  const parent = tableAt(table, key.slice(0, -1), value.line, r);
  parent.set(key[key.length - 1], value);
}

export function parseToml(text: string): TomlTable {
  const r: Reader = new Reader(text); // explicit type: lets `r.fail()` (never) narrow
  const root: TomlTable = { type: "table", entries: new Map(), line: 1 };
  let current = root.entries;
  for (;;) {
    r.skipAll();
    if (r.done()) return root;
    if (r.peek() === "[") {
      const arrayOfTables = r.startsWith("[[");
      r.next();
      if (arrayOfTables) r.next();
      const line = r.line;
      const path = readKey(r);
      if (r.next() !== "]" || (arrayOfTables && r.next() !== "]")) r.fail("unterminated table header");
      if (arrayOfTables) {
        const parent = tableAt(root.entries, path.slice(0, -1), line, r);
        const name = path[path.length - 1];
        let list = parent.get(name);
        if (!list) {
          list = { type: "array", items: [], line };
          parent.set(name, list);
        }
        if (list.type !== "array") r.fail(`${name} is not an array of tables`);
        const table: TomlTable = { type: "table", entries: new Map(), line };
        list.items.push(table);
        current = table.entries;
      } else current = tableAt(root.entries, path, line, r);
      continue;
    }
    const key = readKey(r);
    if (r.next() !== "=") r.fail("expected =");
    r.skipInline();
    setPath(current, key, readValue(r), r);
    r.skipInline();
    if (r.peek() === "#") while (!r.done() && r.peek() !== "\n") r.next();
    if (!r.done() && r.peek() !== "\n" && r.peek() !== "\r") r.fail("unexpected text after value");
  }
}

/** Value at a dotted path of tables, if present. */
export function tomlGet(table: TomlTable, path: string[]): TomlValue | undefined {
  let current: TomlValue = table;
  for (const part of path) {
    if (current.type !== "table") return undefined;
    const next = current.entries.get(part);
    if (!next) return undefined;
    current = next;
  }
  return current;
}
