/** Ranks repository paths against what the submitter typed (pure: the browser re-ranks cached suggestions). */

function isSubsequence(needle: string, hay: string): boolean {
  let i = 0;
  for (let j = 0; j < hay.length && i < needle.length; j++) if (hay[j] === needle[i]) i++;
  return i === needle.length;
}

/** Lower is better: file-name prefix, path prefix, file-name substring, path substring, subsequence. */
function rank(path: string, q: string): number {
  const p = path.toLowerCase();
  const base = p.slice(p.lastIndexOf("/") + 1);
  if (base.startsWith(q)) return 0;
  if (p.startsWith(q)) return 1;
  if (base.includes(q)) return 2;
  if (p.includes(q)) return 3;
  if (isSubsequence(q, p)) return 4;
  return -1;
}

export function matchFiles(files: readonly string[], query: string, limit = 20): string[] {
  const q = query.trim().toLowerCase();
  if (!q) return files.slice(0, limit);
  const scored: { path: string; score: number }[] = [];
  for (const path of files) {
    const score = rank(path, q);
    if (score >= 0) scored.push({ path, score });
  }
  scored.sort((a, b) => a.score - b.score || a.path.length - b.path.length || a.path.localeCompare(b.path));
  return scored.slice(0, limit).map((s) => s.path);
}
