"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { apiFetch, fieldErrors, formError } from "@/components/api-client";
import { EmptyState } from "@/components/ui/EmptyState";
import { Field, FormActions, FormAlert } from "@/components/ui/Field";
import { ECOSYSTEMS } from "@/lib/settings/constants";
import type { RepositoryView } from "@/lib/settings/repositories";
import { sarifCommandsFromText, sarifCommandsToText } from "@/lib/settings/sarif-commands";

const KEY = ["settings", "repositories"];

interface RepositoryPayload {
  name: string;
  /** A clone URL or an absolute local path (the server tells them apart). */
  url: string;
  credentialEnv: string | null;
  sshKeyEnv: string | null;
  webUrl: string | null;
  compareUrlTemplate: string | null;
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
  const formRef = useRef<HTMLFormElement>(null);
  const [connection, setConnection] = useState<{ pending: boolean; result?: ConnectionResult; error?: unknown }>({ pending: false });
  const text = (f: FormData, k: string) => String(f.get(k) ?? "").trim() || null;
  function payload(f: FormData): RepositoryPayload {
    return {
      name: String(f.get("name") ?? ""),
      url: String(f.get("url") ?? ""),
      credentialEnv: text(f, "credentialEnv"),
      sshKeyEnv: text(f, "sshKeyEnv"),
      webUrl: text(f, "webUrl"),
      compareUrlTemplate: text(f, "compareUrlTemplate"),
      defaultBranch: String(f.get("defaultBranch") ?? ""),
      testCommand: String(f.get("testCommand") ?? "") || null,
      ecosystems: f.getAll("ecosystems").map(String),
      branchPerChange: f.get("branchPerChange") === "on",
      sarifCommands: sarifCommandsFromText(String(f.get("sarifCommands") ?? "")),
    };
  }
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    props.onSubmit(payload(new FormData(e.currentTarget)));
  }
  async function testConnection() {
    if (!formRef.current) return;
    const p = payload(new FormData(formRef.current));
    setConnection({ pending: true });
    try {
      const body = { url: p.url, credentialEnv: p.credentialEnv, sshKeyEnv: p.sshKeyEnv, ...(p.defaultBranch ? { defaultBranch: p.defaultBranch } : {}) };
      setConnection({ pending: false, result: await apiFetch<ConnectionResult>("/api/settings/repositories/test", { method: "POST", body }) });
    } catch (error) {
      setConnection({ pending: false, error });
    }
  }
  const r = props.initial;
  const sarifError = Object.entries(errors).find(([k]) => k.startsWith("sarifCommands"))?.[1];
  return (
    <form ref={formRef} onSubmit={submit} noValidate aria-label={props.submitLabel}>
      <FormAlert message={formError(props.error)} />
      <div className="form-grid">
        <Field id={id("name")} label="Name" error={errors.name} hint="Short identifier, e.g. billing-service">
          <input id={id("name")} name="name" type="text" defaultValue={r?.name} aria-invalid={!!errors.name} required />
        </Field>
        <Field
          id={id("url")}
          label="Clone URL or local path"
          error={errors.url ?? errors.path}
          hint="https://…, ssh://… or user@host:path, git://…, file://…, or an absolute path on the server"
          className="span-all"
        >
          <input id={id("url")} name="url" type="text" defaultValue={r?.url ?? r?.path} aria-invalid={!!(errors.url ?? errors.path)} required />
        </Field>
        <Field id={id("credentialEnv")} label="Token variable (https)" error={errors.credentialEnv} hint="Name of the env variable holding the token, e.g. GITHUB_TOKEN — never the token">
          <input id={id("credentialEnv")} name="credentialEnv" type="text" defaultValue={r?.credentialEnv ?? ""} autoComplete="off" />
        </Field>
        <Field id={id("sshKeyEnv")} label="SSH key variable (ssh)" error={errors.sshKeyEnv} hint="Name of the env variable holding the key file's path">
          <input id={id("sshKeyEnv")} name="sshKeyEnv" type="text" defaultValue={r?.sshKeyEnv ?? ""} autoComplete="off" />
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
        <Field id={id("webUrl")} label="Web URL" error={errors.webUrl} hint="Browser address of the repository ({web}); derived from the clone URL when empty">
          <input id={id("webUrl")} name="webUrl" type="text" defaultValue={r?.webUrl ?? ""} />
        </Field>
        <Field id={id("compareUrlTemplate")} label="Compare link" error={errors.compareUrlTemplate} hint="For branch per change, e.g. {web}/compare/{base}...{branch}">
          <input id={id("compareUrlTemplate")} name="compareUrlTemplate" type="text" defaultValue={r?.compareUrlTemplate ?? ""} />
        </Field>
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
      <div className="connection-test" aria-live="polite">
        <button type="button" className="button button-secondary button-small" onClick={() => void testConnection()} disabled={connection.pending}>
          {connection.pending ? "Testing…" : "Test connection"}
        </button>{" "}
        <ConnectionOutcome state={connection} />
      </div>
      <FormActions submitLabel={props.submitLabel} pending={props.pending} pendingLabel="Saving…" onCancel={props.onCancel} />
    </form>
  );
}

interface ConnectionResult {
  ok: boolean;
  branches: string[];
  issues: { path: string; message: string }[];
  failure?: string;
}

function ConnectionOutcome({ state }: { state: { result?: ConnectionResult; error?: unknown } }) {
  if (state.error) return <span className="field-error" data-testid="connection-result">{formError(state.error) ?? "The test failed"}</span>;
  const r = state.result;
  if (!r) return null;
  if (r.ok) {
    return (
      <span className="muted" data-testid="connection-result">
        Connected: {r.branches.length} branch{r.branches.length === 1 ? "" : "es"} ({r.branches.slice(0, 8).join(", ")}
        {r.branches.length > 8 ? ", …" : ""})
      </span>
    );
  }
  return (
    <span className="field-error" data-testid="connection-result">
      {r.issues.map((i) => i.message).join("; ")}
    </span>
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
          <p>Add the repository jobs should change: its clone URL, or a local path.</p>
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
                  <p className="muted mono">{r.url ?? r.path}</p>
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
                {r.branchPerChange ? "branch per change" : r.url ? "pushes to the default branch" : "merges into the default branch"}
                {r.credentialEnv ? <> · token from <code>{r.credentialEnv}</code></> : null}
                {r.sshKeyEnv ? <> · ssh key from <code>{r.sshKeyEnv}</code></> : null}
                {r.sarifCommands.length ? <> · SARIF {r.sarifCommands.map((c) => c.name).join(", ")}</> : null}
              </p>
            </div>
          ),
        )
      )}
    </>
  );
}
