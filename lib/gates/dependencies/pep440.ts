/**
 * A small PEP 440 implementation: version parsing/ordering and the specifiers `==`, `!=`, `>=`, `<=`, `>`, `<`,
 * `~=`, `===`, with `==1.*` / `!=1.*` wildcards. Enough to tell whether any published version satisfies a range.
 */

export interface Pep440Version {
  epoch: number;
  release: number[];
  /** ["a" | "b" | "rc", n] */
  pre?: [string, number];
  post?: number;
  dev?: number;
  local?: string;
}

const VERSION_PATTERN =
  /^v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|alpha|b|beta|c|rc|pre|preview)[-_.]?(\d*))?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d*))?(?:[-_.]?(dev)[-_.]?(\d*))?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?$/i;

function preLabel(raw: string): string {
  const label = raw.toLowerCase();
  if (label === "alpha") return "a";
  if (label === "beta") return "b";
  if (label === "c" || label === "pre" || label === "preview") return "rc";
  return label;
}

export function parsePep440(text: string): Pep440Version | undefined {
  const match = VERSION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const version: Pep440Version = {
    epoch: match[1] ? Number(match[1]) : 0,
    release: match[2].split(".").map(Number),
  };
  if (match[3]) version.pre = [preLabel(match[3]), Number(match[4] || 0)];
  if (match[5] !== undefined) version.post = Number(match[5]);
  else if (match[6]) version.post = Number(match[7] || 0);
  if (match[8]) version.dev = Number(match[9] || 0);
  if (match[10]) version.local = match[10].toLowerCase().replace(/[-_]/g, ".");
  return version;
}

function compareRelease(a: number[], b: number[]): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}

const PRE_ORDER: Record<string, number> = { a: 0, b: 1, rc: 2 };

/** Sort key of the pre/post/dev part, following PEP 440's ordering rules. */
function phaseKey(v: Pep440Version): number[] {
  // dev-only releases sort before any pre-release of the same release.
  const pre = v.pre ? [PRE_ORDER[v.pre[0]] ?? 0, v.pre[1]] : v.dev !== undefined && v.post === undefined ? [-1, 0] : [3, 0];
  const post = v.post !== undefined ? [1, v.post] : [0, 0];
  const dev = v.dev !== undefined ? [0, v.dev] : [1, 0];
  return [...pre, ...post, ...dev];
}

function compareLocal(a?: string, b?: string): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const [x, y] = [pa[i], pb[i]];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny && Number(x) !== Number(y)) return Math.sign(Number(x) - Number(y));
    if (nx !== ny) return nx ? 1 : -1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

export function comparePep440(a: Pep440Version, b: Pep440Version, ignoreLocal = false): number {
  if (a.epoch !== b.epoch) return Math.sign(a.epoch - b.epoch);
  const release = compareRelease(a.release, b.release);
  if (release !== 0) return release;
  const ka = phaseKey(a);
  const kb = phaseKey(b);
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return Math.sign(ka[i] - kb[i]);
  return ignoreLocal ? 0 : compareLocal(a.local, b.local);
}

export function isPreRelease(v: Pep440Version): boolean {
  return v.pre !== undefined || v.dev !== undefined;
}

export interface Pep440Specifier {
  operator: "==" | "!=" | ">=" | "<=" | ">" | "<" | "~=" | "===";
  version: string;
}

/** Parses `>=1.2,<2; python_version>"3"` style specifier sets (markers ignored); undefined if malformed. */
export function parseSpecifierSet(text: string): Pep440Specifier[] | undefined {
  const withoutMarker = text.split(";")[0].trim();
  if (withoutMarker === "") return [];
  const specifiers: Pep440Specifier[] = [];
  for (const part of withoutMarker.split(",")) {
    const match = /^\s*(===|==|!=|~=|>=|<=|>|<)\s*([^\s,]+)\s*$/.exec(part);
    if (!match) return undefined;
    const operator = match[1] as Pep440Specifier["operator"];
    const version = match[2];
    if (operator !== "===" && !parsePep440(version.replace(/\.\*$/, ""))) return undefined;
    specifiers.push({ operator, version });
  }
  return specifiers;
}

function wildcardMatches(candidate: Pep440Version, prefixText: string): boolean {
  const prefix = parsePep440(prefixText);
  if (!prefix || candidate.epoch !== prefix.epoch) return false;
  const release = prefix.release;
  for (let i = 0; i < release.length; i++) if ((candidate.release[i] ?? 0) !== release[i]) return false;
  return true;
}

function compatibleMatches(candidate: Pep440Version, spec: Pep440Version): boolean {
  if (spec.release.length < 2) return false; // `~=1` is invalid per PEP 440
  if (comparePep440(candidate, spec, true) < 0) return false;
  const prefix = spec.release.slice(0, -1);
  if (candidate.epoch !== spec.epoch) return false;
  return prefix.every((part, i) => (candidate.release[i] ?? 0) === part);
}

function sameRelease(a: Pep440Version, b: Pep440Version): boolean {
  return a.epoch === b.epoch && compareRelease(a.release, b.release) === 0;
}

export function matchesSpecifier(candidateText: string, spec: Pep440Specifier): boolean {
  if (spec.operator === "===") return candidateText.trim().toLowerCase() === spec.version.toLowerCase();
  const candidate = parsePep440(candidateText);
  if (!candidate) return false;
  const wildcard = spec.version.endsWith(".*");
  if (wildcard && (spec.operator === "==" || spec.operator === "!=")) {
    const matches = wildcardMatches(candidate, spec.version.slice(0, -2));
    return spec.operator === "==" ? matches : !matches;
  }
  const target = parsePep440(spec.version);
  if (!target) return false;
  // A specifier without a local label matches candidates with any local label.
  const cmp = comparePep440(candidate, target, target.local === undefined);
  switch (spec.operator) {
    case "==":
      return cmp === 0;
    case "!=":
      return cmp !== 0;
    case ">=":
      return cmp >= 0;
    case "<=":
      return cmp <= 0;
    case ">":
      // `>1.7` excludes post-releases of 1.7 unless the specifier is itself a post-release.
      return cmp > 0 && !(candidate.post !== undefined && target.post === undefined && sameRelease(candidate, target));
    case "<":
      // `<1.7` excludes pre-releases of 1.7 unless the specifier is itself a pre-release.
      return cmp < 0 && !(isPreRelease(candidate) && !isPreRelease(target) && sameRelease(candidate, target));
    case "~=":
      return compatibleMatches(candidate, target);
  }
}

export function satisfiesAll(candidate: string, specifiers: readonly Pep440Specifier[]): boolean {
  return specifiers.every((spec) => matchesSpecifier(candidate, spec));
}

/** Highest version of `versions` satisfying every specifier (pre-releases only when nothing final matches). */
export function maxSatisfyingPep440(versions: readonly string[], specifiers: readonly Pep440Specifier[]): string | undefined {
  const matching = versions
    .map((text) => ({ text, parsed: parsePep440(text) }))
    .filter((v): v is { text: string; parsed: Pep440Version } => v.parsed !== undefined)
    .filter((v) => satisfiesAll(v.text, specifiers))
    .sort((a, b) => comparePep440(b.parsed, a.parsed));
  return (matching.find((v) => !isPreRelease(v.parsed)) ?? matching[0])?.text;
}

export function latestPep440(versions: readonly string[]): string | undefined {
  return maxSatisfyingPep440(versions, []);
}
