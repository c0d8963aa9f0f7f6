import type { ReactNode } from "react";

/** Label + control + hint + inline error. The control must carry the given id. */
export function Field(props: { id: string; label: string; error?: string; hint?: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div className={`field ${props.className ?? ""}`}>
      <label htmlFor={props.id}>{props.label}</label>
      {props.children}
      {props.hint ? <span className="hint">{props.hint}</span> : null}
      {props.error ? (
        <span className="field-error" id={`${props.id}-error`} role="alert">
          {props.error}
        </span>
      ) : null}
    </div>
  );
}

export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <div className="alert alert-error" role="alert">
      {message}
    </div>
  );
}

/**
 * A form's submit button (labelled `pendingLabel` while pending) and an optional Cancel, plus anything
 * shown beside them (e.g. "Last saved …").
 */
export function FormActions(props: {
  submitLabel: ReactNode;
  pending?: boolean;
  pendingLabel?: string;
  tone?: "primary" | "danger";
  onCancel?: () => void;
  children?: ReactNode;
}) {
  return (
    <div className="form-actions">
      <button type="submit" className={props.tone === "danger" ? "button button-danger" : "button"} disabled={props.pending}>
        {props.pending && props.pendingLabel ? props.pendingLabel : props.submitLabel}
      </button>
      {props.onCancel ? (
        <button type="button" className="button button-secondary" onClick={props.onCancel}>
          Cancel
        </button>
      ) : null}
      {props.children}
    </div>
  );
}
