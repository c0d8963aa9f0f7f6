/**
 * `GET /api/jobs/{id}`: the job's status (what the Change page polls) plus every revision with its gate
 * results, newest first. The answer is checked against JobApiSchema before it leaves, so the documented
 * shape and the real one cannot drift apart. Findings and logs stay on the page (they can be large).
 */
import { z } from "zod";
import type { Db } from "../db/client";
import { GATE_NAMES } from "../gates/types";
import { loadJobStatus, REVISION_SELECT } from "./job-detail";

const GateSummarySchema = z.strictObject({
  gate: z.string(),
  status: z.string(),
  score: z.number().nullable(),
  summary: z.string(),
  findings: z.number().int().nonnegative(),
});

const RevisionSummarySchema = z.strictObject({
  id: z.string(),
  revision: z.number().int().positive(),
  tier: z.string(),
  model: z.string(),
  providerName: z.string().nullable(),
  recorded: z.boolean(),
  cause: z.string(),
  files: z.array(z.string()),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  latencyMs: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
  gates: z.array(GateSummarySchema),
});

export const JobApiSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  stage: z.string().nullable(),
  statusReason: z.string().nullable(),
  version: z.number().int(),
  routedTier: z.string().nullable(),
  repository: z.string(),
  latestChangeId: z.string().nullable(),
  latestRevision: z.number().int().nullable(),
  updatedAt: z.iso.datetime(),
  revisions: z.array(RevisionSummarySchema),
});
export type JobApiView = z.output<typeof JobApiSchema>;

const gateRank = (g: string) => {
  const i = (GATE_NAMES as readonly string[]).indexOf(g);
  return i === -1 ? GATE_NAMES.length : i;
};

function pathsOf(files: unknown): string[] {
  if (!Array.isArray(files)) return [];
  return files.flatMap((f) => (f && typeof f === "object" && typeof (f as { path?: unknown }).path === "string" ? [(f as { path: string }).path] : []));
}

export async function loadJobApi(db: Db, jobId: string): Promise<JobApiView | null> {
  const status = await loadJobStatus(db, jobId);
  if (!status) return null;
  const [job, changes] = await Promise.all([
    db.job.findUniqueOrThrow({ where: { id: jobId }, select: { title: true, repository: { select: { name: true } } } }),
    db.change.findMany({
      where: { jobId },
      orderBy: { revision: "desc" },
      select: {
        ...REVISION_SELECT,
        files: true,
        promptTokens: true,
        completionTokens: true,
        latencyMs: true,
        createdAt: true,
        gateResults: { select: { gate: true, status: true, score: true, summary: true, findings: true } },
      },
    }),
  ]);
  return JobApiSchema.parse({
    ...status,
    title: job.title,
    repository: job.repository.name,
    revisions: changes.map(({ files, createdAt, gateResults, ...columns }) => ({
      ...columns,
      files: pathsOf(files),
      createdAt: createdAt.toISOString(),
      gates: [...gateResults]
        .sort((a, b) => gateRank(a.gate) - gateRank(b.gate))
        .map((g) => ({ gate: g.gate, status: g.status, score: g.score, summary: g.summary, findings: Array.isArray(g.findings) ? g.findings.length : 0 })),
    })),
  });
}
