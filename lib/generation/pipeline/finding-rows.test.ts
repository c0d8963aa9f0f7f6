import { describe, expect, it } from "vitest";
import { findingRows } from "./gates-step";

describe("findingRows", () => {
  it("stores static-analysis problems by severity, invented members apart", () => {
    const rows = findingRows({
      gate: "static-analysis",
      status: "fail",
      summary: "",
      durationMs: 1,
      findings: [
        { kind: "introduced", tool: "tsc", rule: "TS2339", severity: "error", file: "src/a.ts", line: 4, inventedMember: true },
        { kind: "introduced", tool: "tsc", rule: "TS2554", severity: "error", file: "src/a.ts", line: 5, inventedMember: false },
        { kind: "introduced", tool: "eslint", rule: "no-shadow", severity: "warning", file: "a.js", line: 2, inventedMember: false },
      ],
    });
    expect(rows.map((r) => `${r.kind}@${r.file}:${r.line}`)).toEqual(["invented-member@src/a.ts:4", "error@src/a.ts:5", "warning@a.js:2"]);
  });
});
