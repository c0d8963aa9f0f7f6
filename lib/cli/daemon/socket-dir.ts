/**
 * Where the CLI daemon's socket lives, and whether that folder can be trusted. The socket accepts
 * requests that run checks as the daemon's user, so only that user may reach it: it sits in a folder
 * owned by the user with no access for anyone else (as ssh-agent and tmux do), never a symbolic link.
 * A folder that fails the test is not used at all: the client runs the command itself, `daemon start`
 * refuses. Loaded by the launcher before the bundle: node built-ins only.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Linux's limit for a socket path is 108 bytes, NUL included. */
const MAX_SOCKET_PATH = 100;

export interface DaemonPaths {
  dir: string;
  socket: string;
  log: string;
}

type Env = Record<string, string | undefined>;

/** $GATEHOUSE_DAEMON_DIR, else $XDG_RUNTIME_DIR/gatehouse, else <tmpdir>/gatehouse-<uid>; one socket per build. */
export function daemonPaths(env: Env, buildId: string): DaemonPaths {
  const uid = process.getuid?.() ?? 0;
  const dir = env.GATEHOUSE_DAEMON_DIR?.trim()
    ? path.resolve(env.GATEHOUSE_DAEMON_DIR.trim())
    : env.XDG_RUNTIME_DIR?.trim()
      ? path.join(env.XDG_RUNTIME_DIR.trim(), "gatehouse")
      : path.join(os.tmpdir(), `gatehouse-${uid}`);
  return { dir, socket: path.join(dir, `daemon-${buildId}.sock`), log: path.join(dir, "daemon.log") };
}

/** Bypassed with GATEHOUSE_DAEMON=off (or 0, false, no). */
export function daemonDisabled(env: Env): boolean {
  return /^(off|0|false|no)$/i.test(env.GATEHOUSE_DAEMON?.trim() ?? "");
}

/**
 * Why `dir` may not hold the socket, or undefined when it is a real folder of this user that no one
 * else can enter. A missing folder is "missing" (no daemon runs there).
 */
export function untrustedReason(dir: string, socket: string): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "missing" : `cannot read ${dir}: ${(e as Error).message}`;
  }
  const uid = process.getuid?.();
  if (stat.isSymbolicLink()) return `${dir} is a symbolic link`;
  if (!stat.isDirectory()) return `${dir} is not a folder`;
  if (uid !== undefined && stat.uid !== uid) return `${dir} belongs to uid ${stat.uid}, not to uid ${uid}`;
  if ((stat.mode & 0o077) !== 0) return `${dir} is open to other users (mode ${(stat.mode & 0o777).toString(8)}; must be 700)`;
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) return `the socket path ${socket} is too long for a Unix socket`;
  return undefined;
}

/** Creates the folder (mode 700) if missing, then checks it; throws with the reason if it cannot be trusted. */
export function ensureTrustedDir(paths: DaemonPaths): void {
  try {
    fs.mkdirSync(paths.dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new Error(`cannot create ${paths.dir}: ${(e as Error).message}`);
  }
  const reason = untrustedReason(paths.dir, paths.socket);
  if (reason) throw new Error(`refusing the daemon folder: ${reason}`);
}
