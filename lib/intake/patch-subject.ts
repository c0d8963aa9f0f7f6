/** Default titles for submitted patches: the `Subject:` of `git format-patch` output, else "Patch from <model>". */

const MAX_TITLE = 200;

/** The first line of the first `Subject:` header before the diff starts, without `[PATCH n/m]` tags. */
export function subjectFromPatch(diff: string): string | null {
  for (const raw of diff.split("\n")) {
    const line = raw.replace(/\r$/, "");
    // Headers come before the diff; a "Subject:" inside a hunk is file content.
    if (line.startsWith("diff --git ") || line.startsWith("--- ") || line.startsWith("@@")) return null;
    const m = /^Subject:\s*(.*)$/i.exec(line);
    if (!m) continue;
    const subject = m[1].replace(/^(\[[^\]]*\]\s*)+/, "").trim();
    return subject ? subject.slice(0, MAX_TITLE) : null;
  }
  return null;
}

export function defaultPatchTitle(diff: string, model: string): string {
  return subjectFromPatch(diff) ?? `Patch from ${model}`.slice(0, MAX_TITLE);
}
