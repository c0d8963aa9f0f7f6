"use client";
/**
 * The queue table with filters, search and keyset pagination. React Query polls the current page, so
 * running jobs' stages and new gate results show up without a manual refresh.
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState } from "react";
import { apiFetch } from "@/components/api-client";
import { EmptyState } from "@/components/ui/EmptyState";
import { isShortcutKey } from "@/components/ui/keyboard";
import { StatusBadge } from "@/components/ui/StatusBadge";
import { formatAge } from "@/lib/api/format";
import type { QueuePage, QueueRow } from "@/lib/jobs/queue-query";
import { rowReason, SECTION_LABELS, sectionRows, type QueueSection } from "@/lib/jobs/queue-sections";

export interface QueueFilters {
  status: string;
  repositoryId: string;
  tier: string;
  gate: string;
  submitterId: string;
  q: string;
}

export const EMPTY_FILTERS: QueueFilters = { status: "", repositoryId: "", tier: "", gate: "", submitterId: "", q: "" };

const STATUSES = ["awaiting_review", "conflict", "queued", "building_context", "generating", "gating", "rerouted", "approved", "merged", "rejected", "failed"];
const GATES = ["tests", "dependencies", "complexity", "error-contract", "static-analysis"] as const;
const GATE_LETTER: Record<string, string> = { tests: "T", dependencies: "D", complexity: "C", "error-contract": "E", "static-analysis": "S" };
/** A gate's result as an icon beside its letter, so the mark does not rely on colour. */
const GATE_ICON: Record<string, string> = { pass: "✓", warn: "!", fail: "✗", error: "⚠", skipped: "–", pending: "…" };
const ACTIVE = new Set(["queued", "building_context", "generating", "gating", "rerouted", "approved"]);
const POLL_MS = 3000;

function toParams(f: QueueFilters, cursor?: string): URLSearchParams {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  if (cursor) p.set("cursor", cursor);
  return p;
}

function GateDots({ row }: { row: QueueRow }) {
  const unsandboxed = row.gates.some((g) => g.unsandboxed);
  return (
    <span className="gate-dots" data-testid="gate-badges">
      {unsandboxed ? (
        <span className="badge badge-danger" data-testid="unsandboxed-badge" title="Repository code ran without a sandbox (GATEHOUSE_SANDBOX=off)">
          no sandbox
        </span>
      ) : null}
      {GATES.map((g) => {
        const r = row.gates.find((x) => x.gate === g);
        const status = r?.status ?? "pending";
        return (
          <span
            key={g}
            className={`gate-dot gate-dot-${status}`}
            title={`${g}: ${status}${r ? ` — ${r.summary}` : ""}`}
            aria-label={`${g}: ${status}`}
            data-gate={g}
            data-status={status}
          >
            {GATE_LETTER[g]}
            <span className="gate-dot-icon" aria-hidden="true">
              {GATE_ICON[status] ?? "?"}
            </span>
          </span>
        );
      })}
    </span>
  );
}

export function QueueView(props: {
  initialPage: QueuePage;
  initialFilters: QueueFilters;
  repositories: { id: string; name: string }[];
  submitters: { id: string; name: string }[];
}) {
  const [filters, setFilters] = useState<QueueFilters>(props.initialFilters);
  const [search, setSearch] = useState(props.initialFilters.q);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];

  // Search is debounced; every filter change starts again from the first page.
  useEffect(() => {
    const t = setTimeout(() => setFilters((f) => (f.q === search.trim() ? f : { ...f, q: search.trim() })), 300);
    return () => clearTimeout(t);
  }, [search]);
  useEffect(() => {
    setCursors([]);
    const qs = toParams(filters).toString();
    // Keep the router's own history state: a null state makes a later router.push fall back to "/".
    window.history.replaceState(window.history.state, "", qs ? `/?${qs}` : "/");
  }, [filters]);

  const isInitial = useMemo(() => JSON.stringify(filters) === JSON.stringify(props.initialFilters), [filters, props.initialFilters]);
  const query = useQuery({
    queryKey: ["queue", filters, cursor ?? null],
    queryFn: () => apiFetch<QueuePage>(`/api/jobs?${toParams(filters, cursor).toString()}`),
    initialData: isInitial && !cursor ? props.initialPage : undefined,
    initialDataUpdatedAt: isInitial && !cursor ? Date.now() : undefined,
    placeholderData: keepPreviousData,
    refetchInterval: POLL_MS,
    staleTime: 0,
  });
  const page = query.data;
  const now = new Date();
  const set = (k: keyof QueueFilters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [k]: e.target.value }));
  const filtered = Object.values(filters).some(Boolean);

  // Keyboard: j/k move through the rows, Enter or o opens one, / jumps to the search box.
  const router = useRouter();
  const searchRef = useRef<HTMLInputElement>(null);
  const [selected, setSelected] = useState(-1);
  // Display order: approvable before blocked, each section under its heading (lib/jobs/queue-sections).
  const shown = useMemo(() => (page ? sectionRows(page.rows) : []), [page]);
  const rows = useMemo(() => shown.map((r) => r.row), [shown]);
  useEffect(() => setSelected(-1), [filters, cursor]);
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!isShortcutKey(e)) return;
      const count = rows.length;
      if (e.key === "/") searchRef.current?.focus();
      else if ((e.key === "j" || e.key === "k") && count > 0) {
        setSelected((i) => (e.key === "j" ? Math.min(i + 1, count - 1) : Math.max(i - 1, 0)));
      } else if ((e.key === "Enter" || e.key === "o") && selected >= 0 && selected < count) {
        router.push(`/jobs/${rows[selected].id}`);
      } else return;
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows, selected, router]);
  useEffect(() => {
    if (selected >= 0) document.querySelector(`[data-testid="queue-row"][data-selected="true"]`)?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  return (
    <div className="queue" data-testid="queue">
      <form className="queue-filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <input
          ref={searchRef}
          type="search"
          placeholder="Search titles or a job id  ( / )"
          aria-label="Search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape") e.currentTarget.blur();
          }}
        />
        <select aria-label="Status" value={filters.status} onChange={set("status")}>
          <option value="">Any status</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s.replace(/_/g, " ")}
            </option>
          ))}
        </select>
        <select aria-label="Repository" value={filters.repositoryId} onChange={set("repositoryId")}>
          <option value="">Any repository</option>
          {props.repositories.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
        <select aria-label="Tier" value={filters.tier} onChange={set("tier")}>
          <option value="">Any tier</option>
          {["local", "fast", "accurate"].map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select aria-label="Gate failing" value={filters.gate} onChange={set("gate")}>
          <option value="">Gates: any result</option>
          <option value="any">Any gate failing</option>
          {GATES.map((g) => (
            <option key={g} value={g}>
              {g} failing
            </option>
          ))}
        </select>
        <select aria-label="Submitter" value={filters.submitterId} onChange={set("submitterId")}>
          <option value="">Any submitter</option>
          {props.submitters.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        {filtered ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => {
              setSearch("");
              setFilters(EMPTY_FILTERS);
            }}
          >
            Clear
          </button>
        ) : null}
      </form>

      <div className="queue-summary muted" data-testid="queue-total">
        {page ? `${page.total.toLocaleString("en-US")}${page.totalCapped ? "+" : ""} job${page.total === 1 ? "" : "s"}` : "…"}
        {query.isFetching ? <span className="queue-live" aria-hidden="true" /> : null}
        {query.error ? <span className="field-error"> Could not refresh: {query.error.message}</span> : null}
      </div>

      {page && page.rows.length === 0 ? (
        <EmptyState title={filtered ? "No job matches these filters" : "No jobs yet"}>
          <p>{filtered ? "Clear a filter to see more." : "Jobs appear here once they are submitted."}</p>
        </EmptyState>
      ) : null}

      {page && page.rows.length > 0 ? (
        <div className="table-wrap">
          <table className="data queue-table" data-testid="queue-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>Status</th>
                <th>Repository</th>
                <th>Tier / model</th>
                <th>Gates</th>
                <th>Submitter</th>
                <th className="num">Age</th>
              </tr>
            </thead>
            <tbody>
              {shown.map(({ row: j, section }, i) => (
                <QueueRowView key={j.id} row={j} now={now} selected={i === selected} section={i === 0 || shown[i - 1].section !== section ? section : null} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      <nav className="pagination" aria-label="Pages">
        <span className="muted small queue-keys">Keys: j/k move · Enter open · / search</span>
        {cursors.length > 0 ? (
          <button type="button" className="button button-secondary button-small" onClick={() => setCursors((c) => c.slice(0, -1))}>
            ← Previous
          </button>
        ) : null}
        <span>Page {cursors.length + 1}</span>
        {page?.nextCursor ? (
          <button type="button" className="button button-secondary button-small" onClick={() => setCursors((c) => [...c, page.nextCursor as string])}>
            Next →
          </button>
        ) : null}
      </nav>
    </div>
  );
}

function QueueRowView({ row: j, now, section, selected }: { row: QueueRow; now: Date; section: QueueSection | null; selected: boolean }) {
  const reason = rowReason(j);
  return (
    <>
      {section ? (
        <tr className={`group-row group-${section}`} data-testid="queue-section" data-section={section}>
          <td colSpan={7}>{SECTION_LABELS[section]}</td>
        </tr>
      ) : null}
      <tr data-testid="queue-row" data-job-id={j.id} data-status={j.status} data-selected={selected || undefined} className={selected ? "row-selected" : undefined}>
        <td className="queue-job">
          <Link href={`/jobs/${j.id}`} className="queue-title">
            {j.title}
          </Link>
          {j.routingReason ? (
            <div className="muted small" data-testid="routing-reason">
              {j.routingReason}
            </div>
          ) : null}
        </td>
        <td className="queue-status" data-label="Status">
          <StatusBadge status={j.status} />
          {j.blockedBy ? (
            j.blockedBy.length ? (
              <span className="badge badge-danger small-badge" data-testid="policy-badge">
                ✗ blocked by policy
              </span>
            ) : (
              <span className="badge badge-ok small-badge" data-testid="policy-badge">
                ✓ can be approved
              </span>
            )
          ) : null}
          {/* Only running jobs show their stage; a finished stage ("gates: …") is history, not progress. */}
          {j.stage && ACTIVE.has(j.status) ? (
            <div className="stage small" data-testid="row-stage">
              {j.stage}
            </div>
          ) : null}
          {reason ? (
            <div className="row-reason small" data-testid="row-reason">
              {reason}
            </div>
          ) : null}
        </td>
        <td data-label="Repository">{j.repository.name}</td>
        <td data-label="Tier / model">
          {j.tier ?? j.routedTier ?? <span className="muted">—</span>}
          {j.model ? <span className="muted">/{j.model}</span> : null}
          {j.recorded ? <span className="badge badge-warn small-badge">recorded</span> : null}
        </td>
        <td data-label="Gates">
          <GateDots row={j} />
        </td>
        <td data-label="Submitter">{j.submitter.name}</td>
        <td className="num" data-label="Age" title={j.createdAt} suppressHydrationWarning>
          {formatAge(new Date(j.createdAt), now)}
        </td>
      </tr>
    </>
  );
}
