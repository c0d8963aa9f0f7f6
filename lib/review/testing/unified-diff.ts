/** A git-style unified diff (`diff --git a/… b/…`) from before/after texts, as `git apply` accepts it. */
import { structuredPatch } from "diff";

export interface FileEdit {
  path: string;
  before: string | null;
  after: string | null;
}

function range(start: number, count: number): string {
  // git writes an empty side as "0,0" (the line before the hunk).
  return count === 0 ? `${Math.max(0, start - 1)},0` : `${start},${count}`;
}

export function unifiedDiff(files: FileEdit[]): string {
  const out: string[] = [];
  for (const f of files) {
    const { hunks } = structuredPatch("a", "b", f.before ?? "", f.after ?? "", undefined, undefined, { context: 3 });
    if (hunks.length === 0 && f.before !== null && f.after !== null) continue;
    out.push(`diff --git a/${f.path} b/${f.path}`);
    if (f.before === null) out.push("new file mode 100644");
    if (f.after === null) out.push("deleted file mode 100644");
    out.push(f.before === null ? "--- /dev/null" : `--- a/${f.path}`);
    out.push(f.after === null ? "+++ /dev/null" : `+++ b/${f.path}`);
    for (const h of hunks) {
      out.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
      out.push(...h.lines);
    }
  }
  return out.length ? out.join("\n") + "\n" : "";
}
