import type { Candidate, CandidateFilter } from "./candidates";

/** Config formats whose `regex:`/`pattern:`/`match:` values are read as regular expressions. */
const CONFIG_EXTENSIONS = new Set([
  "yml", "yaml", "json", "jsonc", "json5", "toml", "rules", "conf", "cfg", "ini", "properties", "alloy", "river", "hcl",
  "tf", "env", "xml",
]);

/**
 * Regex operators of PromQL/LogQL/Alertmanager and shells: `|~ "…"` (LogQL line filter, unanchored),
 * `label=~"…"` / `label!~"…"` (label matchers, fully anchored), `!~ "…"` after a selector (line filter).
 */
const OPERATOR = /(\w\s*)?(\|~|!~|=~)\s*("(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*')/g;
const REGEX_KEY = /^\s*(?:-\s+)?["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*(.*)$/;
const DOUBLE_QUOTED = /"(?:[^"\\]|\\.)*"/g;

function extensionOf(path: string): string {
  const match = /\.([^./]+)$/.exec(path);
  return match ? (match[1] ?? "").toLowerCase() : "";
}

/** Go/JSON style double-quoted string; escapes that mean something to the regex (`\s`, `\.`) are kept. */
function unquoteDouble(token: string): string {
  return token.slice(1, -1).replace(/\\(["\\/])/g, "$1");
}

function unquote(token: string): string {
  if (token.startsWith("`")) return token.slice(1, -1);
  if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'").replace(/\\'/g, "'");
  return unquoteDouble(token);
}

function isRegexKey(key: string): boolean {
  const lower = key.toLowerCase();
  return /regexp?|pattern/.test(lower) || /^(?:match|matches|must_match|line_match|message_match)$/.test(lower);
}

/** The value of `key: value` / `"key": "value",` / `key = 'value'`, unquoted; undefined for block scalars etc. */
function configValue(raw: string): string | undefined {
  const value = raw.trim().replace(/,$/, "").trim();
  if (value === "" || /^[|>{[]/.test(value)) return undefined;
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')/.exec(value);
  if (quoted) return unquote(quoted[1] ?? "");
  return value.replace(/\s+#.*$/, "");
}

function lineViews(line: string): string[] {
  // JSON files keep expressions inside escaped strings: "expr": "{app=\"web\"} |~ \"Invalid URL\""
  const views = [line];
  for (const token of line.match(DOUBLE_QUOTED) ?? []) {
    if (!token.includes("\\\"")) continue;
    try {
      views.push(JSON.parse(token) as string);
    } catch {
      // not JSON; the raw line is still searched
    }
  }
  return views;
}

function operatorRegexes(view: string, line: number, filter: CandidateFilter): Candidate[] {
  const found: Candidate[] = [];
  for (const match of view.matchAll(OPERATOR)) {
    const operator = match[2] ?? "";
    const source = unquote(match[3] ?? "");
    if (!filter.relevant(source)) continue;
    const anchored = operator === "=~" || (operator === "!~" && match[1] !== undefined);
    found.push({ type: "regex", source, flags: "", anchored, line });
  }
  return found;
}

/** Lines of docs/configs/other text, plus regexes found in alert and log-filter rules. */
export function textCandidates(path: string, text: string, filter: CandidateFilter): Candidate[] {
  const config = CONFIG_EXTENSIONS.has(extensionOf(path)) || /\.rules?\.ya?ml$/i.test(path);
  const found: Candidate[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (!filter.relevant(raw)) return;
    found.push({ type: "line", text: raw, line });
    const seen = new Set<string>();
    for (const view of lineViews(raw)) {
      const regexes = operatorRegexes(view, line, filter);
      if (config) {
        const keyed = REGEX_KEY.exec(view);
        const value = keyed && isRegexKey(keyed[1] ?? "") ? configValue(keyed[2] ?? "") : undefined;
        if (value !== undefined && filter.relevant(value)) regexes.push({ type: "regex", source: value, flags: "", anchored: false, line });
      }
      for (const candidate of regexes) {
        const key = candidate.type === "regex" ? `${candidate.anchored}:${candidate.source}` : "";
        if (seen.has(key)) continue;
        seen.add(key);
        found.push(candidate);
      }
    }
  });
  return found;
}
