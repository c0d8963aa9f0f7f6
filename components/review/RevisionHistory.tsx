"use client";
/**
 * Revisions, newest first, each with why it exists (routing decision, cause, reroute note) — plus the
 * pending one after a reroute — and a Monaco diff of one file between any two revisions.
 */
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { apiFetch } from "@/components/api-client";
import { formatUtc } from "@/components/ui/format";
import type { ChangeFileView, JobPageData } from "@/lib/jobs/job-detail";
import { DiffView } from "./DiffView";
import { GateStatusBadge } from "./GateStatusBadge";
import { InstructionsView } from "./InstructionsView";
import { languageOf } from "./language";

const CAUSE: Record<string, string> = {
  initial: "first revision",
  "auto-complexity": "rerouted automatically (complexity)",
  "auto-dependency": "rerouted automatically (dependency)",
  reviewer: "rerouted by a reviewer",
  conflict: "rerouted after a merge conflict",
};

interface RevisionFiles {
  changeId: string;
  revision: number;
  files: ChangeFileView[];
}

function useRevisionFiles(jobId: string, changeId: string) {
  return useQuery({
    queryKey: ["revision-files", changeId],
    queryFn: () => apiFetch<RevisionFiles>(`/api/jobs/${encodeURIComponent(jobId)}/changes/${encodeURIComponent(changeId)}`),
    enabled: Boolean(changeId),
    staleTime: Infinity,
  });
}

function CompareRevisions({ data, sideBySide }: { data: JobPageData; sideBySide: boolean }) {
  const revs = data.revisions;
  const [a, setA] = useState(revs[1]?.id ?? "");
  const [b, setB] = useState(revs[0]?.id ?? "");
  const paths = useMemo(() => [...new Set(revs.flatMap((r) => r.paths))].sort(), [revs]);
  const [path, setPath] = useState(paths[0] ?? "");
  const qa = useRevisionFiles(data.job.id, a);
  const qb = useRevisionFiles(data.job.id, b);
  const fa = qa.data?.files.find((f) => f.path === path);
  const fb = qb.data?.files.find((f) => f.path === path);
  const label = (id: string) => `revision ${revs.find((r) => r.id === id)?.revision ?? "?"}`;
  return (
    <div className="compare" data-testid="compare-revisions">
      <div className="compare-controls">
        <label>
          From{" "}
          <select value={a} onChange={(e) => setA(e.target.value)} aria-label="Compare from revision">
            {revs.map((r) => (
              <option key={r.id} value={r.id}>
                revision {r.revision}
              </option>
            ))}
          </select>
        </label>
        <label>
          to{" "}
          <select value={b} onChange={(e) => setB(e.target.value)} aria-label="Compare to revision">
            {revs.map((r) => (
              <option key={r.id} value={r.id}>
                revision {r.revision}
              </option>
            ))}
          </select>
        </label>
        <label>
          file{" "}
          <select value={path} onChange={(e) => setPath(e.target.value)} aria-label="File to compare">
            {paths.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </label>
      </div>
      {qa.isPending || qb.isPending ? <p className="muted">Loading revisions…</p> : null}
      {qa.data && qb.data ? (
        <>
          <p className="muted">
            {path} after {label(a)} (left) and after {label(b)} (right)
          </p>
          <DiffView
            original={fa?.after ?? ""}
            modified={fb?.after ?? ""}
            language={languageOf(path)}
            originalPath={`gatehouse://compare/${a}/${path}`}
            modifiedPath={`gatehouse://compare/${b}/${path}`}
            sideBySide={sideBySide}
            height="45vh"
            testId="compare-diff"
          />
        </>
      ) : null}
    </div>
  );
}

export function RevisionHistory({ data, sideBySide }: { data: JobPageData; sideBySide: boolean }) {
  const { job } = data;
  const pending = job.nextCause !== null && !["awaiting_review", "merged", "rejected", "failed", "conflict", "approved"].includes(job.status);
  const nextRevision = (data.revisions[0]?.revision ?? 0) + 1;
  return (
    <section aria-label="Revision history" data-testid="revision-history">
      <div className="routing-decision">
        <strong>Routing:</strong> {job.routingReason ?? "not routed yet"}
        {job.requestedTier ? <span className="muted"> (requested {job.requestedTier})</span> : null}
      </div>
      <ol className="revision-list">
        {pending ? (
          <li className="revision revision-pending" data-testid="revision-pending">
            <div className="revision-head">
              <strong>Revision {nextRevision}</strong> <span className="badge badge-info">{job.status.replace(/_/g, " ")}</span>{" "}
              <span>
                on {job.routedTier ?? "?"}
                {job.nextModel ? `/${job.nextModel}` : ""}
              </span>
            </div>
            <div className="muted">{CAUSE[job.nextCause ?? ""] ?? job.nextCause}</div>
            {job.nextNote ? <blockquote className="reroute-note">{job.nextNote}</blockquote> : null}
          </li>
        ) : null}
        {data.revisions.map((r) => (
          <li key={r.id} className="revision" data-testid={`revision-${r.revision}`}>
            <div className="revision-head">
              <strong>Revision {r.revision}</strong>{" "}
              <span>
                {r.tier}/{r.model}
              </span>{" "}
              {r.recorded ? <span className="badge badge-warn">recorded</span> : null}
              {r.sameAsRevision ? (
                <span className="badge badge-danger" data-testid="no-change-badge">
                  no change from revision {r.sameAsRevision}
                </span>
              ) : null}
              <span className="muted"> · {formatUtc(r.createdAt)}</span>
              <span className="revision-gates">
                {r.gates.map((g) => (
                  <GateStatusBadge key={g.gate} gate={g.gate} status={g.status} />
                ))}
              </span>
            </div>
            <div className="muted">
              {CAUSE[r.cause] ?? r.cause}
              {r.routingReason ? ` — ${r.routingReason}` : ""}
            </div>
            {r.instructions ? (
              <InstructionsView instructions={r.instructions} testId={`revision-${r.revision}-instructions`} />
            ) : r.rerouteNote ? (
              <blockquote className="reroute-note">{r.rerouteNote}</blockquote>
            ) : null}
          </li>
        ))}
      </ol>
      {data.revisions.length >= 2 ? <CompareRevisions data={data} sideBySide={sideBySide} /> : null}
    </section>
  );
}
