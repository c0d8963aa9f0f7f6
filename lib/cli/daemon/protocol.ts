/**
 * The CLI daemon's wire format: one JSON object per line over a Unix socket, both ways. Loaded by the
 * launcher before the bundle: node built-ins only (the daemon validates what it receives with zod).
 *
 * client → daemon: run (the command, its environment, working directory and umask), stdin (when
 * asked), abort (Ctrl-C), status, stop.
 * daemon → client: stdout / stderr text, stdin (a request for it), exit, refused (the client runs
 * the command itself), status, stopping.
 */
import type { Socket } from "node:net";

/** Commands the daemon runs: the ones whose start-up cost matters and that only read the repository. */
export const DAEMON_COMMANDS: ReadonlySet<string> = new Set(["check", "complexity"]);

/** A frame larger than this (a patch read from stdin, mostly) ends the connection. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export interface RunRequest {
  type: "run";
  buildId: string;
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  umask: number;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export type ClientFrame = RunRequest | { type: "stdin"; data: string } | { type: "abort" } | { type: "status" } | { type: "stop" };

export interface DaemonStatus {
  type: "status";
  pid: number;
  buildId: string;
  startedAt: string;
  runs: number;
  idleSeconds: number;
}

export type DaemonFrame =
  | { type: "stdout" | "stderr"; data: string }
  | { type: "stdin" }
  | { type: "exit"; code: number }
  | { type: "refused"; reason: string }
  | DaemonStatus
  | { type: "stopping" };

export function sendFrame(socket: Socket, frame: ClientFrame | DaemonFrame): void {
  if (!socket.destroyed && socket.writable) socket.write(`${JSON.stringify(frame)}\n`);
}

/**
 * Calls `onFrame` with each parsed line; a line that is not JSON, or longer than MAX_FRAME_BYTES,
 * calls `onError` once and stops reading.
 */
export function readFrames(socket: Socket, onFrame: (frame: unknown) => void, onError: (message: string) => void): void {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let failed = false;
  const fail = (message: string) => {
    if (failed) return;
    failed = true;
    onError(message);
  };
  socket.on("data", (chunk: Buffer) => {
    if (failed) return;
    let start = 0;
    for (let nl = chunk.indexOf(10); nl >= 0; nl = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, nl));
      const line = Buffer.concat(pending).toString("utf8");
      pending = [];
      pendingBytes = 0;
      start = nl + 1;
      let frame: unknown;
      try {
        frame = JSON.parse(line);
      } catch {
        return fail("a frame that is not JSON");
      }
      onFrame(frame);
      if (failed || socket.destroyed) return;
    }
    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_FRAME_BYTES) fail(`a frame over ${MAX_FRAME_BYTES} bytes`);
    }
  });
}
