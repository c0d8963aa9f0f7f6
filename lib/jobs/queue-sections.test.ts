import { describe, expect, it } from "vitest";
import { rowReason, sectionRows } from "./queue-sections";

const row = (id: string, status: string, group: number, blockedBy: string[] | null = null, statusReason: string | null = null) => ({
  id,
  status,
  group,
  blockedBy,
  statusReason,
});

describe("queue sections", () => {
  it("puts approvable jobs before blocked ones, then conflicts, work in progress and finished jobs, keeping the order inside each", () => {
    const rows = [
      row("a", "awaiting_review", 0, ["dependencies gate failed"]),
      row("b", "conflict", 0),
      row("c", "awaiting_review", 0, []),
      row("d", "awaiting_review", 0, ["tests gate failed"]),
      row("e", "awaiting_review", 0, []),
      row("f", "generating", 1),
      row("g", "merged", 2),
    ];
    expect(sectionRows(rows).map((r) => `${r.row.id}:${r.section}`)).toEqual([
      "c:approvable",
      "e:approvable",
      "a:blocked",
      "d:blocked",
      "b:conflict",
      "f:in-progress",
      "g:finished",
    ]);
  });

  it("gives the first policy reason with a count of the rest, else the status reason", () => {
    expect(rowReason(row("a", "awaiting_review", 0, ["dependencies gate failed: lodahs", "tests gate failed"]))).toBe(
      "dependencies gate failed: lodahs (+1 more)",
    );
    expect(rowReason(row("b", "awaiting_review", 0, ["complexity gate failed"], "gates finished"))).toBe("complexity gate failed");
    expect(rowReason(row("c", "awaiting_review", 0, [], "gates finished"))).toBeNull();
    expect(rowReason(row("d", "failed", 2, null, "no provider for tier fast"))).toBe("no provider for tier fast");
    expect(rowReason(row("e", "merged", 2, null, "  "))).toBeNull();
  });
});
