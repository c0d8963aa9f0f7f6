/**
 * The one place the gate executes repository tools: every analyser runs through `runSandboxed` (uid
 * nobody, no network, the worktree writable, node_modules copy-on-write), and its output becomes
 * diagnostics with repository-relative paths and location fingerprints — or an error with the reason.
 */
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { SandboxLimits, SandboxProbe, SandboxRequest, SandboxResult } from "../../sandbox/types";
import { fingerprint } from "./fingerprint";
import { parseEslintJson } from "./parsers/eslint";
import { parseFlake8Output, parseMypyOutput, parsePyflakesOutput, parseRuffJson } from "./parsers/python";
import { parseSarif } from "./parsers/sarif";
import { parseTscOutput } from "./parsers/tsc";
import type { ToolInvocation } from "./plan";
import type { Diagnostic, ToolRunOutcome } from "./types";

/** The sandbox module's API (lib/sandbox), injectable for tests of what happens when it is unusable. */
export interface SandboxApi {
  runSandboxed(req: SandboxRequest): Promise<SandboxResult>;
  probeSandbox(): Promise<SandboxProbe>;
}

export interface ToolContext {
  worktree: string;
  /** The checkout's node_modules (real path), shown copy-on-write at `<worktree>/node_modules`. */
  nodeModules: string | null;
  sandbox: SandboxApi;
  timeoutMs: number;
  /** From Settings → Policy; the wall clock and CPU time come from `timeoutMs`. */
  limits?: Partial<SandboxLimits>;
  signal?: AbortSignal;
}

const MAX_OUTPUT = 32 * 1024 * 1024;
const SARIF_FILE = "gatehouse.sarif";

/** The gist of a tool's complaint: its lines without stack frames, cut to `max` characters. */
function tail(text: string, max = 600): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !/^at\s/.test(l) && !/^Traceback|^File "/.test(l));
  const t = lines.join(" · ");
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

export async function runTool(inv: ToolInvocation, ctx: ToolContext): Promise<ToolRunOutcome> {
  const started = Date.now();
  const done = (diagnostics: Diagnostic[], error?: string): ToolRunOutcome => ({
    id: inv.id,
    tool: inv.tool,
    command: inv.display,
    ...(error ? { error } : {}),
    diagnostics: error ? [] : diagnostics,
    durationMs: Date.now() - started,
  });
  if (inv.error) return done([], inv.error);
  if (inv.nodeModules && !ctx.nodeModules && inv.tool !== "sarif") return done([], `${inv.label} needs the checkout's node_modules, which does not exist`);

  const home = await fsp.mkdtemp(path.join(os.tmpdir(), "gatehouse-sa-home-"));
  try {
    const req: SandboxRequest = {
      argv: inv.argv,
      cwd: ctx.worktree,
      writable: [ctx.worktree],
      copyOnWrite: ctx.nodeModules ? [{ source: ctx.nodeModules, target: path.join(ctx.worktree, "node_modules") }] : [],
      home,
      env: { ...inv.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      limits: { ...ctx.limits, wallMs: ctx.timeoutMs, cpuSeconds: Math.max(1, Math.ceil(ctx.timeoutMs / 1000)) },
      maxOutputBytes: MAX_OUTPUT,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
    };
    let run: SandboxResult;
    try {
      run = await ctx.sandbox.runSandboxed(req);
    } catch (err) {
      return done([], `cannot start ${inv.label} in the sandbox: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (run.aborted) return done([], "aborted");
    if (run.limitHit) return done([], `${inv.label} ${run.limitHit.message}`);
    if (run.timedOut) return done([], `${inv.label} timed out after ${Math.round(ctx.timeoutMs / 1000)} s`);
    if (run.signal) return done([], `${inv.label} was killed by ${run.signal}${run.stderr.trim() ? `: ${tail(run.stderr)}` : ""}`);
    if (run.exitCode === 126 || run.exitCode === 127) return done([], `${inv.label} cannot start: ${tail(run.combined) || `exit code ${run.exitCode}`}`);

    let diagnostics: Diagnostic[];
    try {
      const sarifText = inv.format === "sarif" ? await fsp.readFile(path.join(home, SARIF_FILE), "utf8").catch(() => null) : null;
      diagnostics = parseOutput(inv, run, sarifText);
    } catch (err) {
      return done([], `${inv.label} ${err instanceof Error ? err.message : String(err)}`);
    }
    const roots = [...new Set([ctx.worktree, fs.realpathSync(ctx.worktree), run.homeInside, home].filter(Boolean))];
    for (const d of diagnostics) {
      d.file = relativize(d.file, roots);
      for (const root of roots) d.message = d.message.split(`${root}/`).join("").split(root).join("");
    }
    fingerprint(diagnostics, (file) => readInside(ctx.worktree, file));
    return done(diagnostics);
  } finally {
    await fsp.rm(home, { recursive: true, force: true }).catch(() => undefined);
  }
}

function relativize(file: string | null, roots: readonly string[]): string | null {
  if (!file) return null;
  for (const root of roots) if (file.startsWith(`${root}/`)) return file.slice(root.length + 1);
  return file.replace(/^\.\//, "");
}

/** A file of the worktree, never one outside it (a tool may report any path). */
function readInside(worktree: string, file: string): string | null {
  if (path.isAbsolute(file) || file.split("/").includes("..")) return null;
  try {
    return fs.readFileSync(path.join(worktree, file), "utf8");
  } catch {
    return null;
  }
}

function exitError(inv: ToolInvocation, run: SandboxResult): Error {
  return new Error(`exited with code ${run.exitCode}${run.combined.trim() ? `: ${tail(run.combined)}` : " and printed nothing"}`);
}

/** The tool's diagnostics, or a throw when the output says it crashed rather than reported problems. */
function parseOutput(inv: ToolInvocation, run: SandboxResult, sarifText: string | null): Diagnostic[] {
  const code = run.exitCode ?? -1;
  switch (inv.format) {
    case "tsc": {
      const diags = parseTscOutput(run.stdout);
      if (code === 0) return diags;
      const located = diags.filter((d) => d.file);
      if (located.length > 0) return diags;
      // Only project-level diagnostics (bad tsconfig, no inputs): tsc could not check the code.
      if (diags.length > 0) throw new Error(`could not check the project: ${diags.map((d) => `${d.rule}: ${d.message}`).join("; ")}`);
      throw exitError(inv, run);
    }
    case "eslint": {
      if (code !== 0 && code !== 1) throw exitError(inv, run);
      return parseEslintJson(run.stdout);
    }
    case "ruff":
      if (code !== 0) throw exitError(inv, run);
      return parseRuffJson(run.stdout);
    case "mypy":
    case "flake8":
    case "pyflakes": {
      const parse = inv.format === "mypy" ? parseMypyOutput : inv.format === "flake8" ? parseFlake8Output : parsePyflakesOutput;
      const diags = parse(inv.format === "pyflakes" ? run.combined : run.stdout);
      if (code === 0 || (code === 1 && diags.length > 0)) return diags;
      throw exitError(inv, run);
    }
    case "sarif": {
      const text = sarifText ?? run.stdout;
      if (!text.trim()) throw exitError(inv, run);
      try {
        return parseSarif(text).diagnostics;
      } catch (err) {
        throw new Error(`${err instanceof Error ? err.message : String(err)} (exit code ${code}${run.stderr.trim() ? `: ${tail(run.stderr, 300)}` : ""})`);
      }
    }
  }
}
