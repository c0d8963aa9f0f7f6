import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  candidateKey,
  FileCandidateStore,
  LayeredCandidateStore,
  MemoryCandidateStore,
  removeOtherBuilds,
  type CachedCandidates,
  type CandidateStore,
} from "./candidate-cache";
import { prepareTarget, type ConsumerTarget } from "./consumer-match";
import { consumersInFile } from "./consumers";

const ROOT = path.resolve(__dirname, "../../..");
const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-candidates-"));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Counts what the search asks of a store and what it writes (a write means it parsed the file). */
class CountingStore implements CandidateStore {
  hits = 0;
  misses = 0;
  writes = 0;
  constructor(readonly inner: CandidateStore) {}
  async get(key: string) {
    const value = await this.inner.get(key);
    if (value === undefined) this.misses += 1;
    else this.hits += 1;
    return value;
  }
  async set(key: string, value: CachedCandidates) {
    this.writes += 1;
    await this.inner.set(key, value);
  }
  async flush() {
    await this.inner.flush?.();
  }
}

/** Real sources with strings, templates, regex literals, RegExp calls, JSX and `new XError("…")`. */
const CORPUS = [
  "lib/gates/error-contract/consumers.test.ts",
  "lib/gates/error-contract/consumer-idioms.test.ts",
  "lib/gates/error-contract/idioms.test.ts",
  "lib/gates/error-contract/consumer-match.ts",
  "lib/gates/error-contract/portable-regex.ts",
  "lib/cli/args.ts",
  "components/review/DiffView.tsx",
  "node_modules/semver/classes/range.js",
  "node_modules/semver/classes/semver.js",
].filter((p) => fs.existsSync(path.join(ROOT, p)));
const JSX = [
  'import { ParseError } from "./errors";',
  "export function Banner({ error }) {",
  '  if (!error) throw new ParseError("Invalid URL: " + error);',
  "  return <p className=\"error\">Invalid URL given, try again</p>;",
  "}",
  "export const pattern = new RegExp(`invalid\\\\s+${'url'}`, 'i');",
  "const t = `unknown option ${name} given`;",
  "expect(() => parse(t)).toThrow(`unknown option ${t}`);",
].join("\n");

/** Several searches with different words: one entry per file must serve every one of them. */
const TARGETS: ConsumerTarget[][] = [
  [{ id: "url", kind: "message", before: "Invalid URL", after: "Malformed URI structure" }],
  [{ id: "opt", kind: "message", before: "unknown option {name}", after: "no such option {name}" }],
  [
    { id: "fmt", kind: "message", before: "unknown format: {x} (use text, json or sarif)", after: "bad format" },
    { id: "cls", kind: "class", before: "ParseError", after: "SyntaxProblem" },
    { id: "code", kind: "code", before: "ERR_INVALID", after: null },
  ],
  [{ id: "semver", kind: "message", before: "Invalid Version: {v}", after: "Not a version: {v}", errorClass: "TypeError" }],
];

function corpusFiles() {
  const files = CORPUS.map((p, i) => ({ path: p, text: fs.readFileSync(path.join(ROOT, p), "utf8"), oid: `${String(i).padStart(2, "0")}${"ab".repeat(19)}` }));
  files.push({ path: "src/banner.jsx", text: JSX, oid: "ff".repeat(20) });
  files.push({ path: "test/banner.test.jsx", text: JSX, oid: "ff".repeat(20) }); // the same blob as a test: another entry
  return files;
}

async function searchAll(store: CandidateStore | undefined) {
  const out: Record<string, unknown> = {};
  for (const [t, targets] of TARGETS.entries()) {
    const prepared = targets.map(prepareTarget);
    for (const file of corpusFiles()) {
      // Without a blob id the file is read as before the cache: keyword-filtered extraction, nothing kept.
      const found = store ? await consumersInFile(file, prepared, { candidates: store }) : await consumersInFile({ path: file.path, text: file.text }, prepared);
      out[`${t} ${file.path}`] = found ? Object.fromEntries(found) : undefined;
    }
  }
  await store?.flush?.(); // as findConsumers does at the end of its search
  return out;
}

describe("candidate cache", () => {
  it("finds exactly what the uncached search finds, for searches with different words, from memory and from disk", async () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(8);
    const expected = await searchAll(undefined);
    const found = Object.values(expected).flatMap((v) => (v ? Object.values(v as Record<string, unknown[]>).flat() : []));
    expect(found.length).toBeGreaterThan(20); // the corpus has consumers of these targets to lose

    const memory = new CountingStore(new MemoryCandidateStore());
    expect(await searchAll(memory)).toEqual(expected);
    // Each file parsed once for its words, and once more for the search that also looks for a class name
    // (identifiers are part of the key); every other search of a file is a hit.
    const files = corpusFiles().length;
    expect(memory.writes).toBeGreaterThanOrEqual(files);
    expect(memory.writes).toBeLessThanOrEqual(2 * files);
    expect(memory.hits + memory.misses).toBeGreaterThan(memory.writes);
    expect(memory.misses).toBe(memory.writes);

    const dir = tempDir();
    const first = new CountingStore(new FileCandidateStore(dir));
    expect(await searchAll(first)).toEqual(expected);
    expect(fs.readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith(".json"))).toHaveLength(first.writes);
    const again = new CountingStore(new FileCandidateStore(dir)); // a new process, the same folder
    expect(await searchAll(again)).toEqual(expected);
    expect(again.writes).toBe(0);
    expect(again.misses).toBe(0);
  });

  it("reads a corrupt, foreign or malformed entry as a miss and writes it again", async () => {
    const dir = tempDir();
    const expected = await searchAll(undefined);
    await searchAll(new FileCandidateStore(dir));
    const entries = fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith(".json"));
    expect(entries.length).toBeGreaterThanOrEqual(corpusFiles().length);
    const spoil = [
      "not json",
      JSON.stringify({ key: "another key", candidates: [] }),
      JSON.stringify({ key: "", candidates: [{ type: "string", text: 3, line: 1 }] }),
    ];
    entries.forEach((f, i) => {
      const file = path.join(dir, f);
      const key = (JSON.parse(fs.readFileSync(file, "utf8")) as { key: string }).key;
      const bad = spoil[i % spoil.length].replace('"key":""', `"key":${JSON.stringify(key)}`);
      fs.writeFileSync(file, bad);
    });
    const store = new CountingStore(new FileCandidateStore(dir));
    expect(await searchAll(store)).toEqual(expected);
    expect(store.writes).toBe(entries.length);
  });

  it("keys by blob, language, test role and the identifiers searched", () => {
    const oid = "ab".repeat(20);
    const none = new Set<string>();
    const keys = new Set([
      candidateKey(oid, "a.js", false, none),
      candidateKey(oid, "a.ts", false, none),
      candidateKey(oid, "a.ts", true, none),
      candidateKey(oid, "a.ts", false, new Set(["ParseError"])),
      candidateKey("cd".repeat(20), "a.js", false, none),
    ]);
    expect(keys.size).toBe(5);
    expect(candidateKey(oid, "x/a.js", false, none)).toBe(candidateKey(oid, "y/b.cjs", false, none));
    expect(candidateKey(oid, "a.ts", false, new Set(["B", "A"]))).toBe(candidateKey(oid, "a.ts", false, new Set(["A", "B"])));
  });

  it("memory keeps at most its number of candidates, least recently used out; layers copy far hits near", async () => {
    const memory = new MemoryCandidateStore(5);
    const three = [1, 2, 3].map((line) => ({ type: "string" as const, text: "x", line }));
    await memory.set("a", three);
    await memory.set("b", null);
    await memory.get("a");
    await memory.set("c", three); // 6 > 5: the least recently used with candidates ("b" holds none, "a" was read)
    expect(await memory.get("b")).toBeUndefined();
    expect(await memory.get("a")).toBeUndefined();
    expect(await memory.get("c")).toEqual(three);

    const near = new MemoryCandidateStore();
    const far = new FileCandidateStore(tempDir());
    await far.set("k", three);
    await far.flush();
    expect(await new FileCandidateStore(far.dir).get("k")).toEqual(three); // on disk once flushed
    const layered = new LayeredCandidateStore(near, far);
    expect(await layered.get("k")).toEqual(three);
    expect(await near.get("k")).toEqual(three);
    expect(await layered.get("missing")).toBeUndefined();
  });

  it("keeps at most its number of entries on disk: past it, a run that wrote drops the ones written longest ago", async () => {
    const dir = tempDir();
    const store = new FileCandidateStore(dir, 8);
    const one = [{ type: "string" as const, text: "x", line: 1 }];
    for (let i = 0; i < 8; i++) await store.set(`old-${i}`, one);
    await store.flush();
    const past = new Date(Date.now() - 3600_000);
    for (const f of fs.readdirSync(dir)) fs.utimesSync(path.join(dir, f), past, past);
    const reader = new FileCandidateStore(dir, 8);
    expect(await reader.get("old-0")).toEqual(one);
    await reader.flush(); // read only: nothing pruned
    expect(fs.readdirSync(dir)).toHaveLength(8);
    for (let i = 0; i < 3; i++) await store.set(`new-${i}`, one);
    await store.flush(); // 11 > 8: down to 6, the newest
    const kept = new FileCandidateStore(dir, 8);
    expect(fs.readdirSync(dir)).toHaveLength(6);
    for (let i = 0; i < 3; i++) expect(await kept.get(`new-${i}`)).toEqual(one);
  });

  it("removes the entries of other CLI builds only", async () => {
    const root = tempDir();
    for (const build of ["1111111111111111", "2222222222222222"]) fs.mkdirSync(path.join(root, build, "ab"), { recursive: true });
    await removeOtherBuilds(root, "2222222222222222");
    expect(fs.readdirSync(root)).toEqual(["2222222222222222"]);
    await removeOtherBuilds(path.join(root, "missing"), "x"); // nothing to do, no error
  });
});
