"use client";
/**
 * The Change page: header with the live status, decision bar, file list, Monaco diff with the gate
 * findings on their lines, the four gate panels, and tabs for revisions, context pack, timeline and
 * job details. Keyboard: j/k files, n/p findings, s diff layout, a/r/x approve, reroute, reject (each
 * with a confirm step), ? help. The reviewer tools (summary, file tree with viewed ticks, line comments,
 * approvals, re-run gates) come from `tools` (lib/jobs/review-tools-data.ts).
 */
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { formatUtc } from "@/components/ui/format";
import type { JobPageData } from "@/lib/jobs/job-detail";
import { lineFindings, type Consumer, type LineFinding } from "@/lib/review/line-findings";
import { ranUnsandboxed } from "@/lib/review/merge-policy";
import { ConsumerViewer } from "./ConsumerViewer";
import { ContextPackView } from "./ContextPackView";
import type { ReviewToolsData } from "@/lib/jobs/review-tools-data";
import { lineKey, threadsOf, type Thread } from "@/lib/review/comments/threads";
import { apiFetch, formError } from "@/components/api-client";
import { ApprovalStatus } from "./ApprovalStatus";
import { ChangeSummary } from "./ChangeSummary";
import { CommentsPanel } from "./comments/CommentsPanel";
import { LineComments } from "./comments/LineComments";
import { useComments } from "./comments/useComments";
import type { ThreadActions } from "./comments/CommentThread";
import { DecisionBar, type DecisionShortcut } from "./DecisionBar";
import { DiffView } from "./DiffView";
import { FileTree, treeOrder } from "./FileTree";
import { GatePanel } from "./GatePanel";
import { JobFailure } from "./JobFailure";
import { RerunGatesButton } from "./RerunGatesButton";
import { languageOf } from "./language";
import { RevisionHistory } from "./RevisionHistory";
import { ShortcutHelp } from "./ShortcutHelp";
import { Timeline } from "./Timeline";
import type { Viewer } from "./types";
import { isActiveStatus, useJobStatus } from "./useJobStatus";
import { runView } from "@/lib/jobs/run-progress";
import { GATE_NAMES } from "@/lib/gates/types";
import { isShortcutKey } from "@/components/ui/keyboard";

type Tab = "revisions" | "context" | "timeline" | "details";
const TABS: [Tab, string][] = [
  ["revisions", "Revisions"],
  ["context", "Context pack"],
  ["timeline", "Timeline"],
  ["details", "Job"],
];

export function ChangeWorkspace({ data, viewer, tools }: { data: JobPageData; viewer: Viewer; tools: ReviewToolsData }) {
  const router = useRouter();
  const { job, current } = data;
  // Tree order, so j/k walk the files as the tree lists them.
  const files = useMemo(() => treeOrder(current?.files ?? []), [current]);
  const findings = useMemo(
    () => (current ? lineFindings(current.gateResults, data.policy.complexityThreshold) : []),
    [current, data.policy.complexityThreshold],
  );
  const navFindings = useMemo(() => {
    const order = new Map(files.map((f, i) => [f.path, i]));
    return findings
      .filter((f) => order.has(f.file))
      .sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line);
  }, [files, findings]);

  const [activeFile, setActiveFile] = useState<string | null>(files[0]?.path ?? null);
  const [activeFindingId, setActiveFindingId] = useState<string | null>(null);
  const [sideBySide, setSideBySide] = useState(true);
  // Phone width: the inline diff (two columns of code do not fit); the buttons still switch.
  useEffect(() => {
    const narrow = window.matchMedia("(max-width: 700px)");
    if (narrow.matches) setSideBySide(false);
    const follow = (e: MediaQueryListEvent) => setSideBySide(!e.matches);
    narrow.addEventListener("change", follow);
    return () => narrow.removeEventListener("change", follow);
  }, []);
  const [help, setHelp] = useState(false);
  const [consumer, setConsumer] = useState<Consumer | null>(null);
  const [tab, setTab] = useState<Tab>("revisions");
  const [shortcut, setShortcut] = useState<DecisionShortcut | null>(null);
  const [revealLine, setRevealLine] = useState<number | null>(null);

  // Viewed ticks: optimistic, put back when the server refuses.
  const [viewed, setViewed] = useState<ReadonlySet<string>>(() => new Set(tools.viewed));
  const [viewedError, setViewedError] = useState<string | null>(null);
  const pendingViewed = useRef(0);
  useEffect(() => setViewed(new Set(tools.viewed)), [tools.viewed]);
  const toggleViewed = useCallback(
    async (path: string, on: boolean) => {
      if (!current) return;
      setViewedError(null);
      setViewed((v) => {
        const n = new Set(v);
        if (on) n.add(path);
        else n.delete(path);
        return n;
      });
      pendingViewed.current++;
      try {
        const res = await apiFetch<{ viewed: string[] }>(`/api/jobs/${encodeURIComponent(job.id)}/viewed`, {
          method: "PUT",
          body: { changeId: current.id, file: path, viewed: on },
        });
        // The server's list wins once no other tick is on its way (an earlier answer would undo a later tick).
        if (pendingViewed.current === 1) setViewed(new Set(res.viewed));
      } catch (e) {
        setViewedError(formError(e));
        setViewed((v) => {
          const n = new Set(v);
          if (on) n.delete(path);
          else n.add(path);
          return n;
        });
      } finally {
        pendingViewed.current--;
      }
    },
    [current, job.id],
  );

  // Line comments: threads of this revision are drawn in the diff under their lines.
  const { comments, add, resolve } = useComments(job.id, tools.comments);
  const threads = useMemo(() => threadsOf(comments), [comments]);
  const canComment = viewer.canReview && job.submitter.id !== viewer.id;
  const [composing, setComposing] = useState<{ file: string; side: "before" | "after"; line: number } | null>(null);
  const threadActions: ThreadActions = useMemo(
    () => ({
      canWrite: canComment,
      reply: (rootId, body) => add.mutateAsync({ replyTo: rootId, body }),
      resolve: (rootId, resolved) => resolve.mutateAsync({ id: rootId, resolved }),
    }),
    [canComment, add, resolve],
  );
  const commentCounts = useMemo(() => {
    const m = new Map<string, number>();
    for (const t of threads) if (t.root.changeId === current?.id) m.set(t.root.file, (m.get(t.root.file) ?? 0) + 1);
    return m;
  }, [threads, current?.id]);

  useEffect(() => {
    if (!files.some((f) => f.path === activeFile)) setActiveFile(files[0]?.path ?? null);
  }, [files, activeFile]);

  // Live status: a running job's page follows it; a reviewer's page is never swapped underneath them.
  const live = useJobStatus(job.id, job.status).data;
  const newer = live !== undefined && live.version > job.version;
  const following = isActiveStatus(job.status);
  useEffect(() => {
    if (newer && following) router.refresh();
  }, [newer, following, router]);

  const selectFile = useCallback((path: string) => {
    setActiveFile(path);
    setActiveFindingId(null);
    setRevealLine(null);
  }, []);
  const openAt = useCallback((path: string, line: number) => {
    setActiveFile(path);
    setActiveFindingId(null);
    setRevealLine(line);
  }, []);
  const jumpToThread = useCallback(
    (t: Thread) => {
      if (t.root.side === "before") setSideBySide(true);
      openAt(t.root.file, t.root.line);
    },
    [openAt],
  );
  const jumpTo = useCallback((f: LineFinding) => {
    setActiveFile(f.file);
    setActiveFindingId(f.id);
  }, []);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!isShortcutKey(e)) return;
      const fileIndex = files.findIndex((f) => f.path === activeFile);
      const findingIndex = navFindings.findIndex((f) => f.id === activeFindingId);
      if (e.key === "j" || e.key === "k") {
        if (files.length === 0) return;
        const next = e.key === "j" ? Math.min(fileIndex + 1, files.length - 1) : Math.max(fileIndex - 1, 0);
        selectFile(files[next].path);
      } else if (e.key === "n" || e.key === "p") {
        if (navFindings.length === 0) return;
        const next =
          e.key === "n"
            ? findingIndex < 0
              ? 0
              : (findingIndex + 1) % navFindings.length
            : findingIndex <= 0
              ? navFindings.length - 1
              : findingIndex - 1;
        jumpTo(navFindings[next]);
      } else if (e.key === "s") {
        setSideBySide((v) => !v);
      } else if (e.key === "?") {
        setHelp((v) => !v);
      } else if (e.key === "a" || e.key === "r" || e.key === "x") {
        if (!viewer.canReview) return;
        setShortcut({ action: e.key === "a" ? "approve" : e.key === "r" ? "reroute" : "reject", seq: Date.now() });
      } else return;
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [files, navFindings, activeFile, activeFindingId, selectFile, jumpTo, viewer.canReview]);

  const file = files.find((f) => f.path === activeFile) ?? null;
  const fileFindings = useMemo(() => (file ? findings.filter((f) => f.file === file.path) : []), [file, findings]);
  const findingPos = navFindings.findIndex((f) => f.id === activeFindingId);

  const fileThreads = useMemo(
    () => threads.filter((t) => t.root.changeId === current?.id && t.root.file === file?.path),
    [threads, current?.id, file?.path],
  );
  const zoneSpecs = useMemo(() => {
    const specs = new Map<string, { key: string; side: "before" | "after"; line: number }>();
    for (const t of fileThreads) specs.set(lineKey(t.root.side, t.root.line), { key: lineKey(t.root.side, t.root.line), side: t.root.side, line: t.root.line });
    if (composing && composing.file === file?.path) {
      const key = lineKey(composing.side, composing.line);
      specs.set(key, { key, side: composing.side, line: composing.line });
    }
    return [...specs.values()];
  }, [fileThreads, composing, file?.path]);
  const renderZone = useCallback(
    (key: string) => {
      const [side, lineText] = key.split(":") as ["before" | "after", string];
      const line = Number(lineText);
      const here = fileThreads.filter((t) => t.root.side === side && t.root.line === line);
      const isComposing = composing !== null && composing.file === file?.path && composing.side === side && composing.line === line;
      return (
        <LineComments
          threads={here}
          composing={isComposing}
          file={file?.path ?? ""}
          side={side}
          line={line}
          actions={threadActions}
          onSubmitNew={async (body) => {
            if (!current || !file) return;
            await add.mutateAsync({ changeId: current.id, file: file.path, line, side, body });
            setComposing(null);
          }}
          onCancelNew={() => setComposing(null)}
        />
      );
    },
    [fileThreads, composing, file, threadActions, add, current],
  );
  const diffComments = useMemo(
    () => ({
      zones: zoneSpecs,
      render: renderZone,
      onLineClick: canComment && file ? (side: "before" | "after", line: number) => setComposing({ file: file.path, side, line }) : undefined,
    }),
    [zoneSpecs, renderZone, canComment, file],
  );
  const status = newer && live ? live.status : job.status;
  const stage = newer && live ? live.stage : (live?.stage ?? job.stage);
  // A job that failed before any gate ran will never gate: no diff, no "pending" gate cards.
  const neverGated = data.failure !== null && (current?.gateResults.length ?? 0) === 0;
  // Header and gate cards read the same state: which revision is on the page and what runs on it.
  const run = runView({ status, stage, nextCause: job.nextCause, shownRevision: current?.revision ?? null, latestRevision: live?.latestRevision });

  return (
    <div className="change-page" data-testid="change-page" data-job-status={job.status} data-job-version={job.version}>
      <header className="change-head">
        <div>
          <div className="breadcrumbs">
            <Link href="/">Queue</Link> / {job.repository.name}
          </div>
          <h1>{job.title}</h1>
          <div className="change-meta">
            <span data-testid="job-status">
              <StatusBadge status={status} />
            </span>
            {stage && isActiveStatus(status) ? (
              <span className="stage" data-testid="job-stage">
                {stage}
              </span>
            ) : null}
            {current && run.previousRevision ? (
              <span data-testid="header-revision">
                revision {run.nextRevision} in progress · showing revision {current.revision} ({current.tier}/{current.model})
              </span>
            ) : current && !neverGated ? (
              <span data-testid="header-revision">
                revision {current.revision} · {current.tier}/{current.model}
              </span>
            ) : (
              <span>routed to {job.routedTier ?? "?"}</span>
            )}
            {current?.recorded ? (
              <span className="badge badge-warn" title="Produced by a recorded (replayed) completion" data-testid="recorded-badge">
                recorded
              </span>
            ) : null}
            <span className="muted">
              by {job.submitter.name} · {formatUtc(job.createdAt)}
            </span>
          </div>
        </div>
      </header>

      {current?.gateResults.some((g) => ranUnsandboxed(g.details)) ? (
        <div className="alert alert-error" role="alert" data-testid="unsandboxed-banner">
          <strong>Not sandboxed.</strong> The repository&apos;s code ran on the worker host without isolation
          (GATEHOUSE_SANDBOX=off): its results are not trusted and the merge policy is not met.
        </div>
      ) : null}

      {newer && !following && live ? (
        <div className="alert alert-info" role="status" data-testid="stale-banner">
          This job changed since you opened it (now {live.status.replace(/_/g, " ")}).{" "}
          <button type="button" className="button button-secondary button-small" onClick={() => router.refresh()}>
            Reload
          </button>
        </div>
      ) : null}

      {current?.sameAsRevision ? (
        <div className="alert alert-warn" role="status" data-testid="no-change-alert">
          <strong>No change from revision {current.sameAsRevision}:</strong> revision {current.revision} has exactly the same diff
          {current.instructions?.note ? `, although it was asked: “${current.instructions.note}”` : ""}.
        </div>
      ) : null}

      {job.status === "merged" && job.mergedCommit ? (
        <div className="alert alert-ok" data-testid="merged-info">
          Merged as <code>{job.mergedCommit.slice(0, 12)}</code> on <code>{job.mergedBranch}</code>.
          {job.compareUrl ? (
            <>
              {" "}
              <a href={job.compareUrl} target="_blank" rel="noreferrer noopener" data-testid="compare-link">
                Compare {job.mergedBranch} (open a pull request)
              </a>
            </>
          ) : null}
        </div>
      ) : null}
      {job.status === "rejected" ? <div className="alert alert-error">{job.statusReason ?? job.status}</div> : null}
      {data.failure ? <JobFailure jobId={job.id} version={job.version} failure={data.failure} viewer={viewer} /> : null}
      {job.overrideReason ? (
        <div className="alert alert-info" data-testid="override-info">
          Merge policy overridden by {job.overrideBy ?? "a lead"}: {job.overrideReason}
        </div>
      ) : null}
      {job.status === "conflict" && data.conflict ? (
        <div className="alert alert-error" data-testid="conflict-info">
          <strong>Merge conflict:</strong> {data.conflict.message}
          {data.conflict.failingHunks.length ? (
            <ul className="conflict-hunks" data-testid="conflict-hunks">
              {data.conflict.failingHunks.map((h, i) => (
                <li key={i}>
                  <code>{h}</code>
                </li>
              ))}
            </ul>
          ) : null}
          <div>Reroute it to regenerate the change against the new head, or reject it.</div>
        </div>
      ) : null}

      {current && tools.summary ? (
        <ChangeSummary
          summary={tools.summary}
          instruction={job.instruction}
          instructions={current.instructions}
          revisionNote={current.rerouteNote}
          policyMet={data.policy.met}
          running={
            run.gating
              ? `Running: ${Object.keys(run.gating).length} of ${GATE_NAMES.length} gates finished`
              : run.previousRevision
                ? `Revision ${run.nextRevision} is being generated; the gates below are revision ${run.previousRevision}'s`
                : null
          }
          onOpenFile={openAt}
        />
      ) : null}

      <DecisionBar data={data} viewer={viewer} onHelp={() => setHelp(true)} approvals={tools.approvals}
        shortcut={shortcut}
        openThreads={threads.filter((t) => t.root.changeId === current?.id && !t.root.resolved).length}
      />
      {current && job.status === "awaiting_review" ? <ApprovalStatus approvals={tools.approvals} /> : null}

      {neverGated ? null : current ? (
        <div className="review-grid">
          <FileTree
            files={files}
            findings={findings}
            active={activeFile}
            onSelect={selectFile}
            viewed={viewed}
            onToggleViewed={viewer.canReview ? (path, on) => void toggleViewed(path, on) : undefined}
            commentCounts={commentCounts}
          />
          <div className="diff-column">
            <div className="diff-toolbar">
              <code className="diff-path" data-testid="diff-path">
                {file?.path ?? "no file"}
              </code>
              {file && viewer.canReview ? (
                <label className="checkbox viewed-toggle">
                  <input type="checkbox" checked={viewed.has(file.path)} onChange={(e) => void toggleViewed(file.path, e.target.checked)} data-testid="viewed-toggle" />
                  Viewed
                </label>
              ) : null}
              <span className="spacer" />
              <span className="muted" data-testid="finding-position">
                {navFindings.length ? `finding ${findingPos >= 0 ? findingPos + 1 : "–"} of ${navFindings.length}` : "no findings on lines"}
              </span>
              <div className="segmented" role="group" aria-label="Diff layout">
                <button type="button" aria-pressed={sideBySide} onClick={() => setSideBySide(true)}>
                  Side by side
                </button>
                <button type="button" aria-pressed={!sideBySide} onClick={() => setSideBySide(false)}>
                  Inline
                </button>
              </div>
            </div>
            {file && !file.binary ? (
              <DiffView
                original={file.before ?? ""}
                modified={file.after ?? ""}
                language={languageOf(file.path)}
                originalPath={`gatehouse://${current.id}/before/${file.path}`}
                modifiedPath={`gatehouse://${current.id}/after/${file.path}`}
                sideBySide={sideBySide}
                findings={fileFindings}
                activeFindingId={activeFindingId}
                revealLine={revealLine}
                comments={diffComments}
              />
            ) : (
              <div className="diff-loading">{file ? "Binary file: no text diff." : "This revision changes no files."}</div>
            )}
            {viewedError ? (
              <p className="field-error" role="alert">
                {viewedError}
              </p>
            ) : null}
            {canComment && file && !file.binary ? (
              <p className="muted diff-hint">Click a line number (either side) to comment on that line.</p>
            ) : null}
          </div>
        </div>
      ) : (
        <div className="card" data-testid="no-revision">
          <p>
            No revision yet: the job is <strong>{status.replace(/_/g, " ")}</strong>
            {stage ? ` (${stage})` : ""}.
          </p>
          {job.statusReason ? <p className="muted">{job.statusReason}</p> : null}
        </div>
      )}

      {current ? (
        <CommentsPanel
          threads={threads}
          currentChangeId={current.id}
          actions={threadActions}
          onJump={jumpToThread}
          inline={!sideBySide}
        />
      ) : null}

      {current && viewer.canReview && job.status === "awaiting_review" ? (
        <RerunGatesButton jobId={job.id} changeId={current.id} version={job.version} revision={current.revision} />
      ) : null}
      {current && !neverGated ? (
        <GatePanel
          gates={current.gateResults}
          findings={findings}
          activeFindingId={activeFindingId}
          onJump={jumpTo}
          onOpenConsumer={(c) => setConsumer(c)}
          run={run}
          revision={current.revision}
        />
      ) : null}

      <div className="tabs" role="tablist" aria-label="Job information">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </div>
      <div className="tab-panel card" role="tabpanel">
        {tab === "revisions" ? <RevisionHistory data={data} sideBySide={sideBySide} /> : null}
        {tab === "context" ? <ContextPackView entries={current?.contextPack ?? []} /> : null}
        {tab === "timeline" ? <Timeline events={data.timeline} /> : null}
        {tab === "details" ? (
          <dl className="job-details">
            <dt>Instruction</dt>
            <dd className="instruction">{job.instruction}</dd>
            <dt>Target files</dt>
            <dd>{job.targetPaths.length ? job.targetPaths.map((p) => <code key={p}>{p} </code>) : "—"}</dd>
            <dt>Task type · risk</dt>
            <dd>
              {job.taskType} · {job.risk}
            </dd>
            <dt>Tier</dt>
            <dd>
              {job.routedTier ?? "—"}
              {job.requestedTier ? ` (requested ${job.requestedTier})` : ""} — {job.routingReason ?? "not routed yet"}
            </dd>
            <dt>Attempts</dt>
            <dd>
              {job.attempts} of {job.maxAttempts}; reroutes: {job.rerouteCount}
            </dd>
            <dt>Run after</dt>
            <dd>{formatUtc(job.runAfter)}</dd>
            <dt>Reviews</dt>
            <dd>
              {data.reviews.length
                ? data.reviews.map((r) => (
                    <div key={r.id}>
                      {r.reviewer}: {r.decision}
                      {r.override ? " (policy override)" : ""} on revision {r.revision ?? "?"}
                      {r.reason ? ` — ${r.reason}` : ""}
                    </div>
                  ))
                : "none yet"}
            </dd>
          </dl>
        ) : null}
      </div>

      {help ? <ShortcutHelp onClose={() => setHelp(false)} /> : null}
      {consumer && current ? (
        <ConsumerViewer jobId={job.id} changeId={current.id} file={consumer.file} line={consumer.line} onClose={() => setConsumer(null)} />
      ) : null}
    </div>
  );
}
