/**
 * The CLI daemon (`gatehouse daemon start`): one long-lived process per user and build that runs
 * `check` and `complexity` for the launcher (see client.ts), so that repeated runs — an agent checking
 * every edit, a developer's pre-commit hook, a persistent CI runner — skip Node's start and run on
 * code V8 has already optimised. Requests run one at a time, each with the client's environment,
 * working directory and umask put in place first, so a run sees what it would see in its own process;
 * what carries over is only what is keyed by immutable content (parses, tree listings of a commit,
 * verified commit ids). It listens on a Unix socket in a folder only its user can enter
 * (socket-dir.ts), never on TCP, and stops after an idle period.
 */
import fs from "node:fs";
import net from "node:net";
import { z } from "zod";
import type { CliIo } from "../io";
import { DAEMON_COMMANDS, readFrames, sendFrame, type DaemonStatus, type RunRequest } from "./protocol";
import { ensureTrustedDir, type DaemonPaths } from "./socket-dir";

const RunRequestSchema = z.object({
  type: z.literal("run"),
  buildId: z.string(),
  argv: z.array(z.string()).max(10_000),
  env: z.record(z.string(), z.string()),
  cwd: z.string().min(1),
  umask: z.number().int().min(0).max(0o777),
  stdoutIsTTY: z.boolean(),
  stderrIsTTY: z.boolean(),
});

export interface DaemonServerOptions {
  paths: DaemonPaths;
  buildId: string;
  idleMs: number;
  /** One line per event, to the daemon's log; never the environment of a request. */
  log(line: string): void;
  /** Aborting stops the daemon after the run in progress. */
  signal?: AbortSignal;
}

/** The run request in a client's first frame, or why the daemon does not run it (the client then runs it itself). */
function checkRunRequest(
  frame: unknown,
  own: { buildId: string; extraCaCerts: string; stopping: boolean },
): { request: RunRequest } | { refused: string } {
  const parsed = RunRequestSchema.safeParse(frame);
  if (!parsed.success) return { refused: "not a run request" };
  const request = parsed.data;
  if (request.buildId !== own.buildId) return { refused: `another build (${request.buildId})` };
  if (!DAEMON_COMMANDS.has(request.argv[0] ?? "")) return { refused: `the daemon does not run "${request.argv[0] ?? ""}"` };
  if ((request.env.NODE_EXTRA_CA_CERTS ?? "") !== own.extraCaCerts) return { refused: "another NODE_EXTRA_CA_CERTS than the daemon's" };
  if (own.stopping) return { refused: "stopping" };
  return { request };
}

/** Runs `argv` as the CLI would; injected so the server does not import the whole CLI eagerly. */
export type CliMain = (argv: string[], io: CliIo, signal?: AbortSignal) => Promise<number>;

/** Whether a daemon answers on `socket` (a socket file of a daemon that died does not). */
export function daemonAnswers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = net.createConnection(socket);
    conn.on("connect", () => (conn.destroy(), resolve(true)));
    conn.on("error", () => resolve(false));
  });
}

function replaceEnvironment(env: Record<string, string>): void {
  for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
  Object.assign(process.env, env);
}

/** Serves until stopped (a `stop` request, the idle period, or the signal); resolves once the socket is gone. */
export async function serveDaemon(options: DaemonServerOptions, cliMain: CliMain): Promise<void> {
  const { paths, buildId, idleMs, log } = options;
  ensureTrustedDir(paths);
  if (fs.existsSync(paths.socket)) {
    if (await daemonAnswers(paths.socket)) throw new Error(`a daemon already answers on ${paths.socket}`);
    fs.rmSync(paths.socket, { force: true }); // left by a daemon that died
  }
  // The daemon's own CA setting: a client with another one runs its command itself.
  const ownExtraCaCerts = process.env.NODE_EXTRA_CA_CERTS ?? "";
  const startedAt = new Date();
  let runs = 0;
  let active = 0;
  let queue: Promise<void> = Promise.resolve();
  let idleTimer: NodeJS.Timeout | undefined;
  let stopping = false;

  const server = net.createServer();
  const stopped = new Promise<void>((resolve) => server.on("close", resolve));
  const stop = (why: string) => {
    if (stopping) return;
    stopping = true;
    clearTimeout(idleTimer);
    log(`stopping: ${why}`);
    server.close();
    fs.rmSync(paths.socket, { force: true });
  };
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    if (active === 0 && !stopping) idleTimer = setTimeout(() => stop(`idle for ${Math.round(idleMs / 1000)} s`), idleMs);
  };
  options.signal?.addEventListener("abort", () => void queue.then(() => stop("signal")), { once: true });

  const runOne = async (conn: net.Socket, request: RunRequest, frames: FrameInbox): Promise<void> => {
    const controller = new AbortController();
    const abort = () => controller.abort(new Error("the client went away"));
    conn.on("close", abort);
    frames.onAbort = abort;
    try {
      if (conn.destroyed) return;
      replaceEnvironment(request.env);
      process.umask(request.umask);
      try {
        process.chdir(request.cwd);
      } catch (e) {
        sendFrame(conn, { type: "stderr", data: `gatehouse: cannot enter the working directory ${request.cwd}: ${(e as Error).message}\n` });
        sendFrame(conn, { type: "exit", code: 2 });
        return;
      }
      const io: CliIo = {
        stdout: (data) => sendFrame(conn, { type: "stdout", data }),
        stderr: (data) => sendFrame(conn, { type: "stderr", data }),
        readStdin: () => frames.stdin(),
        stdoutIsTTY: request.stdoutIsTTY,
        stderrIsTTY: request.stderrIsTTY,
        env: process.env,
        cwd: request.cwd,
      };
      runs += 1;
      const code = await cliMain(request.argv, io, controller.signal);
      sendFrame(conn, { type: "exit", code });
    } finally {
      conn.off("close", abort);
      conn.end();
    }
  };

  // Idle means no run since the last one ended (or since the start): status questions do not count.
  server.on("connection", (conn) => {
    const inbox = new FrameInbox(conn);
    let first = true;
    readFrames(
      conn,
      (frame) => {
        if (!first) return inbox.receive(frame);
        first = false;
        const kind = (frame as { type?: unknown } | null)?.type;
        if (kind === "status") {
          const status: DaemonStatus = { type: "status", pid: process.pid, buildId, startedAt: startedAt.toISOString(), runs, idleSeconds: Math.round(idleMs / 1000) };
          sendFrame(conn, status);
          return void conn.end();
        }
        if (kind === "stop") {
          sendFrame(conn, { type: "stopping" });
          conn.end();
          return void queue.then(() => stop("asked to stop"));
        }
        const checked = checkRunRequest(frame, { buildId, extraCaCerts: ownExtraCaCerts, stopping });
        if ("refused" in checked) {
          sendFrame(conn, { type: "refused", reason: checked.refused });
          return void conn.end();
        }
        const { request } = checked;
        active += 1;
        clearTimeout(idleTimer);
        queue = queue
          .then(() => runOne(conn, request, inbox))
          .catch((e: unknown) => log(`run failed: ${e instanceof Error ? e.message : String(e)}`))
          .finally(() => {
            active -= 1;
            armIdleTimer();
          });
      },
      (message) => {
        log(`closed a connection that sent ${message}`);
        conn.destroy();
      },
    );
    conn.on("error", () => conn.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    // Created inside the folder only this user can enter; 0600 on top of it.
    server.listen(paths.socket, () => {
      server.off("error", reject);
      fs.chmodSync(paths.socket, 0o600);
      resolve();
    });
  });
  log(`listening on ${paths.socket} (pid ${process.pid}, build ${buildId}); stops after ${Math.round(idleMs / 1000)} s idle`);
  armIdleTimer();
  await stopped;
}

/** Frames a client sends after its run request: stdin when the command asks for it, abort. */
class FrameInbox {
  onAbort: (() => void) | undefined;
  private waiting: { resolve(data: string): void; reject(error: Error): void } | undefined;
  constructor(private readonly conn: net.Socket) {
    // A client that leaves while the command waits for its stdin must not hold up the queue.
    conn.on("close", () => this.waiting?.reject(new Error("the client went away")));
  }

  stdin(): Promise<string> {
    if (this.conn.destroyed) return Promise.reject(new Error("the client went away"));
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      sendFrame(this.conn, { type: "stdin" });
    });
  }

  receive(frame: unknown): void {
    const f = frame as { type?: unknown; data?: unknown } | null;
    if (f?.type === "abort") this.onAbort?.();
    else if (f?.type === "stdin" && typeof f.data === "string" && this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve(f.data);
    }
  }
}
