/** Paths written by a model, made repository-relative and refused when they could escape the repository. */

export type RepoFiles = (path: string) => string | null;

/** Strips quotes, `./` and backslashes; null for absolute, parent-escaping or .git paths. */
export function cleanRepoPath(raw: string): string | null {
  let p = raw.trim().replace(/^["'`]|["'`]$/g, "").replace(/\\/g, "/");
  while (p.startsWith("./")) p = p.slice(2);
  if (p === "" || p.includes("\0")) return null;
  if (p.startsWith("/") || /^[A-Za-z]:/.test(p)) return null;
  const segments = p.split("/");
  if (segments.some((s) => s === "..")) return null;
  if (segments[0] === ".git") return null;
  return segments.filter((s) => s !== "" && s !== ".").join("/");
}

/**
 * Removes the `a/` or `b/` prefix of git-style diff paths, unless the repository really has a top-level
 * folder of that name holding the file and no file at the stripped path.
 */
export function stripDiffPrefix(path: string, prefix: "a/" | "b/", repoFiles: RepoFiles): string {
  if (!path.startsWith(prefix)) return path;
  const stripped = path.slice(prefix.length);
  if (safeRead(repoFiles, path) !== null && safeRead(repoFiles, stripped) === null) return path;
  return stripped;
}

/** repoFiles callback that never throws (a failing lookup counts as "absent"). */
export function safeRead(repoFiles: RepoFiles, path: string): string | null {
  try {
    return repoFiles(path);
  } catch {
    return null;
  }
}
