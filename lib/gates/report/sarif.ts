/** SARIF 2.1.0 log of gate results: one run, tool "gatehouse", one rule per gate × finding kind. */
import type { GateName, GateResult, GateStatus } from "../types";
import { viewFinding, type Location } from "./finding-view";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

export type SarifLevel = "error" | "warning" | "note";

export interface SarifOptions {
  toolVersion?: string;
}

interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { gate: GateName };
}

interface SarifPhysicalLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId: string };
    region?: { startLine: number; startColumn?: number };
  };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations?: SarifPhysicalLocation[];
  relatedLocations?: Array<SarifPhysicalLocation & { id: number; message: { text: string } }>;
  properties: { gate: GateName; gateStatus: GateStatus };
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: Array<{
    tool: { driver: { name: string; version?: string; rules: SarifRule[] } };
    invocations: Array<{ executionSuccessful: boolean }>;
    results: SarifResult[];
    properties: { gates: Array<{ gate: GateName; status: GateStatus; summary: string; score?: number }> };
  }>;
}

const KIND_TEXT: Record<string, string> = {
  "dependencies/not-found": "Imported package does not exist in the registry",
  "dependencies/version-not-found": "Requested package version does not exist",
  "dependencies/undeclared": "Package used but not declared as a dependency",
  "dependencies/deprecated": "Package is deprecated",
  "dependencies/suspicious": "Package looks suspicious (e.g. a typosquat)",
  "complexity/threshold-crossed": "Function crossed a complexity threshold",
  "complexity/complexity-increase": "Function already over a complexity threshold grew",
  "complexity/new-complex-function": "New function is over a complexity threshold",
  "error-contract/changed": "Error text changed while code relies on it",
  "error-contract/removed": "Error text removed",
  "error-contract/added": "Error text added",
  "tests/newly-failing": "Test fails after the change",
  "tests/already-failing": "Test already failed at the base commit",
  "tests/timed-out": "Test run hit the time limit (or the hang rule)",
  "tests/flaky": "Test failed on some runs only (flaky): not counted as failing",
  "tests/not-run": "The test suite did not run (runner missing, config or collection error, no test)",
  "tests/run-failed": "Every test passed but the test command failed",
  "tests/limit-hit": "A sandbox limit (memory, processes, CPU, file size, /tmp) stopped the test run",
  "static-analysis/gate-fail": "The change introduced static-analysis errors",
  "static-analysis/gate-error": "An analyser could not run",
};

export function toSarif(results: readonly GateResult[], opts: SarifOptions = {}): SarifLog {
  const rules: SarifRule[] = [];
  const ruleIndex = new Map<string, number>();
  const ruleFor = (gate: GateName, kind: string, level: SarifLevel): number => {
    const id = `${gate}/${kind}`;
    let idx = ruleIndex.get(id);
    if (idx === undefined) {
      idx = rules.length;
      ruleIndex.set(id, idx);
      rules.push({
        id,
        name: pascal(`${gate}-${kind}`),
        shortDescription: { text: KIND_TEXT[id] ?? `${gate} gate: ${kind.replace(/-/g, " ")}` },
        defaultConfiguration: { level },
        properties: { gate },
      });
    }
    return idx;
  };

  const out: SarifResult[] = [];
  for (const r of results) {
    const findings = r.findings ?? [];
    const views = findings.map((f) => viewFinding(r.gate, f));
    for (const v of views) {
      const level = v.level ?? (v.informational ? "note" : v.warningOnly ? "warning" : levelFor(r.status));
      const res: SarifResult = {
        ruleId: `${r.gate}/${v.kind}`,
        ruleIndex: ruleFor(r.gate, v.kind, level),
        level,
        message: { text: v.message },
        properties: { gate: r.gate, gateStatus: r.status },
      };
      if (v.location) res.locations = [physical(v.location)];
      if (v.related.length) {
        res.relatedLocations = v.related.map((l, i) => ({ id: i + 1, ...physical(l), message: { text: "relies on it" } }));
      }
      out.push(res);
    }
    // A gate that errored, or failed/warned without a finding to show it, still needs one result.
    const explained = views.some((v) => !v.informational);
    if (r.status === "error" || ((r.status === "fail" || r.status === "warn") && !explained)) {
      const kind = `gate-${r.status}`;
      const level: SarifLevel = r.status === "warn" ? "warning" : "error";
      out.push({
        ruleId: `${r.gate}/${kind}`,
        ruleIndex: ruleFor(r.gate, kind, level),
        level,
        message: { text: `${r.gate}: ${r.summary || r.status}` },
        properties: { gate: r.gate, gateStatus: r.status },
      });
    }
  }

  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "gatehouse", ...(opts.toolVersion ? { version: opts.toolVersion } : {}), rules } },
        invocations: [{ executionSuccessful: !results.some((r) => r.status === "error") }],
        results: out,
        properties: {
          gates: results.map((r) => ({
            gate: r.gate,
            status: r.status,
            summary: r.summary,
            ...(typeof r.score === "number" ? { score: r.score } : {}),
          })),
        },
      },
    ],
  };
}

function levelFor(status: GateStatus): SarifLevel {
  if (status === "fail") return "error";
  if (status === "warn" || status === "error") return "warning";
  return "note";
}

function physical(loc: Location): SarifPhysicalLocation {
  return {
    physicalLocation: {
      // Relative URI reference against the repository root; segments percent-encoded.
      artifactLocation: { uri: loc.file.split("/").map(encodeURIComponent).join("/"), uriBaseId: "%SRCROOT%" },
      ...(loc.line ? { region: { startLine: loc.line, ...(loc.column ? { startColumn: loc.column } : {}) } } : {}),
    },
  };
}

function pascal(s: string): string {
  return s
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join("");
}
