/** Gate registry and runner: runs the requested gates concurrently and returns results in canonical order. */
import { overallStatus } from "./report/overall";
import { GATE_NAMES, type Gate, type GateInput, type GateName, type GateResult, type GateStatus } from "./types";

export { overallStatus };

/**
 * Each gate's module, loaded when the gate first runs: a CLI run of three gates does not load the tests
 * gate's sandbox or the static-analysis tool runners (every gate object at once: ./all-gates).
 */
export const GATE_LOADERS: Readonly<Record<GateName, () => Promise<Gate>>> = {
  tests: async () => (await import("./tests/gate")).testsGate,
  dependencies: async () => (await import("./dependencies/gate")).dependenciesGate,
  complexity: async () => (await import("./complexity/gate")).complexityGate,
  "error-contract": async () => (await import("./error-contract/gate")).errorContractGate,
  "static-analysis": async () => (await import("./static-analysis/gate")).staticAnalysisGate,
};

export function isGateName(name: string): name is GateName {
  return (GATE_NAMES as readonly string[]).includes(name);
}

export type GateProgress =
  | { gate: GateName; phase: "start" }
  | { gate: GateName; phase: "done"; result: GateResult };

export interface RunGatesOptions {
  onProgress?: (event: GateProgress) => void;
  /** Replaces gates of the registry (e.g. a tests gate with a DB-backed baseline cache). */
  gates?: Partial<Record<GateName, Gate>>;
}

const STATUSES: readonly GateStatus[] = ["pass", "warn", "fail", "error", "skipped"];

/**
 * Runs `names` (default: all) at once — the tests gate spends its time in child processes, the
 * others in registry lookups and parsing — and returns one result per gate in canonical order.
 * A gate that throws or returns garbage becomes status "error"; this function does not throw for gate failures.
 */
export async function runGates(
  input: GateInput,
  names: readonly GateName[] = GATE_NAMES,
  opts: RunGatesOptions = {},
): Promise<GateResult[]> {
  const unknown = names.filter((n) => !isGateName(n));
  if (unknown.length) throw new TypeError(`unknown gate: ${unknown.join(", ")}`);
  const wanted = GATE_NAMES.filter((n) => names.includes(n));
  return Promise.all(wanted.map((name) => runOne(() => opts.gates?.[name] ?? GATE_LOADERS[name](), name, input, opts.onProgress)));
}

async function runOne(
  gateOf: () => Gate | Promise<Gate>,
  name: GateName,
  input: GateInput,
  onProgress: RunGatesOptions["onProgress"],
): Promise<GateResult> {
  const started = Date.now();
  notify(onProgress, { gate: name, phase: "start" });
  let result: GateResult;
  try {
    const gate = await gateOf();
    result = normalize(name, await gate.run(input), started);
  } catch (err) {
    result = {
      gate: name,
      status: "error",
      summary: `${name} gate crashed: ${err instanceof Error ? err.message : String(err)}`.replace(/\s*\n\s*/g, " "),
      findings: [],
      durationMs: Date.now() - started,
    };
  }
  notify(onProgress, { gate: name, phase: "done", result });
  return result;
}

/** Fail closed on a malformed result: an unknown status must never read as a pass. */
function normalize(name: GateName, result: GateResult | undefined, started: number): GateResult {
  if (!result || typeof result !== "object" || !STATUSES.includes(result.status)) {
    return {
      gate: name,
      status: "error",
      summary: `${name} gate returned an invalid result`,
      findings: [],
      durationMs: Date.now() - started,
    };
  }
  return {
    ...result,
    gate: name,
    summary: typeof result.summary === "string" ? result.summary : "",
    findings: Array.isArray(result.findings) ? result.findings : [],
    durationMs: typeof result.durationMs === "number" ? result.durationMs : Date.now() - started,
  };
}

function notify(onProgress: RunGatesOptions["onProgress"], event: GateProgress): void {
  try {
    onProgress?.(event);
  } catch {
    // a broken progress callback must not change gate results
  }
}

