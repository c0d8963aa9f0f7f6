/**
 * The launcher's side of the CLI daemon (`gatehouse daemon start`): when a daemon of this build runs
 * for this user, `check` and `complexity` are sent to it instead of starting the CLI in this process,
 * which saves Node's start, the bundle's load and V8's warm-up at every run. The daemon runs the
 * command with this process's arguments, environment, working directory and umask, and streams its
 * output back. Whenever it cannot (none running, a folder that fails the trust test, a refusal, a
 * daemon that dies before it wrote anything), the launcher runs the command itself: the daemon is
 * never needed for a correct result. Node built-ins only: loaded before the bundle.
 */
import fs from "node:fs";
import net from "node:net";
import { readProcessStdin } from "../io";
import { DAEMON_COMMANDS, readFrames, sendFrame, type RunRequest } from "./protocol";
import { daemonDisabled, daemonPaths, untrustedReason } from "./socket-dir";

export interface DaemonTarget {
  socket: string;
  buildId: string;
}

/** The daemon to send `argv` to, or undefined when the command is to run in this process. */
export function daemonTargetFor(argv: readonly string[], env: NodeJS.ProcessEnv, buildIdFile: string): DaemonTarget | undefined {
  if (!DAEMON_COMMANDS.has(argv[0] ?? "") || daemonDisabled(env)) return undefined;
  let buildId: string;
  try {
    buildId = fs.readFileSync(buildIdFile, "utf8").trim();
  } catch {
    return undefined;
  }
  const paths = daemonPaths(env, buildId);
  const reason = untrustedReason(paths.dir, paths.socket);
  if (reason === "missing") return undefined;
  if (reason) {
    process.stderr.write(`gatehouse: not using the daemon: ${reason}\n`);
    return undefined;
  }
  return fs.existsSync(paths.socket) ? { socket: paths.socket, buildId } : undefined;
}

/**
 * Runs argv through the daemon at `socket`: the exit code, or undefined when the daemon did not run
 * it (the caller then runs it itself).
 */
export function runThroughDaemon(argv: string[], { socket, buildId }: DaemonTarget): Promise<number | undefined> {
  return new Promise((resolve) => {
    const conn = net.createConnection(socket);
    // Once output was written or stdin read, running the command here instead would repeat or lose them.
    let committed = false;
    let settled = false;
    let signals = 0;
    const onSignal = (sig: NodeJS.Signals) => {
      signals += 1;
      if (signals > 1) process.exit(130);
      process.stderr.write(`gatehouse: ${sig}, stopping…\n`);
      sendFrame(conn, { type: "abort" });
    };
    const finish = (code: number | undefined) => {
      if (settled) return;
      settled = true;
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      conn.destroy();
      resolve(code);
    };
    conn.on("error", () => finish(committed ? lost() : undefined));
    conn.on("close", () => finish(committed ? lost() : undefined));
    conn.on("connect", () => {
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
      const request: RunRequest = {
        type: "run",
        buildId,
        argv,
        env,
        cwd: process.cwd(),
        umask: process.umask(),
        stdoutIsTTY: !!process.stdout.isTTY,
        stderrIsTTY: !!process.stderr.isTTY,
      };
      sendFrame(conn, request);
    });
    readFrames(
      conn,
      (frame) => {
        const f = frame as { type?: string; data?: unknown; code?: unknown };
        if ((f.type === "stdout" || f.type === "stderr") && typeof f.data === "string") {
          committed = true;
          (f.type === "stdout" ? process.stdout : process.stderr).write(f.data);
        } else if (f.type === "stdin") {
          committed = true;
          readProcessStdin().then(
            (data) => sendFrame(conn, { type: "stdin", data }),
            () => conn.destroy(), // an unreadable stdin ends the run, as "the daemon stopped"
          );
        } else if (f.type === "exit" && typeof f.code === "number") {
          finish(f.code);
        } else if (f.type === "refused") {
          finish(committed ? lost() : undefined);
        }
      },
      () => finish(committed ? lost() : undefined),
    );
  });
}

function lost(): number {
  process.stderr.write("gatehouse: the daemon stopped during the run; run the command again\n");
  return 2;
}
