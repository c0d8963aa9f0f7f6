/**
 * Finds the commit an earlier merge of the same job already put on a branch, by its
 * `Gatehouse-Job:` trailer. A merge interrupted after `update-ref` (process killed before the job
 * moved to merged) or a second merge racing the first must adopt that commit, never commit twice.
 */
import { runGit } from "../patch/git";

export const JOB_TRAILER = "Gatehouse-Job";

export interface MergeMarker {
  jobId: string;
  /** Commits older than this cannot carry the marker; bounds the walk on long histories. */
  since?: Date;
}

export async function findMergedCommit(repoDir: string, head: string, marker: MergeMarker): Promise<{ commit: string; parent: string } | null> {
  const args = [
    "log",
    "--fixed-strings",
    `--grep=${JOB_TRAILER}: ${marker.jobId}`,
    // One record per commit: hash, parents, then the trailer's values (the message body may mention the id too).
    `--format=%H%x09%P%x09%(trailers:key=${JOB_TRAILER},valueonly,separator=%x2C)%x00`,
  ];
  if (marker.since) args.push(`--since=${Math.floor(marker.since.getTime() / 1000)}`);
  args.push(head, "--");
  const res = await runGit(args, { cwd: repoDir });
  if (res.code !== 0) throw new Error(`git log failed: ${res.stderr.trim()}`);
  for (const record of res.stdout.toString("utf8").split("\0")) {
    const [commit, parents, values] = record.trim().split("\t");
    if (!commit || !values) continue;
    if (values.split(",").some((v) => v.trim() === marker.jobId)) return { commit, parent: parents.split(" ")[0] ?? "" };
  }
  return null;
}
