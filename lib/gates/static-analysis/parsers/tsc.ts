/** `tsc --pretty false` output: `file(line,col): error TSnnnn: message` plus indented continuation lines. */
import type { Diagnostic } from "../types";

const LOCATED = /^(.+?)\((\d+),(\d+)\): (error|warning|message) (TS\d+): (.*)$/;
const GLOBAL = /^(error|warning|message) (TS\d+): (.*)$/;

export function parseTscOutput(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let last: Diagnostic | null = null;
  for (const raw of output.split(/\r?\n/)) {
    const line = raw.replace(/\s+$/, "");
    if (!line) continue;
    const located = LOCATED.exec(line);
    const global = located ? null : GLOBAL.exec(line);
    if (located) {
      last = {
        tool: "tsc",
        rule: located[5]!,
        message: located[6]!,
        severity: located[4] === "error" ? "error" : located[4] === "warning" ? "warning" : "note",
        file: located[1]!,
        line: Number(located[2]),
        column: Number(located[3]),
      };
      out.push(last);
    } else if (global) {
      last = { tool: "tsc", rule: global[2]!, message: global[3]!, severity: global[1] === "error" ? "error" : "warning", file: null, line: null, column: null };
      out.push(last);
    } else if (last && /^\s/.test(line)) {
      // Elaboration of the previous diagnostic ("Property 'x' does not exist on type …").
      last.message += `\n${line.trim()}`;
    }
  }
  return out;
}
