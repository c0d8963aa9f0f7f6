/**
 * Review workspace benchmark.
 * 1. Queue API under load: a generated SQLite database with 10,000 jobs, 10,000 revisions and 40,000
 *    gate results, served by `next start` (the production build) on a spare 127.0.0.1 port, hit by 32
 *    concurrent autocannon clients signed in with a session cookie (as the queue page polls), plus one
 *    run with an API token. p50/p95/p99 come from every response's own latency, per scenario (first
 *    page, filters, gate-failing filter, search, a page 5,000 rows deep).
 * 2. Time until a 5,000-line diff is interactive in Chromium (/usr/lib/chromium/chromium): from
 *    navigation to the Monaco diff reporting its computed diff, then the time for a keyboard jump to a
 *    finding near the end of the file.
 *
 * Needs the production build (built here when the sources changed). Run alone: `npx tsx bench/review.ts`.
 * Environment: REVIEW_BENCH_JOBS (default 10000), REVIEW_BENCH_SECONDS per scenario (default 8),
 * REVIEW_BENCH_CONNECTIONS (default 32).
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import autocannon from "autocannon";
import { chromium } from "@playwright/test";
import { openTestDb, type TestDb } from "../lib/db/testing";
import { createAwaitingReviewJob, passingGates } from "../lib/review/testing/fixtures";
import { seed, DEMO_USERS } from "../lib/seed/seed";
import { createToken } from "../lib/settings/tokens";

const ROOT = path.resolve(__dirname, "..");
const JOBS = Math.max(100, Number(process.env.REVIEW_BENCH_JOBS) || 10_000);
const SECONDS = Math.max(2, Number(process.env.REVIEW_BENCH_SECONDS) || 8);
const CONNECTIONS = Math.max(1, Number(process.env.REVIEW_BENCH_CONNECTIONS) || 32);
const DIFF_LINES = 5_000;
const CHROMIUM = "/usr/lib/chromium/chromium";
const out = (s: string) => process.stdout.write(s + "\n");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const GATES = ["tests", "dependencies", "complexity", "error-contract"] as const;
const STATUSES = ["awaiting_review", "awaiting_review", "awaiting_review", "generating", "queued", "merged", "merged", "merged", "merged", "rejected"];

/** 10,000 jobs over 3 repositories and 2 submitters, one revision each with the four gate results. */
export async function generateQueueData(t: TestDb, submitterIds: string[]): Promise<{ repositoryIds: string[] }> {
  const { db } = t;
  const repositoryIds: string[] = [];
  for (const name of ["billing", "web", "platform"]) {
    repositoryIds.push((await db.repository.create({ data: { name: `bench-${name}`, path: `/tmp/bench-${name}`, ecosystems: ["npm"] } })).id);
  }
  const t0 = Date.now() - JOBS * 60_000;
  const BATCH = 500;
  for (let start = 0; start < JOBS; start += BATCH) {
    const jobs = [];
    const changes = [];
    const results = [];
    for (let i = start; i < Math.min(JOBS, start + BATCH); i++) {
      const id = `bj${String(i).padStart(6, "0")}${crypto.randomBytes(4).toString("hex")}`;
      const at = new Date(t0 + i * 60_000);
      const status = STATUSES[i % STATUSES.length];
      jobs.push({
        id,
        title: `job ${i}: ${["fix", "add", "refactor", "document"][i % 4]} ${["invoices", "sessions", "reports", "carts"][i % 7 % 4]}`,
        instruction: "generated for the benchmark",
        targetPaths: [`src/m${i % 50}/file${i}.ts`],
        status,
        stage: status === "generating" ? "calling the model" : null,
        routedTier: ["fast", "accurate", "local"][i % 3],
        routingReason: "routed by the benchmark",
        repositoryId: repositoryIds[i % repositoryIds.length],
        submitterId: submitterIds[i % submitterIds.length],
        createdAt: at,
        updatedAt: at,
      });
      const changeId = `bc${id}`;
      changes.push({ id: changeId, jobId: id, revision: 1, tier: ["fast", "accurate", "local"][i % 3], model: "bench-model", baseCommit: "0".repeat(40), diff: "", files: [], createdAt: at });
      for (const gate of GATES) {
        const fail = (gate === "complexity" && i % 10 === 1) || (gate === "dependencies" && i % 20 === 2) || (gate === "tests" && i % 10 === 3);
        results.push({
          changeId,
          gate,
          status: fail ? "fail" : gate === "error-contract" && i % 5 === 0 ? "warn" : "pass",
          score: gate === "tests" ? (fail ? 80 : 100) : null,
          summary: fail ? `${gate} failed` : `${gate} ok`,
          findings: [],
          durationMs: 10,
          createdAt: at,
        });
      }
    }
    await db.job.createMany({ data: jobs });
    await db.change.createMany({ data: changes });
    await db.gateResult.createMany({ data: results });
  }
  return { repositoryIds };
}

/** A 5,000-line TypeScript file and a change to it touching lines all the way down. */
function bigFile(): { before: string; after: string } {
  const before: string[] = [];
  for (let i = 0; i < DIFF_LINES; i++) before.push(i % 20 === 0 ? `export function f${i}(x: number): number {` : i % 20 === 19 ? "}" : `  x = x + ${i}; // step ${i}`);
  const after: string[] = [];
  before.forEach((line, i) => {
    if (i % 97 === 5) return; // deleted
    after.push(i % 25 === 3 ? line.replace("x + ", "x * ") : line);
    if (i % 120 === 7) after.push(`  // inserted after line ${i + 1}`);
  });
  return { before: before.join("\n") + "\n", after: after.join("\n") + "\n" };
}

function startServer(port: number, dbUrl: string): { child: ChildProcess; ready: Promise<void>; stop(): void } {
  const child = spawn("npx", ["next", "start", "-H", "127.0.0.1", "-p", String(port)], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "ignore", "pipe"],
    env: {
      ...process.env,
      DATABASE_URL: dbUrl,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: "gatehouse-review-bench-secret-0123456789",
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
    },
  });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const ready = (async () => {
    for (let i = 0; i < 600; i++) {
      if (child.exitCode !== null) throw new Error(`next start exited: ${stderr}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error("next start did not become ready");
  })();
  return {
    child,
    ready,
    stop() {
      try {
        if (child.pid) process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    },
  };
}

interface LoadRow {
  scenario: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  non2xx: number;
}

/** Signs in like the browser does (next-auth credentials callback) and returns the session cookie. */
async function sessionCookie(base: string, email: string, password: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const jar = csrf.headers.getSetCookie().map((c) => c.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: jar.join("; ") },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: `${base}/` }),
    redirect: "manual",
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return session;
}

function load(scenario: string, url: string, auth: Record<string, string>): Promise<LoadRow> {
  const latencies: number[] = [];
  return new Promise((resolve, reject) => {
    const inst = autocannon(
      { url, connections: CONNECTIONS, duration: SECONDS, headers: { ...auth, accept: "application/json" } },
      (err, result) => {
        if (err) return reject(err);
        latencies.sort((a, b) => a - b);
        resolve({
          scenario,
          requests: result.requests.total,
          rps: result.requests.average,
          p50: percentile(latencies, 50),
          p95: percentile(latencies, 95),
          p99: percentile(latencies, 99),
          non2xx: result.non2xx + result.errors + result.timeouts,
        });
      },
    );
    inst.on("response", (_c, _status, _bytes, ms) => latencies.push(ms));
  });
}

async function walkCursor(base: string, auth: Record<string, string>, pages: number): Promise<string> {
  let cursor = "";
  for (let i = 0; i < pages; i++) {
    const res = await fetch(`${base}/api/jobs?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { headers: auth });
    const body = (await res.json()) as { nextCursor: string | null };
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return cursor;
}

async function diffInteractive(base: string, jobId: string): Promise<{ navigationToDiffMs: number[]; jumpMs: number[] }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const reviewer = DEMO_USERS.find((u) => u.role === "reviewer")!;
    await page.goto(`${base}/signin`);
    await page.getByLabel("Email", { exact: true }).fill(reviewer.email);
    await page.getByLabel("Password", { exact: true }).fill(reviewer.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
    const navigationToDiffMs: number[] = [];
    const jumpMs: number[] = [];
    for (let run = 0; run < 4; run++) {
      const started = Date.now();
      await page.goto(`${base}/jobs/${jobId}`);
      await page.waitForSelector('[data-testid="diff-editor"][data-diff-ready="true"]', { timeout: 120_000 });
      navigationToDiffMs.push(Date.now() - started);
      const t = Date.now();
      await page.keyboard.press("n");
      await page.waitForFunction(() => document.querySelector('[data-testid="finding-position"]')?.textContent?.startsWith("finding 1"));
      await page.waitForSelector(".gh-finding-complexity");
      jumpMs.push(Date.now() - t);
    }
    return { navigationToDiffMs, jumpMs };
  } finally {
    await browser.close();
  }
}

export async function runReviewBench(): Promise<void> {
  // Benchmarks the production build; rebuilt only when the sources changed.
  const buildScript = pathToFileURL(path.join(ROOT, "scripts/build-if-needed.mjs")).href;
  const { buildIfNeeded } = (await import(buildScript)) as { buildIfNeeded: (o?: { log?: (s: string) => void }) => void };
  buildIfNeeded({ log: out });

  const t = await openTestDb("sqlite");
  let server: ReturnType<typeof startServer> | null = null;
  try {
    await seed(t.db, { users: true });
    const users = await t.db.user.findMany({ where: { email: { in: ["submitter@gatehouse.local", "lead@gatehouse.local"] } } });
    const started = Date.now();
    const { repositoryIds } = await generateQueueData(t, users.map((u) => u.id));
    const [jobs, gateResults] = await Promise.all([t.db.job.count(), t.db.gateResult.count()]);
    out(`generated ${jobs.toLocaleString("en-US")} jobs and ${gateResults.toLocaleString("en-US")} gate results in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const reviewer = await t.db.user.findUniqueOrThrow({ where: { email: "reviewer@gatehouse.local" } });
    const { token } = await createToken(t.db, reviewer, { name: "bench" });
    const { before, after } = bigFile();
    const submitter = users.find((u) => u.email === "submitter@gatehouse.local")!;
    const gates = passingGates().map((g) =>
      g.gate === "complexity"
        ? { ...g, status: "warn", summary: "f4000 became more complex", findings: [{ file: "src/big.ts", function: "f4000", line: 4001, cyclomaticBefore: 1, cyclomatic: 3, cognitiveBefore: 0, cognitive: 2 }] }
        : g,
    );
    const big = await createAwaitingReviewJob(
      t.db,
      { repositoryId: repositoryIds[0], submitterId: submitter.id, title: "A 5,000-line change" },
      { files: [{ path: "src/big.ts", before, after }], baseCommit: "0".repeat(40), gates },
    );

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    server = startServer(port, t.url);
    await server.ready;
    const reviewerLogin = DEMO_USERS.find((u) => u.role === "reviewer")!;
    const cookie = { cookie: await sessionCookie(base, reviewerLogin.email, reviewerLogin.password) };
    const bearer = { authorization: `Bearer ${token}` };
    await fetch(`${base}/api/jobs`, { headers: cookie }); // warm-up

    const deep = await walkCursor(base, cookie, 100);
    const scenarios: [string, string, Record<string, string>][] = [
      ["first page", "/api/jobs", cookie],
      ["status + repository + tier", `/api/jobs?status=merged&repositoryId=${repositoryIds[1]}&tier=fast`, cookie],
      ["complexity failing", "/api/jobs?gate=complexity", cookie],
      ["search", "/api/jobs?q=refactor%20reports", cookie],
      ["page 101 (keyset)", `/api/jobs?cursor=${encodeURIComponent(deep)}`, cookie],
      ["first page, API token", "/api/jobs", bearer],
    ];
    out(`\nqueue API, ${CONNECTIONS} concurrent clients, ${SECONDS} s per scenario (GET, 50 rows per page, count capped at 10,000;`);
    out("signed in with the session cookie like the queue page, the last row with an API token)");
    out("scenario                      requests   req/s     p50 ms   p95 ms   p99 ms   non-2xx");
    for (const [name, url, auth] of scenarios) {
      const r = await load(name, base + url, auth);
      out(
        `${name.padEnd(28)} ${String(r.requests).padStart(9)} ${r.rps.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(9)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.non2xx).padStart(9)}`,
      );
    }

    const d = await diffInteractive(base, big.job.id);
    const lines = after.split("\n").length - 1;
    out(`\n${DIFF_LINES.toLocaleString("en-US")}-line file (${lines.toLocaleString("en-US")} lines after the change) in Chromium, 4 page loads (first cold):`);
    out(`  navigation → diff computed and drawn: ${d.navigationToDiffMs.map((ms) => `${ms} ms`).join(", ")}`);
    out(`  key "n" → finding at line 4,001 shown: ${d.jumpMs.map((ms) => `${ms} ms`).join(", ")}`);
  } finally {
    server?.stop();
    await t.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  runReviewBench().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`review bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exit(1);
    },
  );
}
