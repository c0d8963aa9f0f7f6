"use client";
/**
 * Approve / Reroute / Reject. Every request carries the revision and job version on screen, so a stale
 * page is refused by the server (409) and nothing changes. Approve is disabled, with the reasons shown,
 * when the merge policy is not met; a lead can override with a written justification.
 */
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ApiClientError, apiFetch, fieldErrors } from "@/components/api-client";
import { Field, FormActions } from "@/components/ui/Field";
import type { JobPageData } from "@/lib/jobs/job-detail";
import type { ApprovalVerdict } from "@/lib/review/approvals";
import type { Viewer } from "./types";

const TIERS = ["local", "fast", "accurate"] as const;
const OVERRIDE_MIN = 10;

type Panel = null | "reroute" | "reject" | "override" | "confirm-approve";

/** A keyboard request from the page (a, r, x); seq makes each key press a new request. */
export interface DecisionShortcut {
  action: "approve" | "reroute" | "reject";
  seq: number;
}

interface Outcome {
  tone: "ok" | "error" | "stale";
  message: string;
}

export function DecisionBar(props: {
  data: JobPageData;
  viewer: Viewer;
  onHelp: () => void;
  approvals?: ApprovalVerdict & { viewerApproved: boolean };
  shortcut?: DecisionShortcut | null;
  /** Open line-comment threads on the revision: a reroute sends them to the model. */
  openThreads?: number;
}) {
  const { data, viewer } = props;
  const { job, current, policy } = data;
  const router = useRouter();
  const [panel, setPanel] = useState<Panel>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const minRank = TIERS.indexOf(data.minimumTier as (typeof TIERS)[number]);
  const suggested = TIERS[Math.max(minRank, Math.min(TIERS.indexOf((current?.tier ?? "fast") as (typeof TIERS)[number]) + 1, TIERS.length - 1))];
  const [tier, setTier] = useState<string>(suggested);
  const [model, setModel] = useState("");
  const [note, setNote] = useState(job.status === "conflict" ? `The branch ${data.conflict?.branch ?? job.repository.defaultBranch} moved; regenerate the change against its new head.` : "");
  const [reason, setReason] = useState("");
  const [justification, setJustification] = useState("");

  // a / r / x open the approve confirmation, the reroute form or the reject form: nothing is sent
  // before a second, explicit step.
  const shortcut = props.shortcut;
  useEffect(() => {
    if (!shortcut) return;
    setPanel(shortcut.action === "approve" ? "confirm-approve" : shortcut.action);
  }, [shortcut]);

  const deciding = job.status === "awaiting_review" || job.status === "conflict";
  const mergePending = job.status === "approved";
  // An outcome belongs to the round it decided: when the job is back for a decision (a new revision after
  // a reroute), "Rerouted… queued" is history, not news.
  useEffect(() => {
    if (deciding) setOutcome(null);
  }, [deciding, current?.id]);
  // After a decision the refreshed page has nothing left to decide; the outcome stays visible.
  if ((!deciding && !mergePending) || !current) return outcome ? <OutcomeAlert outcome={outcome} /> : null;

  const isSubmitter = job.submitter.id === viewer.id;
  const blockedForPerson = !viewer.canReview
    ? "Your role cannot decide on changes."
    : isSubmitter
      ? "You submitted this job, so another reviewer decides on it."
      : null;
  const policyBlocked = !policy.met;
  const approveDisabledReason =
    blockedForPerson ??
    (job.status === "conflict"
      ? "The change no longer applies; reroute or reject it."
      : policyBlocked
        ? `Blocked by the merge policy: ${policy.reasons.join("; ")}.`
        : props.approvals?.viewerApproved
          ? `You approved revision ${current.revision}; still needed: ${props.approvals.needed.join("; ") || "nothing"}.`
          : null);
  const a = props.approvals;
  // Whether this person's approval is the last one needed (then approving merges).
  const completes =
    !a || (a.approvedBy.length + 1 >= a.required && (a.leadPaths.length === 0 || a.leadApproved || viewer.role === "lead" || viewer.role === "admin"));

  async function send(kind: "approve" | "reroute" | "reject" | "merge", extra: Record<string, unknown>) {
    setBusy(true);
    setOutcome(null);
    setErrors({});
    try {
      const res = await apiFetch<Record<string, unknown>>(`/api/jobs/${encodeURIComponent(job.id)}/${kind}`, {
        method: "POST",
        body: kind === "merge" ? { version: job.version } : { changeId: current!.id, version: job.version, ...extra },
      });
      let message = "Decision recorded.";
      if (kind === "approve" || kind === "merge") {
        const waiting = (res.approvals as ApprovalVerdict | undefined)?.needed ?? [];
        message =
          res.status === "merged"
            ? `Approved and merged as ${String(res.commit).slice(0, 10)} on ${String(res.branch)}.`
            : res.status === "awaiting_approvals"
              ? `Your approval is recorded; still needed before it merges: ${waiting.join("; ")}.`
              : res.status === "regating"
                ? `Approved. ${String(res.reason)}; it is pushed when they still pass.`
                : res.status === "not-merged"
                  ? `Approved, but not merged yet: ${String(res.reason)}. Finish merge retries.`
                  : `Approved, but the change no longer applies to ${String(res.branch)}: ${String(res.message)}`;
      } else if (kind === "reroute") message = `Rerouted to ${String(res.routedTier)}; the job is queued for a new revision.`;
      else message = "Rejected.";
      const failedMerge =
        (kind === "approve" || kind === "merge") && !["merged", "regating", "awaiting_approvals"].includes(String(res.status));
      setOutcome({ tone: failedMerge ? "error" : "ok", message });
      setPanel(null);
      router.refresh();
    } catch (e) {
      if (e instanceof ApiClientError && e.status === 409) setOutcome({ tone: "stale", message: e.message });
      else {
        setErrors(fieldErrors(e));
        setOutcome({ tone: "error", message: e instanceof Error ? e.message : "The decision failed" });
      }
    } finally {
      setBusy(false);
    }
  }

  const tierProviders = data.providers.filter((p) => p.tier === tier);
  const sameModel = sameTierAndModel(current, tier, model, tierProviders);

  if (mergePending) {
    return (
      <section className="decision-bar card" aria-label="Decision" data-testid="decision-bar">
        <p className="decision-blocked" data-testid="merge-pending">
          {job.statusReason?.startsWith("not merged:") ? (
            <>Approved, but {job.statusReason}. </>
          ) : (
            <>Approved, but the merge has not completed — the server may have stopped while merging. </>
          )}
          Finishing it adopts a commit that already landed on the branch instead of committing twice.
        </p>
        <div className="decision-buttons">
          <button
            type="button"
            className="button"
            disabled={busy || blockedForPerson !== null}
            aria-describedby={blockedForPerson ? "approve-blocked" : undefined}
            onClick={() => send("merge", {})}
          >
            Finish merge
          </button>
        </div>
        {blockedForPerson ? (
          <p id="approve-blocked" className="decision-blocked" data-testid="approve-blocked">
            {blockedForPerson}
          </p>
        ) : null}
        {outcome ? <OutcomeAlert outcome={outcome} /> : null}
      </section>
    );
  }

  return (
    <section className="decision-bar card" aria-label="Decision" data-testid="decision-bar">
      <div className="decision-buttons">
        <button
          type="button"
          className="button"
          disabled={busy || approveDisabledReason !== null}
          aria-describedby={approveDisabledReason ? "approve-blocked" : undefined}
          onClick={() => send("approve", {})}
        >
          Approve
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy || blockedForPerson !== null}
          aria-expanded={panel === "reroute"}
          onClick={() => setPanel(panel === "reroute" ? null : "reroute")}
        >
          Reroute
        </button>
        <button
          type="button"
          className="button button-danger"
          disabled={busy || blockedForPerson !== null}
          aria-expanded={panel === "reject"}
          onClick={() => setPanel(panel === "reject" ? null : "reject")}
        >
          Reject
        </button>
        {viewer.canOverride && !isSubmitter && policyBlocked && job.status === "awaiting_review" ? (
          <button type="button" className="button button-secondary" aria-expanded={panel === "override"} onClick={() => setPanel(panel === "override" ? null : "override")}>
            Override policy…
          </button>
        ) : null}
        <span className="spacer" />
        <button type="button" className="button button-secondary button-small" onClick={props.onHelp} aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)">
          ?
        </button>
      </div>
      {approveDisabledReason ? (
        <p id="approve-blocked" className="decision-blocked" data-testid="approve-blocked">
          {approveDisabledReason}
        </p>
      ) : null}
      {outcome ? <OutcomeAlert outcome={outcome} /> : null}

      {panel === "confirm-approve" ? (
        <div className="decision-form" role="group" aria-label="Confirm approval" data-testid="confirm-approve">
          {approveDisabledReason ? (
            <p className="decision-blocked">Cannot approve: {approveDisabledReason}</p>
          ) : (
            <p>
              Approve revision {current.revision}
              {completes ? " and merge it" : ` — it will still need more after yours (now needed: ${a?.needed.join("; ")})`}
              ?
            </p>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button"
              autoFocus
              disabled={busy || approveDisabledReason !== null}
              onClick={() => void send("approve", {})}
            >
              Approve
            </button>
            <button type="button" className="button button-secondary" onClick={() => setPanel(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}

      {panel === "reroute" ? (
        <form
          className="decision-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            void send("reroute", { tier, model: model || null, note });
          }}
        >
          <div className="form-grid">
            <Field id="reroute-tier" label="Tier" error={errors.tier} hint={`Lowest allowed: ${data.minimumTier} (routing rules)`}>
              <select
                id="reroute-tier"
                value={tier}
                onChange={(e) => {
                  setTier(e.target.value);
                  setModel("");
                }}
                aria-invalid={errors.tier ? true : undefined}
              >
                {TIERS.map((t, i) => (
                  <option key={t} value={t} disabled={i < minRank}>
                    {t}
                    {i < minRank ? " (below the minimum)" : ""}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="reroute-model" label="Model" error={errors.model}>
              <select id="reroute-model" value={model} onChange={(e) => setModel(e.target.value)} aria-invalid={errors.model ? true : undefined}>
                <option value="">Any {tier} model</option>
                {tierProviders.map((p) => (
                  <option key={p.name} value={p.model}>
                    {p.model} ({p.name})
                  </option>
                ))}
              </select>
            </Field>
            {sameModel ? (
              <p className="alert alert-warn span-all" role="status" data-testid="reroute-same-model">
                Revision {current.revision} came from {current.tier}/{current.model}: rerouting to the same tier and model
                {current.recorded ? " replays the same recording" : " often produces the same change"}. Pick another tier or model, or make the note
                specific.
              </p>
            ) : null}
            <Field id="reroute-note" label="Note for the next attempt" error={errors.note} className="span-all" hint={
                props.openThreads
                  ? `Goes into the model's prompt, with the ${props.openThreads} open line comment thread${props.openThreads === 1 ? "" : "s"} (resolve the ones that should not be sent).`
                  : "Goes into the model's prompt."
              }
            >
              <textarea id="reroute-note" value={note} onChange={(e) => setNote(e.target.value)} aria-invalid={errors.note ? true : undefined} />
            </Field>
          </div>
          <FormActions submitLabel={`Reroute to ${tier}`} pending={busy} onCancel={() => setPanel(null)} />
        </form>
      ) : null}

      {panel === "reject" ? (
        <form
          className="decision-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!reason.trim()) {
              setErrors({ reason: "A reason is required to reject" });
              return;
            }
            void send("reject", { reason });
          }}
        >
          <Field id="reject-reason" label="Reason" error={errors.reason} hint="Shown on the job and to the submitter.">
            <textarea id="reject-reason" value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={errors.reason ? true : undefined} />
          </Field>
          <FormActions submitLabel="Reject job" tone="danger" pending={busy} onCancel={() => setPanel(null)} />
        </form>
      ) : null}

      {panel === "override" ? (
        <form
          className="decision-form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (justification.trim().length < OVERRIDE_MIN) {
              setErrors({ "override.justification": `Write a justification of at least ${OVERRIDE_MIN} characters` });
              return;
            }
            void send("approve", { override: { justification } });
          }}
        >
          <p className="muted">The policy is not met: {policy.reasons.join("; ")}. Your justification is recorded on the job and in the merge commit.</p>
          <Field id="override-justification" label="Justification" error={errors["override.justification"]}>
            <textarea
              id="override-justification"
              value={justification}
              onChange={(e) => setJustification(e.target.value)}
              aria-invalid={errors["override.justification"] ? true : undefined}
            />
          </Field>
          <FormActions submitLabel="Approve with override" pending={busy} onCancel={() => setPanel(null)} />
        </form>
      ) : null}
    </section>
  );
}

/** True when a reroute would go back to the tier and model that produced the current revision. */
function sameTierAndModel(
  current: { tier: string; model: string },
  tier: string,
  model: string,
  tierProviders: { model: string }[],
): boolean {
  if (tier !== current.tier) return false;
  if (model) return model === current.model;
  // "Any model": the same one unless the tier offers another.
  return tierProviders.every((p) => p.model === current.model);
}

function OutcomeAlert({ outcome }: { outcome: Outcome }) {
  return (
    <div className={`alert ${outcome.tone === "ok" ? "alert-ok" : "alert-error"}`} role="alert" data-testid="decision-outcome">
      {outcome.tone === "stale" ? <strong>This page is out of date. </strong> : null}
      {outcome.message}
      {outcome.tone === "stale" ? (
        <>
          {" "}
          <button type="button" className="button button-secondary button-small" onClick={() => window.location.reload()}>
            Reload
          </button>
        </>
      ) : null}
    </div>
  );
}
