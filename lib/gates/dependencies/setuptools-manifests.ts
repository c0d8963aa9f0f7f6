/**
 * Dependencies declared the setuptools way: `setup.cfg` ([options] install_requires / setup_requires /
 * tests_require, [options.extras_require]) and `setup.py` (the same keywords of `setup(...)` written as
 * literal lists of strings). setup.py is code; only literal requirement strings are read, never run.
 */
import { lineIndex } from "../../parsers/line-index";
import { blankStringsAndComments } from "./extract-python-imports";
import { parseRequirement } from "./python-requirement";
import type { ManifestEntry } from "./types";

const CFG_REQUIREMENT_KEYS = new Set(["install_requires", "setup_requires", "tests_require"]);

/** setup.cfg: INI with values continued on indented lines. */
export function setupCfgEntries(text: string): ManifestEntry[] {
  const entries: ManifestEntry[] = [];
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let section = "";
  let collecting = false;
  const take = (value: string, line: number): void => {
    const requirement = value.replace(/\s[#;].*$/, "").trim();
    // `file: requirements.txt` / `attr: …` directives point elsewhere (a requirements file is read on its own).
    if (!requirement || /^[#;]/.test(requirement) || /^(file|attr)\s*:/.test(requirement)) return;
    const entry = parseRequirement(requirement, line);
    if (entry) entries.push(entry);
  };
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i];
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = header[1].trim().toLowerCase();
      collecting = false;
      continue;
    }
    if (collecting && /^\s+\S/.test(raw)) {
      take(raw, i + 1);
      continue;
    }
    const pair = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(raw);
    collecting = false;
    if (!pair) continue;
    const key = pair[1].toLowerCase();
    if ((section === "options" && CFG_REQUIREMENT_KEYS.has(key)) || section === "options.extras_require") {
      collecting = true;
      take(pair[2], i + 1);
    }
  }
  return entries;
}

const PY_REQUIREMENT_KEYWORD = /\b(install_requires|setup_requires|tests_require|extras_require)\s*=\s*([[({])/g;
const STRING_LITERAL = /[rRuU]?(["'])([^"'\\\n]*)\1/g;

/** setup.py: string literals inside the requirement keywords' literal lists (and extras_require's lists). */
export function setupPyEntries(text: string): ManifestEntry[] {
  const source = text.replace(/\r\n/g, "\n");
  // Strings blanked: brackets inside them cannot unbalance the scan; the literals are read from `source`.
  const code = blankStringsAndComments(source);
  const lineAt = lineIndex(source);
  const entries: ManifestEntry[] = [];
  for (const m of code.matchAll(PY_REQUIREMENT_KEYWORD)) {
    const open = (m.index ?? 0) + m[0].length - 1;
    const close = matchingBracket(code, open);
    if (close < 0) continue;
    // extras_require: only the strings inside its lists are requirements (the dict keys are extra names).
    const spans = m[1] === "extras_require" ? listSpans(code, open + 1, close) : [[open + 1, close] as const];
    for (const [from, to] of spans) {
      for (const lit of source.slice(from, to).matchAll(STRING_LITERAL)) {
        const entry = parseRequirement(lit[2], lineAt(from + (lit.index ?? 0)));
        if (entry) entries.push(entry);
      }
    }
  }
  return entries;
}

function matchingBracket(code: string, open: number): number {
  let depth = 0;
  for (let i = open; i < code.length; i++) {
    if ("[({".includes(code[i])) depth++;
    else if ("])}".includes(code[i]) && --depth === 0) return i;
  }
  return -1;
}

function listSpans(code: string, from: number, to: number): Array<readonly [number, number]> {
  const spans: Array<readonly [number, number]> = [];
  for (let i = from; i < to; i++) {
    if (code[i] !== "[" && code[i] !== "(") continue;
    const end = matchingBracket(code, i);
    if (end < 0 || end > to) break;
    spans.push([i + 1, end]);
    i = end;
  }
  return spans;
}
