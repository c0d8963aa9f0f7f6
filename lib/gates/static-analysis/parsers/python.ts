/** Output of the Python analysers: mypy, flake8 and pyflakes (`file:line:col: …`) and ruff (JSON). */
import { z } from "zod";
import type { Diagnostic, Severity } from "../types";

const MYPY = /^(.+?):(\d+):(?:(\d+):)? (error|warning|note): (.*?)(?:\s+\[([a-z0-9-]+)\])?$/;
const FLAKE8 = /^(.+?):(\d+):(\d+): ([A-Z]+\d+) (.*)$/;
const PYFLAKES = /^(.+?):(\d+):(?:(\d+):?)? (.*)$/;

/** flake8/ruff codes for code that cannot run (syntax errors, undefined names…): errors; the rest warns. */
export function flakeSeverity(code: string): Severity {
  return /^(E9|F63|F7|F82)/.test(code) ? "error" : "warning";
}

export function parseMypyOutput(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = MYPY.exec(line.trimEnd());
    // Notes elaborate the error above them ("See https://…", "Revealed type…"): not problems of their own.
    if (!m || m[4] === "note") continue;
    out.push({
      tool: "mypy",
      rule: m[6] ?? "mypy",
      message: m[5]!,
      severity: m[4] === "error" ? "error" : "warning",
      file: m[1]!,
      line: Number(m[2]),
      column: m[3] ? Number(m[3]) : null,
    });
  }
  return out;
}

export function parseFlake8Output(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = FLAKE8.exec(line.trimEnd());
    if (!m) continue;
    out.push({ tool: "flake8", rule: m[4]!, message: m[5]!, severity: flakeSeverity(m[4]!), file: m[1]!, line: Number(m[2]), column: Number(m[3]) });
  }
  return out;
}

/** pyflakes has no codes: the rule is the message with names and numbers taken out ("undefined name %s"). */
export function pyflakesRule(message: string): string {
  return message.replace(/'[^']*'/g, "%s").replace(/\b\d+\b/g, "%d").trim();
}

export function parsePyflakesOutput(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = PYFLAKES.exec(line.trimEnd());
    if (!m || /^\s/.test(line)) continue;
    const message = m[4]!;
    const fatal = /undefined name|syntax|invalid|unexpected/i.test(message);
    out.push({ tool: "pyflakes", rule: pyflakesRule(message), message, severity: fatal ? "error" : "warning", file: m[1]!, line: Number(m[2]), column: m[3] ? Number(m[3]) : null });
  }
  return out;
}

const RuffJson = z.array(
  z.object({
    code: z.string().nullable(),
    message: z.string(),
    filename: z.string(),
    location: z.object({ row: z.number(), column: z.number() }).nullable().optional(),
    end_location: z.object({ row: z.number(), column: z.number() }).nullable().optional(),
  }),
);

export function parseRuffJson(stdout: string): Diagnostic[] {
  const parsed = RuffJson.safeParse(JSON.parse(stdout.slice(Math.max(0, stdout.indexOf("[")))));
  if (!parsed.success) throw new Error("ruff's JSON report has an unexpected shape");
  return parsed.data.map((d) => ({
    tool: "ruff" as const,
    rule: d.code ?? "syntax-error",
    message: d.message,
    severity: d.code ? flakeSeverity(d.code) : "error",
    file: d.filename,
    line: d.location?.row ?? null,
    column: d.location?.column ?? null,
    ...(d.end_location ? { endLine: d.end_location.row, endColumn: d.end_location.column } : {}),
  }));
}
