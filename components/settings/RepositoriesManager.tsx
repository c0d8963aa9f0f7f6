"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, fieldErrors, formError } from "@/components/api-client";
import { EmptyState } from "@/components/ui/EmptyState";
import { Field, FormActions, FormAlert } from "@/components/ui/Field";
import { ECOSYSTEMS } from "@/lib/settings/constants";
import type { RepositoryView } from "@/lib/settings/repositories";
import { sarifCommandsFromText, sarifCommandsToText } from "@/lib/settings/sarif-commands";

const KEY = ["settings", "repositories"];

interface RepositoryPayload {
  name: string;
  path: string;
  defaultBranch: string;
  testCommand: string | null;
  ecosystems: string[];
  branchPerChange: boolean;
  sarifCommands: { name: string; command: string }[];
}

function RepositoryForm(props: {
  idPrefix: string;
  initial?: RepositoryView;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (payload: RepositoryPayload) => void;
  onCancel?: () => void;
}) {
  const errors = fieldErrors(props.error);
  const id = (f: string) => `${props.idPrefix}-${f}`;
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    props.onSubmit({
      name: String(f.get("name") ?? ""),
      path: String(f.get("path") ?? ""),
      defaultBranch: String(f.get("defaultBranch") ?? ""),
      testCommand: String(f.get("testCommand") ?? "") || null,
      ecosystems: f.getAll("ecosystems").map(String),
      branchPerChange: f.get("branchPerChange") === "on",
      sarifCommands: sarifCommandsFromText(String(f.get("sarifCommands") ?? "")),
    });
  }
  const r = props.initial;
  const sarifError = Object.entries(errors).find(([k]) => k.startsWith("sarifCommands"))?.[1];
  return (
    <form onSubmit={submit} noValidate aria-label={props.submitLabel}>
      <FormAlert message={formError(props.error)} />
      <div className="form-grid">
        <Field id={id("name")} label="Name" error={errors.name} hint="Short identifier, e.g. billing-service">
          <input id={id("name")} name="name" type="text" defaultValue={r?.name} aria-invalid={!!errors.name} required />
        </Field>
        <Field id={id("path")} label="Local git path" error={errors.path} hint="Absolute path on the server" className="span-all">
          <input id={id("path")} name="path" type="text" defaultValue={r?.path} aria-invalid={!!errors.path} required />
        </Field>
        <Field id={id("defaultBranch")} label="Default branch" error={errors.defaultBranch}>
          <input
            id={id("defaultBranch")}
            name="defaultBranch"
            type="text"
            defaultValue={r?.defaultBranch ?? "main"}
            aria-invalid={!!errors.defaultBranch}
            required
          />
        </Field>
        <Field id={id("testCommand")} label="Test command" error={errors.testCommand} hint="Run in the repository, e.g. npm test">
          <input id={id("testCommand")} name="testCommand" type="text" defaultValue={r?.testCommand ?? ""} />
        </Field>
        <div className="field">
          <span className="label">Ecosystems</span>
          <div className="checkbox-group">
            {ECOSYSTEMS.map((e) => (
              <label key={e} className="checkbox">
                <input type="checkbox" name="ecosystems" value={e} defaultChecked={r?.ecosystems.includes(e)} /> {e}
              </label>
            ))}
          </div>
          {errors.ecosystems ? <span className="field-error">{errors.ecosystems}</span> : null}
        </div>
        <div className="field">
          <span className="label">Merging</span>
          <label className="checkbox">
            <input type="checkbox" name="branchPerChange" defaultChecked={r?.branchPerChange} /> New branch per change
          </label>
        </div>
        <Field
          id={id("sarifCommands")}
          label="SARIF analysers"
          error={sarifError}
          hint={'One per line, "name: command". Runs sandboxed in the change\'s checkout and at its base; writes SARIF to stdout or to $GATEHOUSE_SARIF_FILE.'}
          className="span-all"
        >
          <textarea
            id={id("sarifCommands")}
            name="sarifCommands"
            rows={3}
            className="mono"
            defaultValue={sarifCommandsToText(r?.sarifCommands ?? [])}
            placeholder="semgrep: semgrep scan --sarif --config .semgrep.yml"
            aria-invalid={!!sarifError}
          />
        </Field>
      </div>
      <FormActions submitLabel={props.submitLabel} pending={props.pending} pendingLabel="Saving…" onCancel={props.onCancel} />
    </form>
  );
}

export function RepositoriesManager({ initial, canWrite }: { initial: RepositoryView[]; canWrite: boolean }) {
  const qc = useQueryClient();
  const { data: repositories } = useQuery({
    queryKey: KEY,
    queryFn: async () => (await apiFetch<{ repositories: RepositoryView[] }>("/api/settings/repositories")).repositories,
    initialData: initial,
  });
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);

  const create = useMutation({
    mutationFn: (body: RepositoryPayload) => apiFetch("/api/settings/repositories", { method: "POST", body }),
    onSuccess: () => {
      setAdding(false);
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: RepositoryPayload }) =>
      apiFetch(`/api/settings/repositories/${id}`, { method: "PATCH", body }),
    onSuccess: () => {
      setEditing(null);
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/settings/repositories/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      setConfirmDelete(null);
      void qc.invalidateQueries({ queryKey: KEY });
    },
  });

  return (
    <>
      {canWrite ? (
        adding ? (
          <div className="card">
            <h2>Add repository</h2>
            <RepositoryForm
              idPrefix="new-repo"
              submitLabel="Add repository"
              pending={create.isPending}
              error={create.error}
              onSubmit={(body) => create.mutate(body)}
              onCancel={() => {
                setAdding(false);
                create.reset();
              }}
            />
          </div>
        ) : (
          <p>
            <button type="button" className="button" onClick={() => setAdding(true)}>
              Add repository
            </button>
          </p>
        )
      ) : null}
      <FormAlert message={formError(remove.error)} />
      {repositories.length === 0 ? (
        <EmptyState title="No repositories yet">
          <p>Add the local git repository that jobs should change.</p>
        </EmptyState>
      ) : (
        repositories.map((r) =>
          editing === r.id ? (
            <div className="card" key={r.id}>
              <h2>Edit {r.name}</h2>
              <RepositoryForm
                idPrefix={`repo-${r.id}`}
                initial={r}
                submitLabel="Save repository"
                pending={update.isPending}
                error={update.error}
                onSubmit={(body) => update.mutate({ id: r.id, body })}
                onCancel={() => {
                  setEditing(null);
                  update.reset();
                }}
              />
            </div>
          ) : (
            <div className="card" key={r.id} data-testid="repository">
              <div className="page-header" style={{ marginBottom: 0 }}>
                <div>
                  <h3 style={{ margin: 0 }}>{r.name}</h3>
                  <p className="muted mono">{r.path}</p>
                </div>
                {canWrite ? (
                  <div className="row-actions">
                    <button type="button" className="button button-secondary button-small" onClick={() => setEditing(r.id)}>
                      Edit
                    </button>
                    {confirmDelete === r.id ? (
                      <button type="button" className="button button-danger button-small" onClick={() => remove.mutate(r.id)}>
                        Confirm delete
                      </button>
                    ) : (
                      <button type="button" className="button button-danger button-small" onClick={() => setConfirmDelete(r.id)}>
                        Delete
                      </button>
                    )}
                  </div>
                ) : null}
              </div>
              <p>
                Branch <code>{r.defaultBranch}</code> · Tests {r.testCommand ? <code>{r.testCommand}</code> : <span className="muted">none</span>} ·
                Ecosystems {r.ecosystems.length ? r.ecosystems.join(", ") : <span className="muted">none</span>} ·{" "}
                {r.branchPerChange ? "branch per change" : "merges into the default branch"}
                {r.sarifCommands.length ? <> · SARIF {r.sarifCommands.map((c) => c.name).join(", ")}</> : null}
              </p>
            </div>
          ),
        )
      )}
    </>
  );
}
