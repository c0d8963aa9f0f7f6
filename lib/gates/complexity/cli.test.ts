import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runComplexityCommand } from "./cli";

let dir: string;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) } };
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "complexity-cli-"));
  writeFileSync(path.join(dir, "codec.ts"), "export function encode(a: number) {\n  return a > 0 ? a : -a;\n}\n");
  writeFileSync(
    path.join(dir, "view.jsx"),
    "export const View = ({ items }) => {\n  for (const i of items) { if (i) { return i; } }\n  return null;\n};\n",
  );
  writeFileSync(path.join(dir, "broken.js"), "function (\n");
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("runComplexityCommand", () => {
  it("prints every function as JSON with the file as given", async () => {
    const files = [path.join(dir, "codec.ts"), path.join(dir, "view.jsx")];
    const { out, err, io } = capture();
    expect(await runComplexityCommand(files, "json", io)).toBe(0);
    expect(err).toEqual([]);
    expect(JSON.parse(out.join(""))).toEqual({
      functions: [
        { file: files[0], name: "encode", line: 1, column: 8, cyclomatic: 2, cognitive: 1 },
        { file: files[1], name: "View", line: 1, column: 33, cyclomatic: 3, cognitive: 3 },
      ],
      skipped: [],
    });
  });

  it("prints an aligned table", async () => {
    const files = [path.join(dir, "codec.ts"), path.join(dir, "view.jsx")];
    const { out, io } = capture();
    expect(await runComplexityCommand(files, "text", io)).toBe(0);
    const lines = out.join("").trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^FILE\s+LINE\s+COL\s+FUNCTION\s+CYCLOMATIC\s+COGNITIVE$/);
    expect(lines[1]).toMatch(/codec\.ts\s+1\s+8\s+encode\s+2\s+1$/);
    // Right-aligned numeric columns end at the same offset on every row.
    const cognitiveEnd = lines[0].length;
    expect(lines.every((l) => l.length === cognitiveEnd)).toBe(true);
    expect(lines[2].indexOf("View")).toBe(lines[0].indexOf("FUNCTION"));
  });

  it("exits 2 with a one-line reason when a file does not parse", async () => {
    const { out, err, io } = capture();
    const code = await runComplexityCommand([path.join(dir, "codec.ts"), path.join(dir, "broken.js")], "json", io);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/broken\.js:\d+:\d+: .+\n$/);
    expect(err[0].trimEnd()).not.toContain("\n");
  });

  it("exits 2 when a file cannot be read", async () => {
    const { err, io } = capture();
    const missing = path.join(dir, "missing.ts");
    const code = await runComplexityCommand([missing, path.join(dir, "codec.ts")], "text", io);
    expect(code).toBe(2);
    expect(err).toEqual([`${missing}: cannot read file (ENOENT)\n`]);
  });

  it("skips declaration files and other languages with a note and analyses the rest", async () => {
    const declarations = path.join(dir, "types.d.ts");
    writeFileSync(declarations, "export declare function f(): void;\n");
    const notes = path.join(dir, "notes.txt");
    const codec = path.join(dir, "codec.ts");
    const { out, err, io } = capture();
    expect(await runComplexityCommand([declarations, codec, notes, path.join(dir, "index.d.mts")], "json", io)).toBe(0);
    expect(err).toEqual([
      `${declarations}: skipped (declaration file)\n`,
      `${notes}: skipped (unsupported file type)\n`,
      `${path.join(dir, "index.d.mts")}: skipped (declaration file)\n`,
    ]);
    const report = JSON.parse(out.join(""));
    expect(report.functions.map((f: { name: string }) => f.name)).toEqual(["encode"]);
    expect(report.skipped).toEqual([
      { file: declarations, reason: "declaration file" },
      { file: notes, reason: "unsupported file type" },
      { file: path.join(dir, "index.d.mts"), reason: "declaration file" },
    ]);
  });
});
