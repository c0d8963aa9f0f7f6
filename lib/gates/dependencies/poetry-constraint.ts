import { parsePep440, parseSpecifierSet, type Pep440Specifier } from "./pep440";

function bumpAt(release: number[], index: number): string {
  const bumped = release.slice(0, index + 1);
  bumped[index] = (bumped[index] ?? 0) + 1;
  return bumped.join(".");
}

/** `^1.2.3` → >=1.2.3,<2; `^0.2.3` → >=0.2.3,<0.3; `^0.0.3` → >=0.0.3,<0.0.4; `^0.0` → <0.1 (Poetry's caret). */
function caret(versionText: string): Pep440Specifier[] | undefined {
  const version = parsePep440(versionText);
  if (!version) return undefined;
  const release = version.release;
  let index = release.findIndex((part) => part !== 0);
  if (index < 0) index = release.length - 1;
  return [
    { operator: ">=", version: versionText },
    { operator: "<", version: bumpAt(release, index) },
  ];
}

/** `~1.2.3` → >=1.2.3,<1.3; `~1.2` → >=1.2,<1.3; `~1` → >=1,<2. */
function tilde(versionText: string): Pep440Specifier[] | undefined {
  const version = parsePep440(versionText);
  if (!version) return undefined;
  const index = version.release.length === 1 ? 0 : 1;
  return [
    { operator: ">=", version: versionText },
    { operator: "<", version: bumpAt(version.release, index) },
  ];
}

function single(part: string): Pep440Specifier[] | undefined {
  if (part === "*" || part === "") return [];
  if (part.startsWith("^")) return caret(part.slice(1).trim());
  if (part.startsWith("~") && !part.startsWith("~=")) return tilde(part.slice(1).trim());
  if (/^\d/.test(part)) return parseSpecifierSet(`==${part}`); // a bare version is an exact pin
  return parseSpecifierSet(part);
}

/**
 * Poetry version constraint → alternatives (OR) of PEP 440 specifier sets (AND). Undefined when the constraint is
 * not understood (then it is not checked rather than guessed).
 */
export function poetryConstraintToSpecifiers(text: string): Pep440Specifier[][] | undefined {
  const alternatives: Pep440Specifier[][] = [];
  for (const alternative of text.split("||")) {
    const parts = alternative
      .trim()
      .replace(/(>=|<=|==|!=|~=|>|<)\s+/g, "$1")
      .split(/[\s,]+/)
      .filter(Boolean);
    const combined: Pep440Specifier[] = [];
    for (const part of parts.length ? parts : ["*"]) {
      const specifiers = single(part);
      if (!specifiers) return undefined;
      combined.push(...specifiers);
    }
    alternatives.push(combined);
  }
  return alternatives;
}
