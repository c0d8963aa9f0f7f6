import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, type ChangedFile, type GateInput, type GatePolicy, type GateResult } from "../types";
import { complexityGate, type ComplexityFinding } from "./gate";

function input(files: ChangedFile[], policy: Partial<GatePolicy> = {}, signal?: AbortSignal): GateInput {
  return {
    repoDir: "/nonexistent",
    baseCommit: "0".repeat(40),
    diff: "",
    files,
    policy: { ...DEFAULT_POLICY, ...policy },
    signal,
  };
}

/** `function name(v0, …) { return v0 || v1 || …; }`: cyclomatic = operands, cognitive 0. */
function orChain(name: string, operands: number): string {
  const params = Array.from({ length: operands }, (_, i) => `v${i}`);
  return `export function ${name}(${params.join(", ")}) {\n  return ${params.join(" || ")};\n}\n`;
}

const SMALL = "export function small(a) {\n  return a ? 1 : 2;\n}\n";

const LIMITS = "(thresholds cyclomatic 10, cognitive 10)";

async function run(files: ChangedFile[], policy?: Partial<GatePolicy>) {
  const result = await complexityGate.run(input(files, policy));
  return result as GateResult<ComplexityFinding>;
}

describe("complexityGate", () => {
  it("is named complexity", () => {
    expect(complexityGate.name).toBe("complexity");
  });

  it("skips when no analyzable file changed", async () => {
    const result = await run([
      { path: "README.md", before: "a", after: "b" },
      { path: "logo.js", before: null, after: "\u0000", binary: true },
      { path: "old.ts", before: SMALL, after: null },
      { path: "types.d.ts", before: null, after: "export declare function f(): void;" },
    ]);
    expect(result.status).toBe("skipped");
    expect(result.findings).toEqual([]);
  });

  it("fails when a changed function crosses the threshold, naming the measure", async () => {
    const result = await run([{ path: "src/codec.ts", before: orChain("encode", 4), after: orChain("encode", 12) }]);
    expect(result.status).toBe("fail");
    expect(result.summary).toBe(`encode: cyclomatic 4→12 > 10 ${LIMITS}`);
    expect(result.score).toBe(12);
    expect(result.thresholds).toEqual({ cyclomatic: 10, cognitive: 10 });
    expect(result.findings).toEqual([
      {
        file: "src/codec.ts",
        function: "encode",
        line: 1,
        cyclomaticBefore: 4,
        cyclomatic: 12,
        cognitiveBefore: 0,
        cognitive: 0,
        verdict: "crossed",
        severity: "fail",
        over: [{ measure: "cyclomatic", before: 4, after: 12, threshold: 10, verdict: "crossed" }],
        message: "encode: cyclomatic 4→12 > 10",
      },
    ]);
  });

  it("passes a function that got more complex within the threshold, keeping its score", async () => {
    const result = await run([{ path: "src/codec.ts", before: orChain("encode", 4), after: orChain("encode", 7) }]);
    expect(result.status).toBe("pass");
    expect(result.findings).toEqual([]);
    expect(result.summary).toBe("no function crossed the thresholds (cyclomatic 10, cognitive 10)");
    expect(result.score).toBe(7);
  });

  it("warns when a function already over the threshold grows; fails with the strict setting", async () => {
    const files = [{ path: "lib/response.js", before: orChain("send", 22), after: orChain("send", 23) }];
    const lenient = await run(files);
    expect(lenient.status).toBe("warn");
    expect(lenient.summary).toBe(`already over and grew: send: cyclomatic 22→23 > 10 ${LIMITS}`);
    expect(lenient.findings[0]).toMatchObject({ verdict: "grew-over-threshold", severity: "warn" });
    const strict = await run(files, { complexityFailOnGrowth: true });
    expect(strict.status).toBe("fail");
    expect(strict.failOnGrowth).toBe(true);
  });

  it("uses the policy's cyclomatic threshold", async () => {
    const files = [{ path: "src/codec.ts", before: orChain("encode", 4), after: orChain("encode", 12) }];
    expect((await run(files, { complexityThreshold: 12 })).status).toBe("pass");
    expect((await run(files, { complexityThreshold: 11 })).status).toBe("fail");
  });

  it("counts cognitive complexity against its own threshold", async () => {
    const nested = "export function deep(a) {\n  if (a) { if (a) { if (a) { if (a) {} } } }\n}\n"; // cyclomatic 5, cognitive 10
    const deeper = "export function deep(a) {\n  if (a) { if (a) { if (a) { if (a) { a(); } else {} } } }\n}\n";
    const result = await run([{ path: "src/deep.js", before: nested, after: deeper }]);
    expect(result.findings[0]).toMatchObject({ cyclomaticBefore: 5, cyclomatic: 5, cognitiveBefore: 10, cognitive: 11 });
    expect(result.status).toBe("fail");
    expect(result.summary).toBe(`deep: cognitive 10→11 > 10 ${LIMITS}`);
    const lenient = await run([{ path: "src/deep.js", before: nested, after: deeper }], { cognitiveThreshold: 15 });
    expect(lenient.status).toBe("pass");
    expect(lenient.summary).toBe("no function crossed the thresholds (cyclomatic 10, cognitive 15)");
  });

  it("passes when complexity stays the same or drops, even for an already complex function", async () => {
    const moved = `// a comment moves everything down\n\n${orChain("legacy", 15)}`;
    const result = await run([
      { path: "src/legacy.ts", before: orChain("legacy", 15), after: moved },
      { path: "src/codec.ts", before: orChain("encode", 8), after: orChain("encode", 3) },
    ]);
    expect(result.status).toBe("pass");
    expect(result.findings).toEqual([]);
    expect(result.score).toBe(0);
  });

  it("does not report new functions within the threshold; fails a new one over it", async () => {
    const within = await run([{ path: "src/new.ts", before: null, after: SMALL }]);
    expect(within.status).toBe("pass");
    expect(within.findings).toEqual([]);
    expect(within.score).toBe(2);

    const over = await run([{ path: "src/a.ts", before: SMALL, after: SMALL + orChain("huge", 11) }]);
    expect(over.status).toBe("fail");
    expect(over.summary).toBe(`huge (new): cyclomatic 11 > 10 ${LIMITS}`);
    expect(over.findings.map((f) => [f.function, f.verdict])).toEqual([["huge", "new-over-threshold"]]);
  });

  it("lists every offender, failures first in the summary, and reports the highest score", async () => {
    const result = await run([
      { path: "src/a.ts", before: orChain("a", 2), after: orChain("a", 14) },
      { path: "src/b.js", before: orChain("b", 12), after: orChain("b", 13) },
      { path: "src/c.mjs", before: null, after: orChain("c", 20) },
      { path: "src/d.js", before: orChain("d", 2), after: orChain("d", 6) },
    ]);
    expect(result.status).toBe("fail");
    expect(result.score).toBe(20);
    expect(result.summary).toBe(`a: cyclomatic 2→14 > 10; c (new): cyclomatic 20 > 10 ${LIMITS}; 1 already over grew`);
    expect(result.findings.map((f) => [f.function, f.severity])).toEqual([["a", "fail"], ["b", "warn"], ["c", "fail"]]);
  });

  it("returns error, not an exception, when a file does not parse after the change", async () => {
    const result = await run([
      { path: "src/ok.ts", before: SMALL, after: SMALL },
      { path: "src/broken.ts", before: SMALL, after: "export function small(a) {\n  return (a;\n}\n" },
    ]);
    expect(result.status).toBe("error");
    expect(result.summary).toMatch(/^parse error after the change: src\/broken\.ts:2:\d+: /);
  });

  it("treats a file that did not parse before the change as having no baseline", async () => {
    const result = await run([{ path: "src/fixed.ts", before: "function (", after: orChain("big", 11) }]);
    expect(result.status).toBe("fail");
    expect(result.findings.map((f) => [f.function, f.cyclomaticBefore])).toEqual([["big", null]]);
  });

  it("fails closed on a Python file that cannot be analyzed", async () => {
    const result = await run([{ path: "tool.py", before: null, after: "def broken(:\n" }]);
    expect(result.status).toBe("error");
    expect(result.summary).toContain("tool.py");
  });

  it("returns error when aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const result = await complexityGate.run(input([{ path: "a.ts", before: null, after: SMALL }], {}, controller.signal));
    expect(result.status).toBe("error");
    expect(result.summary).toBe("aborted");
  });
});
