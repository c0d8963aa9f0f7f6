import semver from "semver";
import type { CachedEntry } from "./cache";
import { maxSatisfyingPep440, parseSpecifierSet } from "./pep440";
import { poetryConstraintToSpecifiers } from "./poetry-constraint";
import { nearPopularName } from "./typosquat";
import type { DependencyFinding, DependencyFindingKind, Ecosystem, PackageCheck } from "./types";
import { compareOrdinal } from "../../text/ordinal";

type FoundEntry = Extract<CachedEntry, { kind: "found" }>;

/** A package first published this recently is suspicious (hallucinated names get registered by squatters). */
export const NEW_PACKAGE_WINDOW_DAYS = 30;

/** Outcome of matching a range against published versions. */
type RangeMatch = { ok: true; version: string } | { ok: false; why: string };

function npmMatch(entry: FoundEntry, range: string): RangeMatch {
  const trimmed = range.trim();
  const latest = entry.distTags.latest ?? semver.maxSatisfying(entry.versions, "*", { loose: true }) ?? entry.versions[0];
  if (trimmed === "" || trimmed === "*" || trimmed === "x") return latest ? { ok: true, version: latest } : { ok: false, why: "no versions" };
  const tagged = entry.distTags[trimmed];
  if (tagged) return { ok: true, version: tagged };
  if (semver.validRange(trimmed, { loose: true }) === null) {
    return { ok: false, why: `"${trimmed}" is neither a valid semver range nor a dist-tag` };
  }
  const version = semver.maxSatisfying(entry.versions, trimmed, { loose: true });
  return version ? { ok: true, version } : { ok: false, why: `no published version satisfies "${trimmed}"` };
}

function pypiMatch(entry: FoundEntry, range: string): RangeMatch {
  const latest = entry.distTags.latest;
  if (range.trim() === "") return latest ? { ok: true, version: latest } : { ok: false, why: "no versions" };
  const poetry = range.startsWith("poetry:");
  const alternatives = poetry ? poetryConstraintToSpecifiers(range.slice(7)) : [parseSpecifierSet(range)];
  const shown = poetry ? range.slice(7) : range;
  if (!alternatives || alternatives.some((set) => set === undefined)) return { ok: false, why: `"${shown}" is not a valid version specifier` };
  for (const specifiers of alternatives) {
    const version = specifiers && maxSatisfyingPep440(entry.versions, specifiers);
    if (version) return { ok: true, version };
  }
  return { ok: false, why: `no published version satisfies "${shown}"` };
}

export function matchRange(ecosystem: Ecosystem, entry: FoundEntry, range: string): RangeMatch {
  return ecosystem === "npm" ? npmMatch(entry, range) : pypiMatch(entry, range);
}

interface Location {
  file: string;
  line: number;
}

export interface EvaluationContext {
  now: Date;
  /** Position of each changed file in the input, to order usages across files. */
  fileOrder: ReadonlyMap<string, number>;
}

function inOrder<T extends Location>(locations: readonly T[], order: ReadonlyMap<string, number>): T[] {
  return [...locations].sort(
    (a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || compareOrdinal(a.file, b.file) || a.line - b.line,
  );
}

function earliest<T extends Location>(locations: readonly T[], order: ReadonlyMap<string, number>): T | undefined {
  return inOrder(locations, order)[0];
}

function label(check: PackageCheck): string {
  const importNames = [...new Set(check.usages.map((usage) => usage.importName).filter((n) => n && n !== check.name))];
  return importNames.length ? `"${check.name}" (imported as ${importNames.map((n) => `"${n}"`).join(", ")})` : `"${check.name}"`;
}

const REGISTRY_NAME: Record<Ecosystem, string> = { npm: "the npm registry", pypi: "PyPI" };

/** Findings for one package, given what the registry said about it. */
export function evaluatePackage(check: PackageCheck, entry: CachedEntry, context: EvaluationContext): DependencyFinding[] {
  const first = earliest([...check.usages, ...check.ranges], context.fileOrder);
  if (!first) return [];
  const finding = (kind: DependencyFindingKind, at: Location, message: string): DependencyFinding => ({
    ecosystem: check.ecosystem,
    package: check.name,
    kind,
    file: at.file,
    line: at.line,
    message,
  });
  if (entry.kind === "not-found") {
    const why = entry.reason ? ` (${entry.reason})` : "";
    return [finding("not-found", first, `${label(check)} does not exist on ${REGISTRY_NAME[check.ecosystem]}${why}`)];
  }

  const findings: DependencyFinding[] = [];
  let resolvedVersion: string | undefined;
  for (const requested of inOrder(check.ranges, context.fileOrder)) {
    const match = matchRange(check.ecosystem, entry, requested.range);
    if (!match.ok) {
      findings.push(finding("version-not-found", requested, `${label(check)}: ${match.why}`));
      return findings; // the requested install fails; further advice would be noise
    }
    resolvedVersion ??= match.version;
  }
  if (!resolvedVersion) {
    const declaredRange = check.usages.find((usage) => usage.declaredRange !== undefined)?.declaredRange;
    const match = declaredRange !== undefined ? matchRange(check.ecosystem, entry, declaredRange) : undefined;
    resolvedVersion = match?.ok ? match.version : entry.distTags.latest;
  }

  const undeclaredUsages = check.usages.filter((usage) => !usage.declared);
  // Runtime code first: that is where a missing declaration breaks installs.
  const undeclared =
    earliest(undeclaredUsages.filter((usage) => (usage.context ?? "runtime") === "runtime"), context.fileOrder) ??
    earliest(undeclaredUsages, context.fileOrder);
  if (undeclared) {
    const where = check.ecosystem === "npm" ? "the nearest package.json" : "requirements*.txt or pyproject.toml";
    const usageContext = undeclared.context ?? "runtime";
    const why =
      usageContext === "runtime"
        ? "it works only while another package happens to install it"
        : usageContext === "test"
          ? "test code only"
          : "type checking only";
    findings.push({
      ...finding("undeclared", undeclared, `${label(check)} is imported but not declared in ${where} (${why})`),
      context: usageContext,
    });
  }

  const deprecation = resolvedVersion ? entry.deprecated[resolvedVersion] : undefined;
  if (deprecation) {
    findings.push(finding("deprecated", first, `${label(check)}@${resolvedVersion} is deprecated: ${deprecation}`));
  } else if (entry.inactive) {
    findings.push(finding("deprecated", first, `${label(check)} is marked "Development Status :: 7 - Inactive"`));
  }

  const reasons: string[] = [];
  if (entry.created) {
    const ageDays = (context.now.getTime() - Date.parse(entry.created)) / 86_400_000;
    if (ageDays < NEW_PACKAGE_WINDOW_DAYS) reasons.push(`first published ${Math.max(0, Math.floor(ageDays))} day(s) ago`);
  }
  const near = nearPopularName(check.ecosystem, check.name);
  if (near) reasons.push(`one edit away from the popular package "${near}"`);
  if (reasons.length) findings.push(finding("suspicious", first, `${label(check)} is suspicious: ${reasons.join("; ")}`));
  return findings;
}
