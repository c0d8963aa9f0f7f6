/** ESLint's `--format json` output. Throws when stdout is not ESLint's JSON (the tool then reports an error). */
import { z } from "zod";
import type { Diagnostic } from "../types";

const EslintJson = z.array(
  z.object({
    filePath: z.string(),
    messages: z.array(
      z.object({
        ruleId: z.string().nullable().optional(),
        severity: z.number(),
        message: z.string(),
        fatal: z.boolean().optional(),
        line: z.number().optional(),
        column: z.number().optional(),
        endLine: z.number().optional(),
        endColumn: z.number().optional(),
      }),
    ),
  }),
);

export function parseEslintJson(stdout: string): Diagnostic[] {
  const start = stdout.indexOf("[");
  if (start < 0) throw new Error("ESLint printed no JSON report");
  const parsed = EslintJson.safeParse(JSON.parse(stdout.slice(start)));
  if (!parsed.success) throw new Error("ESLint's JSON report has an unexpected shape");
  const out: Diagnostic[] = [];
  for (const file of parsed.data) {
    for (const m of file.messages) {
      // "File ignored because of a matching ignore pattern" is about our file list, not the code.
      if (!m.ruleId && !m.fatal && /\bignored\b/i.test(m.message)) continue;
      out.push({
        tool: "eslint",
        rule: m.ruleId ?? (m.fatal ? "parse-error" : "eslint"),
        message: m.message,
        severity: m.fatal || m.severity >= 2 ? "error" : "warning",
        file: file.filePath,
        line: m.line ?? null,
        column: m.column ?? null,
        ...(m.endLine ? { endLine: m.endLine } : {}),
        ...(m.endColumn ? { endColumn: m.endColumn } : {}),
      });
    }
  }
  return out;
}
