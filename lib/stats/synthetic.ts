/**
 * Synthetic stats data for the benchmark (and a scaled-down cross-database test): jobs, changes with
 * reroute chains, four gate results per change, findings, reviews. Deterministic for a seed.
 * Rows are written with bulk multi-row INSERTs inside one transaction, straight through the drivers
 * (better-sqlite3 / pg), not through Prisma one row at a time.
 */
import Database from "better-sqlite3";
import type pg from "pg";

export interface SyntheticOptions {
  changes: number;
  /** Changes are spread over this many days before `now`. */
  days?: number;
  now?: Date;
  seed?: number;
}

export interface SyntheticCounts {
  jobs: number;
  changes: number;
  gateResults: number;
  findings: number;
  reviews: number;
}

/** Column order of every table the generator writes. */
export const SYNTHETIC_COLUMNS = {
  User: ["id", "email", "name", "role", "createdAt", "updatedAt"],
  Repository: ["id", "name", "path", "ecosystems", "createdAt", "updatedAt"],
  Provider: ["id", "name", "tier", "baseUrl", "model", "pricePer1kInput", "pricePer1kOutput", "createdAt", "updatedAt"],
  Job: [
    "id", "title", "instruction", "targetPaths", "routedTier", "status", "rerouteCount", "repositoryId", "submitterId",
    "readyForReviewAt", "decidedAt", "createdAt", "updatedAt",
  ],
  Change: [
    "id", "jobId", "revision", "tier", "model", "providerName", "baseCommit", "diff", "files", "latencyMs", "promptTokens",
    "completionTokens", "cause", "parentChangeId", "createdAt",
  ],
  GateResult: ["id", "changeId", "gate", "status", "score", "summary", "findings", "durationMs", "createdAt"],
  GateFinding: ["id", "gateResultId", "changeId", "gate", "kind", "ecosystem", "package", "file", "line", "createdAt"],
  Review: ["id", "jobId", "changeId", "reviewerId", "decision", "createdAt"],
} as const;
export type SyntheticTable = keyof typeof SYNTHETIC_COLUMNS;

/** Receives rows table by table. `checkpoint` is called between jobs (a consistent point to write), `flush` at the end. */
export interface RowSink {
  add(table: SyntheticTable, row: unknown[]): void;
  checkpoint(): Promise<void>;
  flush(): Promise<void>;
}

const MODELS: Record<string, { model: string; provider: string | null; latency: [number, number] }[]> = {
  fast: [
    { model: "fast-a", provider: "p-fast-a", latency: [400, 3000] },
    { model: "fast-b", provider: "p-fast-b", latency: [600, 4000] },
  ],
  accurate: [{ model: "acc-a", provider: "p-acc-a", latency: [3000, 20000] }],
  local: [
    { model: "local-a", provider: "p-local-a", latency: [1000, 8000] },
    { model: "local-b", provider: null, latency: [1500, 9000] },
  ],
};
const PROVIDERS = [
  ["p-fast-a", "fast", "fast-a", 0.15, 0.6],
  ["p-fast-b", "fast", "fast-b", 0.25, 1.0],
  ["p-acc-a", "accurate", "acc-a", 3, 15],
  ["p-local-a", "local", "local-a", 0, 0],
] as const;
const REPOSITORIES = [
  ["web", ["npm"]],
  ["ml", ["pypi"]],
  ["full", ["npm", "pypi"]],
] as const;

/** Deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The SQLite adapter's DateTime text; PostgreSQL accepts the same literal for TIMESTAMP(3). */
export function sqlTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+00:00");
}

export async function generateSyntheticStats(sink: RowSink, opts: SyntheticOptions): Promise<SyntheticCounts> {
  const rnd = prng(opts.seed ?? 42);
  const now = (opts.now ?? new Date()).getTime();
  const spanMs = (opts.days ?? 120) * 86_400_000;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const between = (lo: number, hi: number) => Math.floor(lo + rnd() * (hi - lo));
  const counts: SyntheticCounts = { jobs: 0, changes: 0, gateResults: 0, findings: 0, reviews: 0 };
  const created = sqlTimestamp(now - spanMs);

  sink.add("User", ["bench-lead", "lead@bench.test", "Bench lead", "lead", created, created]);
  for (const [name, ecosystems] of REPOSITORIES) {
    sink.add("Repository", [`repo-${name}`, name, `/srv/${name}`, JSON.stringify(ecosystems), created, created]);
  }
  for (const [name, tier, model, pin, pout] of PROVIDERS) {
    sink.add("Provider", [`prov-${name}`, name, tier, "http://127.0.0.1:9/v1", model, pin, pout, created, created]);
  }

  let findingSeq = 0;
  const finding = (resultId: string, changeId: string, gate: string, kind: string, eco: string | null, pkg: string | null, at: string) => {
    counts.findings++;
    sink.add("GateFinding", [`f${(findingSeq++).toString(36)}`, resultId, changeId, gate, kind, eco, pkg, "src/index.ts", between(1, 400), at]);
  };

  while (counts.changes < opts.changes) {
    const jobNo = counts.jobs++;
    const jobId = `j${jobNo.toString(36)}`;
    const [repoName, ecosystems] = pick(REPOSITORIES);
    const r = rnd();
    const routedTier = r < 0.5 ? "fast" : r < 0.8 ? "accurate" : r < 0.97 ? "local" : null;
    const jobAt = now - Math.floor(rnd() * spanMs);
    let at = jobAt + between(1_000, 60_000);
    let tier = routedTier ?? "fast";
    let model = pick(MODELS[tier]);
    let parent: string | null = null;
    let cause = "initial";
    let rerouteCount = 0;
    let revision = 0;
    let ready: number | null = null;
    let decided: number | null = null;
    let status = "queued";
    // A job without a routed tier is still queued: no changes yet.
    while (routedTier !== null && counts.changes < opts.changes) {
      revision++;
      const changeId = `c${(counts.changes++).toString(36)}`;
      const fast = tier === "fast" || tier === "local";
      const latency = rnd() < 0.03 ? null : between(model.latency[0], model.latency[1]);
      const prompt = between(300, 6000);
      const atText = sqlTimestamp(at);
      // Every 53rd generation failed before producing a diff; every 37th reroute reproduced its parent's
      // diff (both are left out of the figures, lib/stats/sql.ts countedChangeConditions).
      const diff = counts.changes % 53 === 0 ? "" : `+${parent !== null && counts.changes % 37 === 0 ? parent : changeId}\n`;
      sink.add("Change", [
        changeId, jobId, revision, tier, model.model, model.provider, "0".repeat(40), diff, "[]", latency, prompt,
        Math.floor(prompt * (0.2 + rnd() * 0.5)), cause, parent, atText,
      ]);
      const gateAt = sqlTimestamp(at + between(5_000, 300_000));
      // Dependencies: invented packages are more frequent on the cheaper tiers.
      const eco = pick(ecosystems);
      const notFound = rnd() < (fast ? 0.08 : 0.02);
      const versionNotFound = rnd() < (fast ? 0.04 : 0.01);
      const complexityScore = rnd() < 0.1 ? null : Math.floor(rnd() * rnd() * 30);
      const complexityStatus = complexityScore === null ? "skipped" : complexityScore > 10 ? "fail" : complexityScore > 6 ? "warn" : "pass";
      const ecBreak = rnd() < 0.05;
      const gates: [string, string, number | null][] = [
        ["tests", rnd() < 0.85 ? "pass" : rnd() < 0.7 ? "fail" : "error", null],
        ["dependencies", notFound || versionNotFound ? "fail" : rnd() < 0.1 ? "warn" : "pass", null],
        ["complexity", complexityStatus, complexityScore],
        ["error-contract", ecBreak ? "fail" : rnd() < 0.3 ? "skipped" : rnd() < 0.02 ? "error" : "pass", null],
      ];
      for (const [gate, gateStatus, score] of gates) {
        const resultId = `${changeId}-${gate}`;
        counts.gateResults++;
        sink.add("GateResult", [resultId, changeId, gate, gateStatus, score, `${gate} ${gateStatus}`, "[]", between(5, 5000), gateAt]);
        if (gate === "dependencies") {
          if (notFound) finding(resultId, changeId, gate, "not-found", eco, `${eco}-ghost-${Math.floor(rnd() * rnd() * 500)}`, gateAt);
          if (notFound && rnd() < 0.3) finding(resultId, changeId, gate, "not-found", eco, `${eco}-phantom-${Math.floor(rnd() * 2000)}`, gateAt);
          if (versionNotFound) finding(resultId, changeId, gate, "version-not-found", eco, `${eco}-real-${Math.floor(rnd() * 100)}`, gateAt);
          if (rnd() < 0.05) finding(resultId, changeId, gate, "undeclared", eco, `${eco}-real-${Math.floor(rnd() * 100)}`, gateAt);
        }
        if (gate === "complexity" && (gateStatus === "warn" || gateStatus === "fail")) {
          for (let k = between(1, 4); k > 0; k--) finding(resultId, changeId, gate, rnd() < 0.6 ? "rose" : "new", null, null, gateAt);
        }
        if (gate === "error-contract" && gateStatus === "fail") finding(resultId, changeId, gate, "changed", null, null, gateAt);
      }
      // What happens next: automatic reroute, review (approve / reject / reroute), conflict, or still pending.
      const autoCause = fast && complexityStatus === "fail" && rnd() < 0.7 ? "auto-complexity" : fast && notFound && rnd() < 0.7 ? "auto-dependency" : null;
      const canContinue = revision < 4;
      let next: string | null = null;
      if (autoCause && canContinue) {
        next = autoCause;
      } else if (at > now - 2 * 3_600_000 || rnd() < 0.05) {
        status = rnd() < 0.5 ? "awaiting_review" : "gating";
        ready = status === "awaiting_review" ? at + 600_000 : null;
        break;
      } else {
        ready = at + between(60_000, 1_800_000);
        decided = ready + Math.floor(rnd() * rnd() * 86_400_000);
        const d = rnd();
        const decision = d < 0.7 ? "approve" : d < 0.85 || !canContinue ? "reject" : "reroute";
        counts.reviews++;
        sink.add("Review", [`r${counts.reviews.toString(36)}`, jobId, changeId, "bench-lead", decision, sqlTimestamp(decided)]);
        if (decision === "reroute") next = "reviewer";
        else if (decision === "approve" && rnd() < 0.03 && canContinue) next = "conflict";
        else {
          status = decision === "approve" ? "merged" : "rejected";
          break;
        }
      }
      if (next === null) break;
      if (next !== "conflict") rerouteCount++;
      cause = next;
      parent = changeId;
      at = Math.max(at, decided ?? at) + between(60_000, 900_000);
      if (next === "conflict") continue;
      tier = next === "reviewer" ? pick(["fast", "accurate", "local"]) : "accurate";
      model = pick(MODELS[tier]);
    }
    const jobAtText = sqlTimestamp(jobAt);
    sink.add("Job", [
      jobId, `Bench job ${jobNo}`, "synthetic", "[]", routedTier, status, rerouteCount, `repo-${repoName}`, "bench-lead",
      ready === null ? null : sqlTimestamp(ready), decided === null ? null : sqlTimestamp(decided), jobAtText, jobAtText,
    ]);
    await sink.checkpoint();
  }
  await sink.flush();
  return counts;
}

/**
 * Buffers rows and writes each table in multi-row INSERT statements, parents before children
 * (foreign keys); flushes only at checkpoints, where every buffered row's parent is buffered too.
 */
export function bufferedSink(write: (table: SyntheticTable, rows: unknown[][]) => Promise<void>, batchRows = 20_000): RowSink {
  const order: SyntheticTable[] = ["User", "Repository", "Provider", "Job", "Change", "GateResult", "GateFinding", "Review"];
  const buffers = new Map<SyntheticTable, unknown[][]>(order.map((t) => [t, []]));
  let pending = 0;
  const flushAll = async () => {
    for (const t of order) {
      const rows = buffers.get(t)!;
      if (rows.length) await write(t, rows.splice(0));
    }
    pending = 0;
  };
  return {
    add(table, row) {
      buffers.get(table)!.push(row);
      pending++;
    },
    async checkpoint() {
      if (pending >= batchRows) await flushAll();
    },
    flush: flushAll,
  };
}

const quote = (name: string) => `"${name}"`;

/** Multi-row INSERTs on a better-sqlite3 connection (caller wraps them in a transaction). */
export function sqliteWriter(raw: Database.Database): (table: SyntheticTable, rows: unknown[][]) => Promise<void> {
  const statements = new Map<string, Database.Statement>();
  const perStatement = 200;
  return async (table, rows) => {
    const cols = SYNTHETIC_COLUMNS[table];
    const one = `(${cols.map(() => "?").join(", ")})`;
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      const key = `${table}:${chunk.length}`;
      let stmt = statements.get(key);
      if (!stmt) {
        stmt = raw.prepare(`INSERT INTO ${quote(table)} (${cols.map(quote).join(", ")}) VALUES ${Array(chunk.length).fill(one).join(", ")}`);
        statements.set(key, stmt);
      }
      stmt.run(chunk.flat());
    }
  };
}

/** Multi-row INSERTs on a pg client, schema-qualified (caller wraps them in a transaction). */
export function postgresWriter(client: pg.Client, schema: string): (table: SyntheticTable, rows: unknown[][]) => Promise<void> {
  return async (table, rows) => {
    const cols = SYNTHETIC_COLUMNS[table];
    const perStatement = Math.floor(60_000 / cols.length); // PostgreSQL allows 65535 parameters
    for (let i = 0; i < rows.length; i += perStatement) {
      const chunk = rows.slice(i, i + perStatement);
      let n = 0;
      const values = chunk.map(() => `(${cols.map(() => `$${++n}`).join(", ")})`).join(", ");
      await client.query(`INSERT INTO ${quote(schema)}.${quote(table)} (${cols.map(quote).join(", ")}) VALUES ${values}`, chunk.flat());
    }
  };
}
