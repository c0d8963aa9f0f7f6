"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, fieldErrors, formError } from "@/components/api-client";
import { EmptyState } from "@/components/ui/EmptyState";
import { Field, FormActions, FormAlert } from "@/components/ui/Field";
import { formatUtc } from "@/components/ui/format";
import type { TokenView } from "@/lib/settings/tokens";

const KEY = ["tokens"];

export function TokensManager({ initial }: { initial: TokenView[] }) {
  const qc = useQueryClient();
  const { data: tokens } = useQuery({
    queryKey: KEY,
    queryFn: async () => (await apiFetch<{ tokens: TokenView[] }>("/api/tokens")).tokens,
    initialData: initial,
  });
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });

  const create = useMutation({
    mutationFn: (body: { name: string }) => apiFetch<{ token: string; apiToken: TokenView }>("/api/tokens", { method: "POST", body }),
    onSuccess: (data, vars) => {
      setCreated({ name: vars.name, token: data.token });
      setCopied(false);
      refresh();
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/tokens/${id}`, { method: "DELETE" }),
    onSettled: refresh,
  });
  const errors = fieldErrors(create.error);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    create.mutate({ name: String(new FormData(form).get("name") ?? "") }, { onSuccess: () => form.reset() });
  }

  return (
    <>
      <form className="card" onSubmit={submit} noValidate aria-label="Create token">
        <h2>Create a token</h2>
        <FormAlert message={formError(create.error)} />
        <div className="form-grid">
          <Field id="token-name" label="Token name" error={errors.name} hint="Where it is used, e.g. ci or laptop">
            <input id="token-name" name="name" type="text" aria-invalid={!!errors.name} />
          </Field>
        </div>
        <FormActions submitLabel="Create token" pending={create.isPending} pendingLabel="Creating…" />
      </form>
      {created ? (
        <div className="alert alert-info" role="status" data-testid="new-token">
          <p>
            <strong>Token “{created.name}” created.</strong> Copy it now: it is shown only once.
          </p>
          <div className="token-once">
            <code>{created.token}</code>
            <button
              type="button"
              className="button button-secondary button-small"
              onClick={() => {
                void navigator.clipboard?.writeText(created.token).then(() => setCopied(true));
              }}
            >
              {copied ? "Copied" : "Copy"}
            </button>
            <button type="button" className="button button-secondary button-small" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      <FormAlert message={formError(revoke.error)} />
      {tokens.length === 0 ? (
        <EmptyState title="No API tokens yet">
          <p>Create one to use the CLI or call the API from CI.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="tokens-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Token</th>
                <th>Created</th>
                <th>Last used</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {tokens.map((t) => (
                <tr key={t.id}>
                  <td>{t.name}</td>
                  <td className="mono">{t.prefix}…</td>
                  <td>{formatUtc(t.createdAt)}</td>
                  <td>{t.lastUsedAt ? formatUtc(t.lastUsedAt) : <span className="muted">never</span>}</td>
                  <td>
                    <span className={`badge ${t.revokedAt ? "badge-danger" : "badge-ok"}`}>{t.revokedAt ? "revoked" : "active"}</span>
                  </td>
                  <td>
                    {t.revokedAt ? null : (
                      <button
                        type="button"
                        className="button button-danger button-small"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate(t.id)}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
