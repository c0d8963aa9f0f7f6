/**
 * A PEP 503 "simple" index on disk (`extra-index-url = file:///opt/pypi/simple`): one directory per normalised
 * project name with an index.html of links to its files. Versions come from the file names; `data-yanked` marks
 * yanked files.
 */
import { promises as fs } from "node:fs";
import path from "node:path";
import type { CachedEntry } from "./cache";
import { latestPep440, parsePep440 } from "./pep440";
import { normalizePypiName } from "./python-distributions";

const SDIST = /^(.+)-([0-9][^-]*?)\.(?:tar\.gz|tar\.bz2|tar\.xz|tgz|zip)$/i;

/** Project name and version of a wheel or sdist file name, or undefined. */
export function distributionFile(fileName: string): { name: string; version: string } | undefined {
  if (fileName.endsWith(".whl")) {
    const [name, version] = fileName.slice(0, -4).split("-");
    return name && version ? { name, version } : undefined;
  }
  const sdist = SDIST.exec(fileName);
  return sdist ? { name: sdist[1] as string, version: sdist[2] as string } : undefined;
}

/** Links of a simple project page: file name (from the href) and whether it is yanked. */
export function simplePageFiles(html: string): { file: string; yanked: boolean }[] {
  const files: { file: string; yanked: boolean }[] = [];
  for (const match of html.matchAll(/<a\s([^>]*)>/gi)) {
    const attributes = match[1] as string;
    const href = /\bhref\s*=\s*("([^"]*)"|'([^']*)')/i.exec(attributes);
    const target = href?.[2] ?? href?.[3];
    if (!target) continue;
    const file = decodeURIComponent(target.split("#")[0]?.split("?")[0]?.split("/").pop() ?? "");
    if (file) files.push({ file, yanked: /\bdata-yanked\b/i.test(attributes) });
  }
  return files;
}

/** Looks a project up in a simple index directory; not-found when it has no page (or no file of that project). */
export async function lookupSimpleIndexDir(dir: string, name: string, fetchedAt: string): Promise<CachedEntry | { error: string }> {
  const normalized = normalizePypiName(name);
  const page = path.join(dir, normalized, "index.html");
  let html: string;
  try {
    html = await fs.readFile(page, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      const exists = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
      return exists ? { kind: "not-found", fetchedAt } : { error: `simple index ${dir} is not a readable directory` };
    }
    return { error: `cannot read ${page}: ${code ?? String(error)}` };
  }
  const byVersion = new Map<string, boolean[]>();
  for (const { file, yanked } of simplePageFiles(html)) {
    const dist = distributionFile(file);
    if (!dist || normalizePypiName(dist.name) !== normalized || !parsePep440(dist.version)) continue;
    byVersion.set(dist.version, [...(byVersion.get(dist.version) ?? []), yanked]);
  }
  if (byVersion.size === 0) return { kind: "not-found", fetchedAt };
  const deprecated: Record<string, string> = {};
  for (const [version, yanks] of byVersion) if (yanks.every(Boolean)) deprecated[version] = "yanked";
  const versions = [...byVersion.keys()];
  const latest = latestPep440(versions.filter((version) => !deprecated[version])) ?? latestPep440(versions);
  return { kind: "found", fetchedAt, versions, distTags: latest ? { latest } : {}, deprecated };
}
