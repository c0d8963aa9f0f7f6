import { describe, expect, it } from "vitest";
import { compareDiagnostics, fingerprint, normalizeMessage } from "./fingerprint";
import type { Diagnostic } from "./types";

const diag = (line: number, rule = "TS2339", message = "Property 'x' does not exist"): Diagnostic => ({
  tool: "tsc",
  rule,
  message,
  severity: "error",
  file: "a.ts",
  line,
  column: 1,
});

function on(text: string, ds: Diagnostic[]): Diagnostic[] {
  fingerprint(ds, () => text);
  return ds;
}

describe("location fingerprints", () => {
  const base = "const a = 1;\nfoo.x;\nconst b = 2;\n";
  it("a problem whose line moved is old; one on a new line is new", () => {
    const moved = "// header\n\nconst a = 1;\nfoo.x;\nconst b = 2;\nbar.x;\n";
    const cmp = compareDiagnostics(on(base, [diag(2)]), on(moved, [diag(4), diag(6)]));
    expect(cmp.introduced.map((d) => d.line)).toEqual([6]);
    expect(cmp.fixed).toBe(0);
  });

  it("still old when its neighbours changed but its own line did not", () => {
    const edited = "const a = 100;\nfoo.x;\nconst c = 3;\n";
    expect(compareDiagnostics(on(base, [diag(2)]), on(edited, [diag(2)])).introduced).toEqual([]);
  });

  it("counts duplicates: a second identical problem on an identical line is new", () => {
    const twice = "const a = 1;\nfoo.x;\nconst b = 2;\nfoo.x;\n";
    const cmp = compareDiagnostics(on(base, [diag(2)]), on(twice, [diag(2), diag(4)]));
    expect(cmp.introduced).toHaveLength(1);
  });

  it("a different rule or message on the same line is new; a vanished one is fixed", () => {
    const cmp = compareDiagnostics(on(base, [diag(2)]), on(base, [diag(2, "TS2551")]));
    expect(cmp.introduced.map((d) => d.rule)).toEqual(["TS2551"]);
    expect(cmp.fixed).toBe(1);
  });

  it("SARIF partialFingerprints match regardless of the line", () => {
    const b = { ...diag(2), tool: "sarif" as const, partialFingerprints: { k: "v" } };
    const c = { ...diag(40), tool: "sarif" as const, partialFingerprints: { k: "v" } };
    expect(compareDiagnostics([b], [c]).introduced).toEqual([]);
  });

  it("messages lose worktree paths and 'line N column M'", () => {
    expect(normalizeMessage("'x' is already declared in the upper scope on line 1 column 7.")).toBe(normalizeMessage("'x' is already declared in the upper scope on line 9 column 3."));
    expect(normalizeMessage("Cannot find module '/tmp/wt-1/src/x'", ["/tmp/wt-1"])).toBe("Cannot find module 'src/x'");
  });
});
