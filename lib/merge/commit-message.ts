/** The merge commit message: title, instruction, gate summary and the Gatehouse trailers. */
import { JOB_TRAILER } from "./find-merged-commit";

export interface CommitMessageInput {
  title: string;
  instruction: string;
  reviewer: string;
  tier: string;
  model: string;
  jobId: string;
  gates: { gate: string; status: string; summary: string }[];
  override?: { by: string; reason: string } | null;
}

export function buildCommitMessage(m: CommitMessageInput): string {
  const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();
  const lines = [oneLine(m.title), "", m.instruction.trim(), "", "Gates:"];
  for (const g of m.gates) lines.push(`  ${g.gate}: ${g.status} - ${oneLine(g.summary)}`);
  if (m.override) lines.push("", `Policy override by ${m.override.by}: ${oneLine(m.override.reason)}`);
  lines.push(
    "",
    `Reviewed-by: ${oneLine(m.reviewer)}`,
    `Generated-by: ${m.tier}/${oneLine(m.model)}`,
    `${JOB_TRAILER}: ${m.jobId}`,
  );
  return lines.join("\n") + "\n";
}
