"use client";
/** A consumer of a changed error message, opened read-only at the base commit and at its line. */
import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { apiFetch } from "@/components/api-client";
import { FileView } from "./DiffView";
import { languageOf } from "./language";

interface FileResponse {
  path: string;
  commit: string;
  content: string;
  binary: boolean;
  tooLarge: boolean;
}

export function ConsumerViewer(props: { jobId: string; changeId: string; file: string; line: number; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const q = useQuery({
    queryKey: ["file-at-base", props.changeId, props.file],
    queryFn: () =>
      apiFetch<FileResponse>(
        `/api/jobs/${encodeURIComponent(props.jobId)}/file?changeId=${encodeURIComponent(props.changeId)}&path=${encodeURIComponent(props.file)}`,
      ),
    staleTime: Infinity,
  });
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  return (
    <dialog ref={dialog} className="modal wide" onClose={props.onClose} aria-label={`${props.file} at the base commit`} data-testid="consumer-dialog">
      <header className="modal-head">
        <div>
          <strong>
            {props.file}:{props.line}
          </strong>{" "}
          <span className="muted">read-only, at the base commit {q.data ? q.data.commit.slice(0, 10) : ""}</span>
        </div>
        <button type="button" className="button button-secondary button-small" onClick={() => dialog.current?.close()}>
          Close
        </button>
      </header>
      {q.isPending ? <p className="muted">Loading…</p> : null}
      {q.error ? <div className="alert alert-error">{q.error.message}</div> : null}
      {q.data && (q.data.binary || q.data.tooLarge) ? <p className="muted">This file cannot be shown ({q.data.binary ? "binary" : "too large"}).</p> : null}
      {q.data && !q.data.binary && !q.data.tooLarge ? (
        <FileView path={`gatehouse://base/${props.changeId}/${props.file}`} content={q.data.content} language={languageOf(props.file)} line={props.line} />
      ) : null}
    </dialog>
  );
}
