/** Minimal structured logger: one JSON line per event on stderr, so process managers can collect it. */
import { redactUrls } from "../git/remote-url";

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(base: Record<string, unknown>, write: (line: string) => void = (l) => process.stderr.write(l + "\n")): Logger {
  const emit = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    // Userinfo of any URL in a message (git errors quote remotes) never reaches the log.
    write(redactUrls(JSON.stringify({ t: new Date().toISOString(), level, msg, ...base, ...fields })));
  return { info: emit("info"), warn: emit("warn"), error: emit("error") };
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The same logger with fields added to every line (job, step, slot). */
export function withFields(log: Logger, fields: Record<string, unknown>): Logger {
  return {
    info: (m, f) => log.info(m, { ...fields, ...f }),
    warn: (m, f) => log.warn(m, { ...fields, ...f }),
    error: (m, f) => log.error(m, { ...fields, ...f }),
  };
}
