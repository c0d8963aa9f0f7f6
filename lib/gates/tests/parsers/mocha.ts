/**
 * Mocha: the JSON report (mocha's `json` reporter, or ours, which adds `titlePath`) and the spec
 * reporter's console output ("N passing", "N pending", "N failing" and the numbered failure blocks).
 */
import { z } from "zod";
import type { TestFailure, TestReport } from "../types";
import { failure, locationOf, messageOf } from "./failure";
import { lines, unique } from "./text";

const MochaTestSchema = z.object({
  title: z.string(),
  fullTitle: z.string(),
  titlePath: z.array(z.string()).optional(),
  file: z.string().nullish(),
  err: z.object({ message: z.string().optional(), stack: z.string().optional() }).passthrough().optional(),
});
const MochaJsonSchema = z.object({
  stats: z.object({ tests: z.number(), passes: z.number(), pending: z.number(), failures: z.number() }),
  failures: z.array(MochaTestSchema),
  /** Our reporter's list of passing title paths; mocha's own json reporter lists objects instead. */
  passes: z.array(z.unknown()).optional(),
});

export function parseMochaJson(text: string): TestReport | null {
  const start = text.search(/\{\s*"stats"\s*:/);
  if (start < 0) return null;
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, text.lastIndexOf("}") + 1));
  } catch {
    return null;
  }
  const parsed = MochaJsonSchema.safeParse(json);
  if (!parsed.success) return null;
  const { stats, failures: failed, passes } = parsed.data;
  const failures: TestFailure[] = failed.map((t) => {
    const name = t.titlePath?.length ? t.titlePath.join(" > ") : t.fullTitle;
    const stack = t.err?.stack ?? "";
    // The stack starts with "Name: message"; mocha's `message` lacks the error's name.
    const message = messageOf(stack) ?? messageOf(t.err?.message);
    return failure(name, message, locationOf(stack, t.file ?? undefined));
  });
  return {
    format: "mocha-json",
    passed: stats.passes,
    // Hook failures ("before each" hook …) are failures without a test of their own.
    failed: Math.max(stats.failures, failures.length),
    skipped: stats.pending,
    failedNames: unique(failures.map((f) => f.name)),
    failures,
    ...(passes?.every((p) => typeof p === "string") ? { passedNames: passes as string[] } : {}),
  };
}

const BLOCK_START = /^\s{2}(\d+)\) (.*)$/;

export function parseMocha(output: string): TestReport | null {
  const all = lines(output).map((l) => l.trimEnd());
  const count = (word: string) => {
    const m = all.map((l) => new RegExp(`^\\s+(\\d+) ${word}\\b`).exec(l)).filter(Boolean).pop();
    return m ? Number(m[1]) : null;
  };
  const passing = count("passing");
  const failing = count("failing");
  if (passing === null && failing === null) return null;
  const failures: TestFailure[] = [];
  const failingAt = all.findLastIndex((l) => /^\s+\d+ failing\b/.test(l));
  if (failingAt >= 0) {
    let i = failingAt + 1;
    while (i < all.length) {
      const start = BLOCK_START.exec(all[i]);
      if (!start) {
        i += 1;
        continue;
      }
      // The title path runs over several lines and ends with ":".
      const titles = [start[2].trim()];
      let j = i + 1;
      while (!titles[titles.length - 1].endsWith(":") && j < all.length && all[j].trim()) titles.push(all[j++].trim());
      titles[titles.length - 1] = titles[titles.length - 1].replace(/:$/, "");
      const body: string[] = [];
      while (j < all.length && !BLOCK_START.test(all[j])) body.push(all[j++]);
      const text = body.join("\n");
      failures.push(failure(titles.join(" > "), messageOf(text), locationOf(text)));
      i = j;
    }
  }
  return {
    format: "mocha",
    passed: passing ?? 0,
    failed: Math.max(failing ?? 0, failures.length),
    skipped: count("pending") ?? 0,
    failedNames: unique(failures.map((f) => f.name)),
    failures,
  };
}
