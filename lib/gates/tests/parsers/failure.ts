/** Pulls the message and the file:line out of a failing test's error text (stack trace, pytest traceback). */
import type { TestFailure } from "../types";
import { stripAnsi } from "./text";

const MAX_MESSAGE = 500;

// "at fn (file:///x/a.test.js:3:49)", "at /x/a.test.ts:4:49", "› file://test/a.test.js:3:38", "tests/test_a.py:6: AssertionError"
const FRAME = /(?:file:\/\/)?((?:\/|\.{0,2}\/?)?[\w@.+-][^\s():'"]*?\.(?:[cm]?[jt]sx?|py|coffee)):(\d+)(?::\d+)?/g;
const STACK_LINE = /^\s*(at |›\s|\[as |From previous event)/;

/** The error's text up to its stack trace, on one line, capped. */
export function messageOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const kept: string[] = [];
  for (const raw of stripAnsi(text).split("\n")) {
    if (STACK_LINE.test(raw)) break;
    const line = raw.trim();
    // Jest's "● suite › test" header and code frames ("> 3 | expect(…)", "  | ^") repeat what we show elsewhere.
    if (!line || /^●/.test(line) || /^>?\s*\d*\s*\|/.test(line)) continue;
    kept.push(line);
  }
  const message = kept.join(" ").replace(/\s+/g, " ").trim();
  if (!message) return undefined;
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message;
}

/**
 * The first stack frame outside node_modules and node's internals; a frame in `preferFile` (the test's
 * own file, when the runner names it) wins, so the line is the failing assertion rather than a helper.
 */
export function locationOf(text: string | undefined, preferFile?: string): { file: string; line: number } | undefined {
  if (!text) return undefined;
  let first: { file: string; line: number } | undefined;
  for (const m of stripAnsi(text).matchAll(FRAME)) {
    const file = m[1];
    if (/(^|\/)node_modules\//.test(file) || file.startsWith("node:") || /\/lib\/python\d/.test(file)) continue;
    const hit = { file, line: Number(m[2]) };
    if (preferFile && (file === preferFile || file.endsWith(`/${trimDot(preferFile)}`) || preferFile.endsWith(`/${trimDot(file)}`))) return hit;
    first ??= hit;
  }
  return first;
}

function trimDot(p: string): string {
  return p.replace(/^\.\//, "");
}

/** A failure entry with only the fields that are known. */
export function failure(name: string, message: string | undefined, where: { file: string; line: number } | undefined): TestFailure {
  return { name, ...(message ? { message } : {}), ...(where ? { file: where.file, line: where.line } : {}) };
}
