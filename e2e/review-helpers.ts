/** Shared by the review and queue specs: fixtures through a child process, and an offline-request check. */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { expect, test as base, type Locator } from "@playwright/test";
import { E2E_BASE_URL, E2E_DB_URL, E2E_DIR, ROOT } from "./env";

/** Runs e2e/review-fixtures.ts with tsx against the e2e database (Prisma stays out of the test process). */
export function runReviewFixture<T = Record<string, unknown>>(command: string, opts: Record<string, string> = {}): T {
  const out = execFileSync("npx", ["tsx", path.join(ROOT, "e2e/review-fixtures.ts"), command, JSON.stringify(opts)], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: E2E_DB_URL, CHECKPOINT_DISABLE: "1" },
  });
  return JSON.parse(out.trim().split("\n").pop() ?? "") as T;
}

/** What the `change` fixture prints: a job awaiting review with its first revision. */
export interface ChangeFixture {
  jobId: string;
  changeId: string;
  version: number;
  repoDir: string;
  repositoryId: string;
  title: string;
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" }).trim();
}

/**
 * Every URL the browser requested during these specs, one per line. A file (in the e2e data folder,
 * recreated per run) because Playwright may restart its worker process between tests.
 */
export const REQUEST_LOG = path.join(E2E_DIR, "requests.log");

export function requestedUrls(): string[] {
  return fs.existsSync(REQUEST_LOG) ? fs.readFileSync(REQUEST_LOG, "utf8").split("\n").filter(Boolean) : [];
}

/**
 * `test` with an automatic fixture that records every request of the browser context and fails the
 * test if one of them left 127.0.0.1 (a CDN, fonts, telemetry).
 */
export const test = base.extend<{ offlineGuard: void }>({
  offlineGuard: [
    async ({ context }, use) => {
      const mine: string[] = [];
      context.on("request", (r) => mine.push(r.url()));
      await use();
      fs.appendFileSync(REQUEST_LOG, mine.map((u) => u + "\n").join(""));
      const outside = mine.filter((u) => {
        if (u.startsWith("data:") || u.startsWith("blob:")) return false;
        return new URL(u).hostname !== "127.0.0.1";
      });
      expect(outside, "requests that left 127.0.0.1").toEqual([]);
      expect(mine.filter((u) => /cdn|jsdelivr|unpkg/i.test(u))).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export const BASE = E2E_BASE_URL;

/**
 * The labels Monaco draws at the end of a gate's finding lines, as read: one string per diff, joined
 * across the spans a label is split into when its line wraps or is tokenized.
 */
export async function findingLabels(diff: Locator, gate: string): Promise<string> {
  const parts = await diff.locator(`.gh-badge-${gate}`).allTextContents();
  return parts.join("").replace(/\u00a0/g, " ").replace(/\s+/g, " ").trim();
}
