import type { ChangedFile, Gate, GateInput, GateResult, GateStatus } from "../types";
import type { CandidateStore } from "./candidate-cache";
import { findConsumers, type ConsumerSearchStats, type ConsumerTarget, type ExcludedSpan } from "./consumers";
import { BUILTIN_ERROR_CLASSES, errorClassOfSite } from "./error-names";
import { extractErrorContract, isContractSourcePath, type ExtractOptions } from "./extract";
import { repoErrorClasses } from "./repo-error-classes";
import { isTestPath } from "../path-roles";
import { findingsFromPairs } from "./findings";
import { pairEntries } from "./pair";
import { ContractParseError } from "./parse-error";
import { emptyStats, RepoReadError, resolveCommit } from "./repo-files";
import { failSummary, hasBrokenConsumers, passSummary, warnSummary } from "./summary";
import type { ContractEntry, ContractFinding } from "./types";

interface FileContract {
  file: ChangedFile;
  before: ContractEntry[];
  after: ContractEntry[];
}

async function extractBoth(file: ChangedFile, options: ExtractOptions): Promise<FileContract> {
  const before = file.before === null ? [] : await extractErrorContract(file.path, file.before, options);
  const after = file.after === null ? [] : await extractErrorContract(file.path, file.after, options);
  return { file, before, after };
}

/** Functions of the old contract whose name still appears in the new text (they survived the change). */
function survivingFunctions(before: ContractEntry[], afterText: string | null): string[] {
  if (afterText === null) return [];
  const names = new Set(before.map((e) => e.functionName).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n)));
  return [...names].filter((n) => new RegExp(`(^|[^\\w$])${n.replace(/\$/g, "\\$")}([^\\w$]|$)`).test(afterText));
}

/** Old texts whose consumers are searched: changed/removed messages, codes and custom class names. */
function consumerTargets(findings: ContractFinding[]): Map<string, ContractFinding> {
  const targets = new Map<string, ContractFinding>();
  findings.forEach((finding, index) => {
    if (finding.kind === "added" || finding.before === null || finding.entryKind === "http") return;
    if (finding.entryKind === "class" && BUILTIN_ERROR_CLASSES.has(finding.before)) return;
    targets.set(String(index), finding);
  });
  return targets;
}

/** Per changed file, the messages it produced before and still produces after the change. */
function unchangedMessagesByFile(contracts: FileContract[]): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  for (const { file, before, after } of contracts) {
    const old = new Set(before.filter((e) => e.kind === "message").map((e) => e.text));
    byFile.set(file.path, [...new Set(after.filter((e) => e.kind === "message" && old.has(e.text)).map((e) => e.text))]);
  }
  return byFile;
}

function statusOf(findings: ContractFinding[]): GateStatus {
  if (findings.some(hasBrokenConsumers)) return "fail";
  if (findings.some((finding) => finding.kind !== "added")) return "warn";
  return "pass";
}

function describeError(error: unknown): string {
  if (error instanceof ContractParseError) return `cannot parse ${error.file}:${error.line}: ${error.detail}`;
  if (error instanceof RepoReadError) return `cannot read repository: ${error.message}`;
  if (error instanceof Error && error.name === "AbortError") return "aborted";
  return `error-contract gate failed: ${error instanceof Error ? error.message : String(error)}`;
}

async function runGate(input: GateInput, started: number, gateOptions: ErrorContractGateOptions): Promise<GateResult<ContractFinding>> {
  const done = (status: GateStatus, summary: string, findings: ContractFinding[], extra: Record<string, unknown> = {}) => ({
    gate: "error-contract" as const,
    status,
    summary,
    findings,
    durationMs: Date.now() - started,
    ...extra,
  });
  // Tests consume the contract (their expected messages are checked as consumers), they do not define it.
  const sources = input.files.filter((file) => !file.binary && isContractSourcePath(file.path) && !isTestPath(file.path));
  if (sources.length === 0) return done("skipped", "no JavaScript, TypeScript or Python file changed outside tests", []);
  input.signal?.throwIfAborted();
  const commit = await resolveCommit(input.repoDir, input.baseCommit, emptyStats(), input.signal);

  const options: ExtractOptions = { knownErrorClasses: await repoErrorClasses(input.repoDir, commit, input.signal) };
  const contracts = await Promise.all(sources.map((file) => extractBoth(file, options)));
  const findings = findingsFromPairs(
    contracts.flatMap(({ file, before, after }) =>
      pairEntries(before, after, { functionsAfter: survivingFunctions(before, file.after) }),
    ),
  );
  const targets = consumerTargets(findings);
  let searchStats: ConsumerSearchStats | undefined;
  if (targets.size > 0) {
    const unchangedMessages = unchangedMessagesByFile(contracts);
    const query: ConsumerTarget[] = [...targets].map(([id, finding]) => ({
      id,
      kind: finding.entryKind as ConsumerTarget["kind"],
      before: finding.before as string,
      after: finding.after,
      errorClass: finding.entryKind === "message" ? errorClassOfSite(finding.site) : undefined,
      alsoProduced: finding.entryKind === "message" ? unchangedMessages.get(finding.file) : undefined,
    }));
    // Changed files are searched at their new text: a consumer the change already updated is not broken.
    const overrides = new Map(input.files.filter((file) => !file.binary).map((file) => [file.path, file.after] as const));
    const exclude: ExcludedSpan[] = contracts.flatMap(({ after }) =>
      after.map((entry) => ({ file: entry.file, line: entry.line, endLine: entry.endLine ?? entry.line })),
    );
    const search = await findConsumers(input.repoDir, input.baseCommit, query, { overrides, exclude, signal: input.signal, candidates: gateOptions.candidates });
    searchStats = search.stats;
    for (const [id, finding] of targets) finding.consumers = search.consumers.get(id) ?? [];
  }

  const status = statusOf(findings);
  const summary = status === "fail" ? failSummary(findings) : status === "warn" ? warnSummary(findings) : passSummary(findings);
  return done(status, summary, findings, {
    changed: findings.filter((f) => f.kind === "changed").length,
    removed: findings.filter((f) => f.kind === "removed").length,
    added: findings.filter((f) => f.kind === "added").length,
    brokenConsumers: findings.reduce((sum, f) => sum + f.consumers.filter((c) => c.broken).length, 0),
    ...(searchStats ? { consumerSearch: searchStats } : {}),
  });
}

export interface ErrorContractGateOptions {
  /** Where the consumer search keeps repository files' candidates (default: this process's memory; null: nowhere). */
  candidates?: CandidateStore | null;
}

/**
 * Error-contract gate: compares the error contract (messages, classes, codes, HTTP errors, error logs) of changed
 * JS/TS/Python files before and after, and looks for consumers of every changed or removed text across the
 * repository. fail = a change breaks a consumer, warn = changes without known consumers, pass = only additions.
 */
export function createErrorContractGate(options: ErrorContractGateOptions = {}): Gate {
  return {
    name: "error-contract",
    async run(input: GateInput): Promise<GateResult> {
      const started = Date.now();
      try {
        return await runGate(input, started, options);
      } catch (error) {
        return {
          gate: "error-contract",
          status: "error",
          summary: describeError(error),
          findings: [],
          durationMs: Date.now() - started,
        };
      }
    },
  };
}

export const errorContractGate: Gate = createErrorContractGate();
