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
