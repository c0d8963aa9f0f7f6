/** Registry documents (npm packument, PyPI JSON API) → the small cached summary. */
import { z } from "zod";
import type { CachedEntry } from "./cache";
import { latestPep440, parsePep440 } from "./pep440";

const NpmPackumentSchema = z.looseObject({
  versions: z.record(z.string(), z.looseObject({ deprecated: z.unknown().optional() })).optional(),
  "dist-tags": z.record(z.string(), z.string()).optional(),
  time: z.record(z.string(), z.unknown()).optional(),
});

const PypiFileSchema = z.looseObject({
  upload_time_iso_8601: z.string().nullish(),
  upload_time: z.string().nullish(),
  yanked: z.boolean().nullish(),
  yanked_reason: z.string().nullish(),
});

const PypiProjectSchema = z.looseObject({
  info: z.looseObject({
    version: z.string(),
    classifiers: z.array(z.string()).nullish(),
    yanked: z.boolean().nullish(),
    yanked_reason: z.string().nullish(),
  }),
  releases: z.record(z.string(), z.array(PypiFileSchema)).nullish(),
});

export type Summary = { ok: true; entry: CachedEntry } | { ok: false; reason: string };

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join(".") || "document"}: ${issue.message}` : "invalid document";
}

/** Full npm packument → summary. A document without versions (fully unpublished package) counts as not found. */
export function summarizeNpmPackument(json: unknown, fetchedAt: string): Summary {
  const parsed = NpmPackumentSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `unexpected packument shape (${firstIssue(parsed.error)})` };
  const doc = parsed.data;
  const versions = Object.keys(doc.versions ?? {});
  if (versions.length === 0) return { ok: true, entry: { kind: "not-found", fetchedAt, reason: "no published versions (unpublished)" } };
  const deprecated: Record<string, string> = {};
  for (const [version, manifest] of Object.entries(doc.versions ?? {})) {
    // `deprecated: ""` is how npm un-deprecates; only a non-empty message counts.
    if (typeof manifest.deprecated === "string" && manifest.deprecated.trim()) deprecated[version] = manifest.deprecated;
  }
  const created = doc.time?.created;
  const entry: CachedEntry = { kind: "found", fetchedAt, versions, distTags: doc["dist-tags"] ?? {}, deprecated };
  if (typeof created === "string") entry.created = created;
  return { ok: true, entry };
}

const INACTIVE = "Development Status :: 7 - Inactive";

/** PyPI JSON API project document → summary. Fully yanked releases are recorded as deprecated. */
export function summarizePypiProject(json: unknown, fetchedAt: string): Summary {
  const parsed = PypiProjectSchema.safeParse(json);
  if (!parsed.success) return { ok: false, reason: `unexpected PyPI project shape (${firstIssue(parsed.error)})` };
  const { info, releases } = parsed.data;
  const all = Object.entries(releases ?? { [info.version]: [] });
  // Releases without files cannot be installed; ignore them unless that leaves nothing.
  const withFiles = all.filter(([, files]) => files.length > 0);
  const usable = withFiles.length > 0 ? withFiles : all;
  const deprecated: Record<string, string> = {};
  let created: string | undefined;
  for (const [version, files] of usable) {
    if (files.length > 0 && files.every((file) => file.yanked)) {
      deprecated[version] = `yanked${files[0]?.yanked_reason ? `: ${files[0].yanked_reason}` : ""}`;
    }
    for (const file of files) {
      const uploaded = file.upload_time_iso_8601 ?? (file.upload_time ? `${file.upload_time}Z` : undefined);
      if (uploaded && (!created || Date.parse(uploaded) < Date.parse(created))) created = uploaded;
    }
  }
  if (info.yanked && !deprecated[info.version]) deprecated[info.version] = `yanked${info.yanked_reason ? `: ${info.yanked_reason}` : ""}`;
  const versions = usable.map(([version]) => version);
  const latest = parsePep440(info.version) ? info.version : latestPep440(versions);
  const entry: CachedEntry = {
    kind: "found",
    fetchedAt,
    versions,
    distTags: latest ? { latest } : {},
    deprecated,
  };
  if (created) entry.created = created;
  if (info.classifiers?.includes(INACTIVE)) entry.inactive = true;
  return { ok: true, entry };
}
