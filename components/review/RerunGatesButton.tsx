"use client";
/** Re-run the current revision's gates (flaky tests, a registry that changed); the worker picks it up. */
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, formError } from "@/components/api-client";

export function RerunGatesButton(props: { jobId: string; changeId: string; version: number; revision: number }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function rerun() {
    setBusy(true);
    setMessage(null);
    try {
      await apiFetch(`/api/jobs/${encodeURIComponent(props.jobId)}/rerun-gates`, {
        method: "POST",
        body: { changeId: props.changeId, version: props.version },
      });
      setMessage({ ok: true, text: `Gates of revision ${props.revision} queued to run again.` });
      router.refresh();
    } catch (e) {
      setMessage({ ok: false, text: formError(e) ?? "Could not re-run the gates" });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="rerun-gates">
      <button type="button" className="button button-secondary button-small" disabled={busy} onClick={() => void rerun()} data-testid="rerun-gates">
        {busy ? "Queuing…" : "↻ Re-run gates"}
      </button>
      {message ? (
        <span role="status" className={message.ok ? "text-ok" : "text-danger"} data-testid="rerun-outcome">
          {message.text}
        </span>
      ) : null}
    </div>
  );
}
