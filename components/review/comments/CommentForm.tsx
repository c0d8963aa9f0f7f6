"use client";
import { useState } from "react";
import { formError } from "@/components/api-client";

/** A comment box: Ctrl/Cmd+Enter sends, Escape cancels. Keeps the text when sending fails. */
export function CommentForm(props: {
  label: string;
  submitLabel: string;
  onSubmit: (body: string) => Promise<unknown>;
  onCancel?: () => void;
  autoFocus?: boolean;
  testId?: string;
}) {
  const [body, setBody] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function send() {
    if (!body.trim()) {
      setError("Write a comment first");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(body);
      setBody("");
    } catch (e) {
      setError(formError(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="comment-form"
      data-testid={props.testId ?? "comment-form"}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <textarea
        aria-label={props.label}
        placeholder={props.label}
        value={body}
        autoFocus={props.autoFocus}
        rows={3}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            void send();
          } else if (e.key === "Escape" && props.onCancel) {
            e.preventDefault();
            props.onCancel();
          }
        }}
        aria-invalid={error ? true : undefined}
      />
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      <div className="comment-actions">
        <button type="submit" className="button button-small" disabled={busy}>
          {busy ? "Sending…" : props.submitLabel}
        </button>
        {props.onCancel ? (
          <button type="button" className="button button-secondary button-small" onClick={props.onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
