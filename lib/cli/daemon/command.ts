/** `gatehouse daemon start|stop|status|serve`: the life cycle of the CLI daemon (server.ts). */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { DaemonOptions } from "../args";
import { distDir, readBuildId } from "../build-id";
import type { CliIo } from "../io";
import { readFrames, sendFrame, type DaemonStatus } from "./protocol";
import { daemonAnswers, serveDaemon } from "./server";
import { daemonPaths, ensureTrustedDir, untrustedReason, type DaemonPaths } from "./socket-dir";

const START_TIMEOUT_MS = 15_000;
/** Exit status of `status` when no daemon runs (as `systemctl status` has it). */
const NOT_RUNNING = 3;

function requireBuildId(): string {
  const id = readBuildId();
  if (!id) throw new Error("the CLI is not built (dist/cli/build-id is missing); run `npm run build:cli`");
  return id;
}

/** One request, its one answer frame; undefined when nothing answers. */
function ask(socket: string, frame: { type: "status" } | { type: "stop" }): Promise<Record<string, unknown> | undefined> {
  return new Promise((resolve) => {
    const conn = net.createConnection(socket);
    let answer: Record<string, unknown> | undefined;
    conn.on("connect", () => sendFrame(conn, frame));
    readFrames(
      conn,
      (f) => (answer ??= f as Record<string, unknown>),
      () => conn.destroy(),
    );
    conn.on("error", () => resolve(undefined));
    conn.on("close", () => resolve(answer));
  });
}

async function status(paths: DaemonPaths): Promise<DaemonStatus | undefined> {
  if (untrustedReason(paths.dir, paths.socket) || !fs.existsSync(paths.socket)) return undefined;
  const answer = await ask(paths.socket, { type: "status" });
  return answer?.type === "status" ? (answer as unknown as DaemonStatus) : undefined;
}

function describe(s: DaemonStatus, paths: DaemonPaths): string {
  return `gatehouse daemon: running (pid ${s.pid}, build ${s.buildId}, since ${s.startedAt}, ${s.runs} run${s.runs === 1 ? "" : "s"}); socket ${paths.socket}; stops after ${Math.round(s.idleSeconds / 60)} min idle; log ${paths.log}\n`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function start(paths: DaemonPaths, options: DaemonOptions, io: CliIo): Promise<number> {
  ensureTrustedDir(paths);
  const running = await status(paths);
  if (running) {
    io.stdout(describe(running, paths).replace("running", "already running"));
    return 0;
  }
  const log = fs.openSync(paths.log, "a", 0o600);
  const launcher = path.join(distDir(), "..", "..", "bin", "gatehouse.cjs");
  const child = spawn(process.execPath, [launcher, "daemon", "serve", "--idle-minutes", String(options.idleMinutes)], {
    cwd: "/",
    env: io.env,
    detached: true,
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code));
  child.unref();
  for (const deadline = Date.now() + START_TIMEOUT_MS; Date.now() < deadline && exited === undefined; ) {
    const s = await status(paths);
    if (s) {
      io.stdout(describe(s, paths));
      return 0;
    }
    await sleep(50);
  }
  const tail = fs.readFileSync(paths.log, "utf8").trim().split("\n").slice(-5).join("\n");
  io.stderr(`gatehouse: the daemon did not start${exited !== undefined ? ` (exit ${exited})` : ""}; ${paths.log} says:\n${tail}\n`);
  return 1;
}

/** Stops this build's daemon and any left running by an earlier build of the CLI in the same folder. */
async function stop(paths: DaemonPaths, buildId: string, io: CliIo): Promise<number> {
  const sockets = untrustedReason(paths.dir, paths.socket)
    ? []
    : fs.readdirSync(paths.dir).filter((f) => /^daemon-[0-9a-f]+\.sock$/.test(f)).map((f) => path.join(paths.dir, f));
  let stopped = 0;
  let failed = 0;
  for (const socket of sockets) {
    const running = await status({ ...paths, socket });
    if (!running) continue;
    await ask(socket, { type: "stop" });
    let gone = false;
    for (const deadline = Date.now() + START_TIMEOUT_MS; !gone && Date.now() < deadline; ) {
      gone = !fs.existsSync(socket) && !(await daemonAnswers(socket));
      if (!gone) await sleep(50);
    }
    const which = running.buildId === buildId ? "" : `, an earlier build ${running.buildId}`;
    if (gone) {
      stopped += 1;
      io.stdout(`gatehouse daemon: stopped (pid ${running.pid}${which})\n`);
    } else {
      failed += 1;
      io.stderr(`gatehouse: the daemon (pid ${running.pid}${which}) did not stop\n`);
    }
  }
  if (stopped === 0 && failed === 0) io.stdout("gatehouse daemon: not running\n");
  return failed > 0 ? 1 : 0;
}

export async function runDaemonCommand(options: DaemonOptions, io: CliIo, signal?: AbortSignal): Promise<number> {
  try {
    return await daemonAction(options, io, signal);
  } catch (e) {
    io.stderr(`gatehouse: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

async function daemonAction(options: DaemonOptions, io: CliIo, signal?: AbortSignal): Promise<number> {
  const buildId = requireBuildId();
  const paths = daemonPaths(io.env, buildId);
  switch (options.action) {
    case "start":
      return start(paths, options, io);
    case "stop":
      return stop(paths, buildId, io);
    case "status": {
      const s = await status(paths);
      const reason = untrustedReason(paths.dir, paths.socket);
      if (reason && reason !== "missing") io.stderr(`gatehouse: not using the daemon: ${reason}\n`);
      if (s) io.stdout(describe(s, paths));
      else io.stdout("gatehouse daemon: not running\n");
      return s ? 0 : NOT_RUNNING;
    }
    case "serve": {
      const { main } = await import("../main");
      const log = (line: string) => io.stderr(`${new Date().toISOString()} gatehouse daemon: ${line}\n`);
      await serveDaemon({ paths, buildId, idleMs: options.idleMinutes * 60_000, log, signal }, main);
      return 0;
    }
  }
}
