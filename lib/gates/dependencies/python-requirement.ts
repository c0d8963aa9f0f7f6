/** PEP 508 requirement strings, as written in requirements files, pyproject, Pipfile and setuptools metadata. */
import { parseSpecifierSet } from "./pep440";
import type { ManifestEntry } from "./types";

const REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;

/** One PEP 508 requirement string → entry (`name[extra] >=1,<2 ; marker`, `name @ url`). */
export function parseRequirement(text: string, line: number): ManifestEntry | undefined {
  const match = REQUIREMENT.exec(text.trim());
  if (!match) return undefined;
  const rest = match[3].split(";")[0].trim();
  if (rest.startsWith("@")) return { ecosystem: "pypi", name: match[1], range: rest, checkable: false, line, external: true };
  const range = rest.replace(/^\((.*)\)$/, "$1").trim();
  return { ecosystem: "pypi", name: match[1], range, checkable: parseSpecifierSet(range) !== undefined, line };
}
