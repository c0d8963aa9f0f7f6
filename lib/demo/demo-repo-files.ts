/**
 * Files of the demo repository created on first start under data/repos/demo: a small TypeScript
 * utility library with passing tests, a monitoring alert rule file and a README. The demo jobs'
 * recorded completions (./recordings.ts) are written against exactly these files.
 */
export const DEMO_REPO_FILES: Record<string, string> = {
  "package.json": `{
  "name": "demo-utils",
  "version": "1.0.0",
  "private": true,
  "description": "Small utilities used by the Gatehouse demo",
  "scripts": {
    "test": "node --import tsx --test test/*.test.ts"
  },
  "dependencies": {}
}
`,
  "tsconfig.json": `{
  "compilerOptions": { "target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler", "strict": true }
}
`,
  ".gitignore": "node_modules/\n",
  "README.md": `# demo-utils

Utilities for URLs, strings and a tiny in-memory store.

## Errors

\`parseUrl\` throws \`Error: Invalid URL\` when the input is not an absolute http(s) URL.
Monitoring (see \`monitoring/alerts.yml\`) pages on-call when this error rate exceeds 5%.
`,
  "src/url.ts": `/** Parses an absolute http(s) URL. */
export function parseUrl(input: string): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new Error("Invalid URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error("Invalid URL");
  }
  return url;
}

/** Encodes a record as a query string, skipping undefined values. */
export function encodeQuery(params: Record<string, string | number | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(encodeURIComponent(key) + "=" + encodeURIComponent(String(value)));
  }
  return parts.join("&");
}
`,
  "src/strings.ts": `/** Lower-case, dash-separated identifier for titles. */
export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** Shortens text to at most max characters, adding an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, Math.max(0, max - 1)) + "…";
}
`,
  "src/http.ts": `/** Fetches JSON and throws on non-2xx answers. */
export async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(\`Request failed with status \${res.status}\`);
  return (await res.json()) as T;
}
`,
  "src/store.ts": `/** A record with an id, stored by the in-memory store. */
export interface Entity {
  id: string;
}

export class NotFoundError extends Error {
  constructor(id: string) {
    super(\`Entity \${id} not found\`);
    this.name = "NotFoundError";
  }
}
`,
  "test/url.test.ts": `import { test } from "node:test";
import assert from "node:assert/strict";
import { parseUrl, encodeQuery } from "../src/url";

test("parses absolute URLs", () => {
  assert.equal(parseUrl("http://127.0.0.1:8080/a?b=1").pathname, "/a");
});

test("rejects relative URLs", () => {
  assert.throws(() => parseUrl("/relative"), /Invalid URL/);
});

test("rejects other protocols", () => {
  assert.throws(() => parseUrl("ftp://127.0.0.1"), { message: "Invalid URL" });
});

test("encodes spaces", () => {
  assert.equal(encodeQuery({ q: "a b", page: 2 }), "q=a%20b&page=2");
});

test("skips undefined values", () => {
  assert.equal(encodeQuery({ a: undefined, b: "x" }), "b=x");
});
`,
  "test/strings.test.ts": `import { test } from "node:test";
import assert from "node:assert/strict";
import { slugify, truncate } from "../src/strings";

test("slugifies titles", () => {
  assert.equal(slugify("  Hello, World! "), "hello-world");
});

test("truncates long text", () => {
  assert.equal(truncate("abcdef", 4), "abc…");
  assert.equal(truncate("abc", 4), "abc");
});
`,
  "monitoring/alerts.yml": `groups:
  - name: demo-utils
    rules:
      - alert: InvalidUrlSpike
        # Loki rule: share of requests failing URL parsing
        expr: |
          sum(rate({app="demo-utils"} |~ "Error: Invalid URL" [5m]))
            / sum(rate({app="demo-utils"} [5m])) > 0.05
        for: 10m
        labels:
          severity: page
        annotations:
          summary: "More than 5% of requests fail with Invalid URL"
`,
};
