/** SARIF 2.1.0 logs from any analyser, read leniently: only what the gate needs. */
import { z } from "zod";
import type { Diagnostic, Severity } from "../types";

const Region = z.object({ startLine: z.number().optional(), startColumn: z.number().optional(), endLine: z.number().optional(), endColumn: z.number().optional() }).passthrough();
const Location = z
  .object({
    physicalLocation: z
      .object({ artifactLocation: z.object({ uri: z.string().optional() }).passthrough().optional(), region: Region.optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();
const Rule = z.object({ id: z.string(), defaultConfiguration: z.object({ level: z.string().optional() }).passthrough().optional() }).passthrough();
const Result = z
  .object({
    ruleId: z.string().optional(),
    ruleIndex: z.number().optional(),
    rule: z.object({ id: z.string().optional(), index: z.number().optional() }).passthrough().optional(),
    kind: z.string().optional(),
    level: z.string().optional(),
    message: z.object({ text: z.string().optional(), markdown: z.string().optional(), id: z.string().optional() }).passthrough(),
    locations: z.array(Location).optional(),
    partialFingerprints: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();
const Log = z
  .object({
    version: z.string().optional(),
    runs: z.array(
      z
        .object({
          tool: z.object({ driver: z.object({ name: z.string(), rules: z.array(Rule).optional() }).passthrough() }).passthrough(),
          results: z.array(Result).nullable().optional(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

export interface SarifParse {
  diagnostics: Diagnostic[];
  /** Names of the tools (runs) in the log. */
  drivers: string[];
}

function level(value: string | undefined): Severity {
  if (value === "error") return "error";
  if (value === "note" || value === "none") return "note";
  return "warning";
}

/** `file:///abs/path` or a relative URI → a plain path (percent-decoded). */
export function sarifUriToPath(uri: string): string {
  let p = uri;
  if (/^file:/i.test(p)) {
    try {
      p = new URL(p).pathname;
    } catch {
      p = p.replace(/^file:(\/\/)?/i, "");
    }
  }
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

export function parseSarif(text: string): SarifParse {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error("the output is not JSON (expected a SARIF log)");
  }
  const parsed = Log.safeParse(json);
  if (!parsed.success) throw new Error(`not a SARIF log: ${parsed.error.issues[0]?.path.join(".") || "shape"} ${parsed.error.issues[0]?.message ?? ""}`.trim());
  const diagnostics: Diagnostic[] = [];
  for (const run of parsed.data.runs) {
    const rules = run.tool.driver.rules ?? [];
    for (const r of run.results ?? []) {
      if (r.kind && !["fail", "review", "open"].includes(r.kind)) continue; // pass, notApplicable, informational
      const index = r.ruleIndex ?? r.rule?.index;
      const rule = r.ruleId ?? r.rule?.id ?? (index !== undefined ? rules[index]?.id : undefined) ?? run.tool.driver.name;
      const ruleDef = rules.find((d) => d.id === rule);
      const phys = r.locations?.[0]?.physicalLocation;
      const region = phys?.region;
      const uri = phys?.artifactLocation?.uri;
      diagnostics.push({
        tool: "sarif",
        rule,
        message: r.message.text ?? r.message.markdown ?? r.message.id ?? rule,
        severity: level(r.level ?? ruleDef?.defaultConfiguration?.level),
        file: uri ? sarifUriToPath(uri) : null,
        line: region?.startLine ?? null,
        column: region?.startColumn ?? null,
        ...(region?.endLine ? { endLine: region.endLine } : {}),
        ...(region?.endColumn ? { endColumn: region.endColumn } : {}),
        ...(r.partialFingerprints && Object.keys(r.partialFingerprints).length ? { partialFingerprints: r.partialFingerprints } : {}),
      });
    }
  }
  return { diagnostics, drivers: parsed.data.runs.map((r) => r.tool.driver.name) };
}
