/**
 * One lock per repository per machine: a lock file next to the mirror, created with O_EXCL, holding
 * the owner's pid. Every process on the machine that shares the data directory (web, workers) takes
 * it around fetches and merges. A lock whose owner died (kill -9) is taken over: its pid is gone, or it
 * is older than any lock is ever held. Within one process, callers queue on a promise instead of polling.
 */
import fs from "node:fs";
import os from "node:os";

export interface LockOptions {
  /** Give up waiting after this long (default 10 minutes). */
  waitMs?: number;
  /** A lock older than this is stale whoever holds it (default 15 minutes). */
  staleMs?: number;
}

const inProcess = new Map<string, Promise<unknown>>();

function ownerAlive(content: string): boolean {
  try {
    const { pid, host } = JSON.parse(content) as { pid?: number; host?: string };
    if (host !== os.hostname() || typeof pid !== "number") return true; // cannot tell: only age decides
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function acquire(lockFile: string, o: Required<LockOptions>): Promise<void> {
  const deadline = Date.now() + o.waitMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(lockFile, "wx");
      fs.writeSync(fd, JSON.stringify({ pid: process.pid, host: os.hostname(), t: Date.now() }));
      fs.closeSync(fd);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
    let stale = false;
    try {
      const st = fs.statSync(lockFile);
      stale = Date.now() - st.mtimeMs > o.staleMs || !ownerAlive(fs.readFileSync(lockFile, "utf8"));
    } catch {
      continue; // released meanwhile
    }
    if (stale) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for the repository lock ${lockFile}`);
    await new Promise((r) => setTimeout(r, Math.min(500, 20 * 2 ** Math.min(attempt, 5)) * (0.5 + Math.random())));
  }
}

/** Runs fn while holding the lock file `lockFile` (created next to the mirror). */
export async function withRepositoryLock<T>(lockFile: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const o = { waitMs: opts.waitMs ?? 600_000, staleMs: opts.staleMs ?? 900_000 };
  const previous = inProcess.get(lockFile) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(async () => {
    await acquire(lockFile, o);
    try {
      return await fn();
    } finally {
      fs.rmSync(lockFile, { force: true });
    }
  });
  inProcess.set(lockFile, run);
  try {
    return await run;
  } finally {
    if (inProcess.get(lockFile) === run) inProcess.delete(lockFile);
  }
}
