import { describe, expect, it } from "vitest";
import { ALL_GATES } from "../gates/all-gates";
import { runGates, type GateProgress } from "../gates/index";
import { DEFAULT_POLICY, GATE_NAMES, type Gate, type GateInput, type GateName, type GateResult } from "../gates/types";

const INPUT: GateInput = { repoDir: "/nonexistent", baseCommit: "HEAD", diff: "", files: [], policy: DEFAULT_POLICY };

/** A gate that finishes after `ms` with `status`, recording when it started. */
function timedGate(name: GateName, ms: number, log: string[], status: GateResult["status"] = "pass"): Gate {
  return {
    name,
    async run() {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      return { gate: name, status, summary: `${name} ok`, findings: [], durationMs: ms };
    },
  };
}

describe("runGates", () => {
  it("registers the four gates under their names", () => {
    expect(Object.keys(ALL_GATES).sort()).toEqual([...GATE_NAMES].sort());
    for (const name of GATE_NAMES) expect(ALL_GATES[name].name).toBe(name);
  });

  it("runs gates concurrently and returns them in canonical order", async () => {
    const log: string[] = [];
    const gates = {
      tests: timedGate("tests", 60, log),
      dependencies: timedGate("dependencies", 40, log),
      complexity: timedGate("complexity", 1, log),
      "error-contract": timedGate("error-contract", 20, log, "warn"),
    };
    const results = await runGates(INPUT, ["error-contract", "complexity", "tests", "dependencies"], { gates });
    expect(results.map((r) => r.gate)).toEqual(["tests", "dependencies", "complexity", "error-contract"]);
    // every gate started before the first one finished
    expect(log.slice(0, 4).every((l) => l.startsWith("start"))).toBe(true);
    expect(results[3].status).toBe("warn");
  });

  it("turns a throwing gate or a malformed result into status error and reports progress", async () => {
    const events: GateProgress[] = [];
    const gates: Partial<Record<GateName, Gate>> = {
      complexity: {
        name: "complexity",
        run: async () => {
          throw new Error("parser exploded\nwith detail");
        },
      },
      dependencies: { name: "dependencies", run: async () => ({ gate: "dependencies", status: "ok" }) as unknown as GateResult },
    };
    const results = await runGates(INPUT, ["complexity", "dependencies"], {
      gates,
      onProgress: (e) => {
        events.push(e);
        throw new Error("progress callbacks cannot break the run");
      },
    });
    expect(results).toEqual([
      expect.objectContaining({ gate: "dependencies", status: "error", summary: "dependencies gate returned an invalid result" }),
      expect.objectContaining({ gate: "complexity", status: "error", summary: "complexity gate crashed: parser exploded with detail" }),
    ]);
    expect(events.filter((e) => e.phase === "start").map((e) => e.gate).sort()).toEqual(["complexity", "dependencies"]);
    expect(events.filter((e) => e.phase === "done")).toHaveLength(2);
  });

  it("rejects unknown gate names", async () => {
    await expect(runGates(INPUT, ["lint" as GateName])).rejects.toThrow(/unknown gate: lint/);
  });
});
