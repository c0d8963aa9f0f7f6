/**
 * Recorded completions for the demo jobs, replayed by the `recorded` provider (demo only; the UI marks
 * these changes "recorded"). Each answer is what a model could have written for the demo repository.
 */
export interface DemoRecording {
  match: { jobTitle: string; tier?: string; revision?: number };
  model: string;
  text: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

const fence = (path: string, body: string) => "```ts path=" + path + "\n" + body + "```\n";

export const DEMO_JOBS = {
  urlRefactor: "Refactor URL parsing into a single validation step",
  httpRetry: "Add retries to the JSON HTTP helper",
  queryParser: "Add a query-string parser",
  crudHelper: "Add a CRUD helper for the in-memory store",
} as const;

export const DEMO_RECORDINGS: DemoRecording[] = [
  {
    match: { jobTitle: DEMO_JOBS.urlRefactor },
    model: "demo-accurate",
    promptTokens: 1840,
    completionTokens: 262,
    latencyMs: 9400,
    text:
      "I consolidated the validation into one helper and clarified the error message.\n\n" +
      fence(
        "src/url.ts",
        `const ALLOWED_PROTOCOLS = new Set(["http:", "https:"]);

function assertValidUrl(candidate: URL | null): asserts candidate is URL {
  if (!candidate || !ALLOWED_PROTOCOLS.has(candidate.protocol)) {
    throw new Error("Malformed URI structure");
  }
}

/** Parses an absolute http(s) URL. */
export function parseUrl(input: string): URL {
  const url = URL.canParse(input) ? new URL(input) : null;
  assertValidUrl(url);
  return url;
}

/** Encodes a record as a query string, skipping undefined values. */
export function encodeQuery(params: Record<string, string | number | undefined>): string {
  return Object.entries(params)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => encodeURIComponent(key) + "=" + encodeURIComponent(String(value)))
    .join("&");
}
`,
      ),
  },
  {
    match: { jobTitle: DEMO_JOBS.httpRetry },
    model: "demo-accurate",
    promptTokens: 1210,
    completionTokens: 188,
    latencyMs: 7100,
    text:
      "Here is the helper with retries, using axios-v2 for its built-in retry support.\n\n" +
      fence(
        "src/http.ts",
        `import axios from "axios-v2";

/** Fetches JSON, retrying up to \`retries\` times on network errors and 5xx answers. */
export async function getJson<T>(url: string, retries = 3): Promise<T> {
  const res = await axios.get<T>(url, { retry: retries, retryDelay: 200 });
  if (res.status >= 400) throw new Error(\`Request failed with status \${res.status}\`);
  return res.data;
}
`,
      ),
  },
  {
    match: { jobTitle: DEMO_JOBS.queryParser, tier: "fast" },
    model: "demo-fast",
    promptTokens: 980,
    completionTokens: 301,
    latencyMs: 1900,
    text: fence(
      "src/query.ts",
      `/** Parses "a=1&b=x&flag" into a record; repeated keys become arrays. */
export function parseQuery(input: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (input) {
    const s = input.startsWith("?") ? input.slice(1) : input;
    for (const part of s.split("&")) {
      if (part) {
        const eq = part.indexOf("=");
        const key = decodeURIComponent(eq >= 0 ? part.slice(0, eq) : part);
        const value = eq >= 0 ? decodeURIComponent(part.slice(eq + 1).replace(/\\+/g, " ")) : "";
        if (key) {
          if (out[key] !== undefined) {
            const prev = out[key];
            if (Array.isArray(prev)) {
              prev.push(value);
            } else {
              out[key] = [prev, value];
            }
          } else if (value || eq >= 0) {
            out[key] = value;
          } else {
            out[key] = "";
          }
        } else if (value && eq > 0) {
          out[value] = "";
        }
      }
    }
  }
  return out;
}
`,
    ),
  },
  {
    match: { jobTitle: DEMO_JOBS.queryParser, tier: "accurate" },
    model: "demo-accurate",
    promptTokens: 1420,
    completionTokens: 210,
    latencyMs: 8800,
    text:
      "A smaller version built on URLSearchParams, with the merging of repeated keys in its own function.\n\n" +
      fence(
        "src/query.ts",
        `type QueryValue = string | string[];

function addValue(out: Record<string, QueryValue>, key: string, value: string): void {
  const prev = out[key];
  if (prev === undefined) out[key] = value;
  else out[key] = Array.isArray(prev) ? [...prev, value] : [prev, value];
}

/** Parses "a=1&b=x&flag" into a record; repeated keys become arrays. */
export function parseQuery(input: string): Record<string, QueryValue> {
  const out: Record<string, QueryValue> = {};
  for (const [key, value] of new URLSearchParams(input)) {
    if (key) addValue(out, key, value);
  }
  return out;
}
`,
      ) +
      fence(
        "test/query.test.ts",
        `import { test } from "node:test";
import assert from "node:assert/strict";
import { parseQuery } from "../src/query";

test("parses pairs and flags", () => {
  assert.deepEqual(parseQuery("?a=1&flag&b=x+y"), { a: "1", flag: "", b: "x y" });
});

test("collects repeated keys", () => {
  assert.deepEqual(parseQuery("t=a&t=b&t=c"), { t: ["a", "b", "c"] });
});
`,
      ),
  },
  {
    match: { jobTitle: DEMO_JOBS.crudHelper },
    model: "demo-fast",
    promptTokens: 1105,
    completionTokens: 276,
    latencyMs: 2300,
    text: fence(
      "src/store.ts",
      `/** A record with an id, stored by the in-memory store. */
export interface Entity {
  id: string;
}

export class NotFoundError extends Error {
  constructor(id: string) {
    super(\`Entity \${id} not found\`);
    this.name = "NotFoundError";
  }
}

/** Create, read, update and delete for records kept in memory. */
export function createStore<T extends Entity>() {
  const items = new Map<string, T>();
  return {
    create(item: T): T {
      items.set(item.id, item);
      return item;
    },
    read(id: string): T {
      const item = items.get(id);
      if (!item) throw new NotFoundError(id);
      return item;
    },
    update(id: string, patch: Partial<Omit<T, "id">>): T {
      const next = { ...this.read(id), ...patch };
      items.set(id, next);
      return next;
    },
    remove(id: string): void {
      if (!items.delete(id)) throw new NotFoundError(id);
    },
    list(): T[] {
      return [...items.values()];
    },
  };
}
`,
    ) +
      fence(
        "test/store.test.ts",
        `import { test } from "node:test";
import assert from "node:assert/strict";
import { createStore, NotFoundError } from "../src/store";

test("creates, reads, updates and removes", () => {
  const store = createStore<{ id: string; name: string }>();
  store.create({ id: "1", name: "a" });
  assert.equal(store.update("1", { name: "b" }).name, "b");
  assert.equal(store.read("1").name, "b");
  store.remove("1");
  assert.throws(() => store.read("1"), NotFoundError);
});
`,
      ),
  },
];
