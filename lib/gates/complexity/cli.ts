/** `gatehouse complexity FILE...`: per-function scores as an aligned table or JSON. */
import { readFile } from "node:fs/promises";
import { analyzeFile, notAnalyzableReason } from "./analyze";
import type { FunctionComplexity } from "./types";

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

interface Row {
  file: string;
  name: string;
  line: number;
  column: number;
  cyclomatic: number;
  cognitive: number;
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, " ").trim();
}

async function analyzeOne(file: string): Promise<FunctionComplexity[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${file}: cannot read file${code ? ` (${code})` : ""}`);
  }
  return analyzeFile(file, text);
}

function table(rows: Row[]): string {
  const header = ["FILE", "LINE", "COL", "FUNCTION", "CYCLOMATIC", "COGNITIVE"];
  const cells = rows.map((r) => [r.file, String(r.line), String(r.column), r.name, String(r.cyclomatic), String(r.cognitive)]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const numeric = [false, true, true, false, true, true];
  const format = (cols: string[]) =>
    cols
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [format(header), ...cells.map(format)].join("\n") + "\n";
}

/**
 * Analyzes `files` (paths as given); returns the exit code: 0 ok, 2 when a file cannot be read or
 * parsed. Declaration files and files of other languages are skipped with a note on stderr (and in
 * the JSON), so `gatehouse complexity $(git diff --name-only)` works.
 */
export async function runComplexityCommand(
  files: string[],
  format: "text" | "json",
  io: CommandIo,
): Promise<number> {
  const rows: Row[] = [];
  const skipped: { file: string; reason: string }[] = [];
  let failed = false;
  for (const file of files) {
    const reason = notAnalyzableReason(file);
    if (reason) {
      skipped.push({ file, reason });
      io.stderr(`${oneLine(file)}: skipped (${reason})\n`);
      continue;
    }
    try {
      for (const fn of await analyzeOne(file)) {
        rows.push({ file, name: fn.name, line: fn.line, column: fn.column, cyclomatic: fn.cyclomatic, cognitive: fn.cognitive });
      }
    } catch (error) {
      failed = true;
      io.stderr(`${oneLine(error instanceof Error ? error.message : String(error))}\n`);
    }
  }
  // A partial report would read as complete; report nothing when any file failed.
  if (failed) return 2;
  io.stdout(format === "json" ? `${JSON.stringify({ functions: rows, skipped })}\n` : table(rows));
  return 0;
}
