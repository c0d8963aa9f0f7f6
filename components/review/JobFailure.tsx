"use client";
/**
 * A failed job: why, what to do about it (a job no recording covers needs a real provider for its tier,
 * configured in Settings → Providers) and Retry for reviewers (the server checks the role and audits it).
 */
import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, formError } from "@/components/api-client";
import { FormAlert } from "@/components/ui/Field";
import { can } from "@/lib/auth/permissions";
import type { JobFailureView } from "@/lib/jobs/failure";
import type { Viewer } from "./types";

export function JobFailure(props: { jobId: string; version: number; failure: JobFailureView; viewer: Viewer }) {
  const router = useRouter();
  const qc = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const { failure, viewer } = props;
  const tier = failure.tier ?? "this";

  async function retry() {
    setBusy(true);
    setError(null);
    try {
      await apiFetch(`/api/jobs/${encodeURIComponent(props.jobId)}/retry`, { method: "POST", body: { version: props.version } });
      // The live status stopped polling when the job failed; it follows the job again from here.
      await qc.invalidateQueries({ queryKey: ["job-status", props.jobId] });
      router.refresh();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <section className="alert alert-error job-failure" role="alert" data-testid="job-failure">
      {failure.code === "no-recording" ? (
        <>
          <strong>No recording covers this job.</strong>{" "}
          <span data-testid="failure-reason">
            The {tier} tier is served only by the demo&apos;s recorded provider{failure.provider ? ` (${failure.provider})` : ""}, which replays
            the demo jobs and nothing else: no change was generated and no gates ran.
          </span>
        </>
      ) : (
        <>
          <strong>This job failed.</strong> <span data-testid="failure-reason">{failure.reason}</span>
        </>
      )}
      {failure.code === "no-recording" ? (
        <p data-testid="failure-fix">
          {"What to do: "}
          {can(viewer.role, "settings:write") ? (
            <>
              <Link href="/settings/providers">Configure a real provider for the {tier} tier in Settings → Providers</Link>, then retry.
            </>
          ) : (
            <>Ask a lead to configure a real provider for the {tier} tier in Settings → Providers, then retry.</>
          )}
        </p>
      ) : null}
      <FormAlert message={formError(error)} />
      {viewer.canReview ? (
        <p>
          <button type="button" className="button button-small" onClick={() => void retry()} disabled={busy}>
            {busy ? "Retrying…" : "Retry"}
          </button>
        </p>
      ) : null}
    </section>
  );
}
