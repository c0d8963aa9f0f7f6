"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, fieldErrors, formError } from "@/components/api-client";
import { EmptyState } from "@/components/ui/EmptyState";
import { Field, FormActions, FormAlert } from "@/components/ui/Field";
import { PROVIDER_KINDS, TIERS } from "@/lib/settings/constants";
import type { ProviderCheck } from "@/lib/settings/provider-check";
import type { ProviderView } from "@/lib/settings/providers";

const KEY = ["settings", "providers"];

type ProviderPayload = Omit<ProviderView, "id" | "apiKeyEnvSet" | "createdAt" | "updatedAt">;

const TIER_HELP: Record<string, string> = {
  fast: "Cheap, quick models for boilerplate and simple changes.",
  accurate: "Strong models for complex work and protected paths.",
  local: "Models served on your own hardware.",
};

/** Empty number inputs become undefined so the server's defaults apply; bad text becomes NaN → a field error. */
function num(f: FormData, name: string): number | undefined {
  const v = String(f.get(name) ?? "").trim();
  return v === "" ? undefined : Number(v);
}

function ProviderForm(props: {
  idPrefix: string;
  initial?: ProviderView;
  tier?: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (payload: Partial<ProviderPayload>) => void;
  onCancel: () => void;
}) {
  const errors = fieldErrors(props.error);
  const id = (f: string) => `${props.idPrefix}-${f}`;
  const p = props.initial;
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    props.onSubmit({
      name: String(f.get("name") ?? ""),
      tier: String(f.get("tier") ?? "") as ProviderView["tier"],
      kind: String(f.get("kind") ?? "") as ProviderView["kind"],
      baseUrl: String(f.get("baseUrl") ?? ""),
      model: String(f.get("model") ?? ""),
      apiKeyEnv: String(f.get("apiKeyEnv") ?? "").trim() || null,
      temperature: num(f, "temperature"),
      maxTokens: num(f, "maxTokens"),
      timeoutMs: num(f, "timeoutMs"),
      pricePer1kInput: num(f, "pricePer1kInput"),
      pricePer1kOutput: num(f, "pricePer1kOutput"),
      enabled: f.get("enabled") === "on",
    });
  }
  const text = (name: keyof ProviderPayload, label: string, hint?: string, value?: string) => (
    <Field id={id(name)} label={label} error={errors[name]} hint={hint}>
      <input id={id(name)} name={name} type="text" defaultValue={value} aria-invalid={!!errors[name]} />
    </Field>
  );
  const number = (name: keyof ProviderPayload, label: string, value: number | undefined, step = "any") => (
    <Field id={id(name)} label={label} error={errors[name]}>
      <input id={id(name)} name={name} type="number" step={step} defaultValue={value} aria-invalid={!!errors[name]} />
    </Field>
  );
  return (
    <form onSubmit={submit} noValidate aria-label={props.submitLabel}>
      <FormAlert message={formError(props.error)} />
      <div className="form-grid">
        {text("name", "Name", "Unique, e.g. gpt-fast", p?.name)}
        <Field id={id("tier")} label="Tier" error={errors.tier}>
          <select id={id("tier")} name="tier" defaultValue={p?.tier ?? props.tier ?? "fast"}>
            {TIERS.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </Field>
        <Field id={id("kind")} label="Kind" error={errors.kind} hint="openai: OpenAI-compatible API · recorded: demo replay">
          <select id={id("kind")} name="kind" defaultValue={p?.kind ?? "openai"}>
            {PROVIDER_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </Field>
        {text("baseUrl", "Base URL", "e.g. http://127.0.0.1:8000/v1", p?.baseUrl)}
        {text("model", "Model name", undefined, p?.model)}
        {text("apiKeyEnv", "API key variable", "Name of the server environment variable holding the key", p?.apiKeyEnv ?? "")}
        {number("temperature", "Temperature", p?.temperature ?? 0.2)}
        {number("maxTokens", "Max tokens", p?.maxTokens ?? 4096, "1")}
        {number("timeoutMs", "Timeout (ms)", p?.timeoutMs ?? 120000, "1")}
        {number("pricePer1kInput", "Price per 1k input tokens", p?.pricePer1kInput ?? 0)}
        {number("pricePer1kOutput", "Price per 1k output tokens", p?.pricePer1kOutput ?? 0)}
        <div className="field">
          <span className="label">Status</span>
          <label className="checkbox">
            <input type="checkbox" name="enabled" defaultChecked={p?.enabled ?? true} /> Enabled
          </label>
        </div>
      </div>
      <FormActions submitLabel={props.submitLabel} pending={props.pending} pendingLabel="Saving…" onCancel={props.onCancel} />
    </form>
  );
}

export function ProvidersManager({ initial, canWrite }: { initial: ProviderView[]; canWrite: boolean }) {
  const qc = useQueryClient();
  const { data: providers } = useQuery({
    queryKey: KEY,
    queryFn: async () => (await apiFetch<{ providers: ProviderView[] }>("/api/settings/providers")).providers,
    initialData: initial,
  });
  const [adding, setAdding] = useState<string | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  // Last "Test connection" outcome per provider, shown in its row until the page reloads.
  const [checks, setChecks] = useState<Record<string, { pending: boolean; ok?: boolean; message?: string }>>({});
  const testConnection = async (id: string) => {
    setChecks((c) => ({ ...c, [id]: { pending: true } }));
    try {
      const { check } = await apiFetch<{ check: ProviderCheck }>(`/api/settings/providers/${id}/check`, { method: "POST", body: {} });
      setChecks((c) => ({ ...c, [id]: { pending: false, ok: check.ok, message: check.message } }));
    } catch (e) {
      setChecks((c) => ({ ...c, [id]: { pending: false, ok: false, message: e instanceof Error ? e.message : "The check failed" } }));
    }
  };
  const done = () => void qc.invalidateQueries({ queryKey: KEY });

  const create = useMutation({
    mutationFn: (body: Partial<ProviderPayload>) => apiFetch("/api/settings/providers", { method: "POST", body }),
    onSuccess: () => {
      setAdding(null);
      done();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<ProviderPayload> }) =>
      apiFetch(`/api/settings/providers/${id}`, { method: "PATCH", body }),
    onSuccess: () => {
      setEditing(null);
      done();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => apiFetch(`/api/settings/providers/${id}`, { method: "DELETE" }),
    onSuccess: () => {
      setConfirmDelete(null);
      done();
    },
  });

  return (
    <>
      <FormAlert message={formError(remove.error)} />
      {TIERS.map((tier) => {
        const inTier = providers.filter((p) => p.tier === tier);
        return (
          <section className="card" key={tier} aria-labelledby={`tier-${tier}`}>
            <div className="page-header" style={{ marginBottom: "0.5rem" }}>
              <div>
                <h2 id={`tier-${tier}`} style={{ margin: 0, textTransform: "capitalize" }}>
                  {tier}
                </h2>
                <p className="muted">{TIER_HELP[tier]}</p>
              </div>
              {canWrite && adding !== tier ? (
                <button type="button" className="button button-secondary button-small" onClick={() => setAdding(tier)}>
                  Add {tier} provider
                </button>
              ) : null}
            </div>
            {adding === tier ? (
              <ProviderForm
                idPrefix={`new-${tier}`}
                tier={tier}
                submitLabel="Add provider"
                pending={create.isPending}
                error={create.error}
                onSubmit={(body) => create.mutate(body)}
                onCancel={() => {
                  setAdding(null);
                  create.reset();
                }}
              />
            ) : null}
            {inTier.length === 0 ? (
              <EmptyState title={`No ${tier} provider`}>
                <p>Jobs routed to this tier cannot run until one is added.</p>
              </EmptyState>
            ) : (
              <div className="table-wrap">
                <table className="data">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>Model</th>
                      <th>Endpoint</th>
                      <th>API key</th>
                      <th className="num">Temp.</th>
                      <th className="num">Max tokens</th>
                      <th className="num">$/1k in · out</th>
                      <th>Status</th>
                      {canWrite ? <th /> : null}
                    </tr>
                  </thead>
                  <tbody>
                    {inTier.map((p) =>
                      editing === p.id ? (
                        <tr key={p.id}>
                          <td colSpan={canWrite ? 9 : 8}>
                            <ProviderForm
                              idPrefix={`provider-${p.id}`}
                              initial={p}
                              submitLabel="Save provider"
                              pending={update.isPending}
                              error={update.error}
                              onSubmit={(body) => update.mutate({ id: p.id, body })}
                              onCancel={() => {
                                setEditing(null);
                                update.reset();
                              }}
                            />
                          </td>
                        </tr>
                      ) : (
                        <tr key={p.id} data-testid="provider">
                          <td>
                            <strong>{p.name}</strong>
                            <div className="muted">{p.kind}</div>
                          </td>
                          <td className="mono">{p.model}</td>
                          <td className="mono">{p.baseUrl}</td>
                          <td>
                            {p.apiKeyEnv ? (
                              <>
                                <code>{p.apiKeyEnv}</code>{" "}
                                <span className={`badge ${p.apiKeyEnvSet ? "badge-ok" : "badge-danger"}`}>
                                  {p.apiKeyEnvSet ? "set" : "not set"}
                                </span>
                              </>
                            ) : (
                              <span className="muted">none</span>
                            )}
                          </td>
                          <td className="num">{p.temperature}</td>
                          <td className="num">{p.maxTokens}</td>
                          <td className="num">
                            {p.pricePer1kInput} · {p.pricePer1kOutput}
                          </td>
                          <td>
                            <span className={`badge ${p.enabled ? "badge-ok" : ""}`}>{p.enabled ? "enabled" : "disabled"}</span>
                            {checks[p.id] ? (
                              <div
                                role="status"
                                data-testid="provider-check"
                                className={checks[p.id].pending ? "muted" : checks[p.id].ok ? "text-ok" : "text-danger"}
                              >
                                {checks[p.id].pending ? "Testing…" : checks[p.id].message}
                              </div>
                            ) : null}
                          </td>
                          {canWrite ? (
                            <td>
                              <div className="row-actions">
                                <button type="button" className="button button-secondary button-small" onClick={() => setEditing(p.id)}>
                                  Edit
                                </button>
                                <button
                                  type="button"
                                  className="button button-secondary button-small"
                                  disabled={checks[p.id]?.pending}
                                  aria-label="Test connection"
                                  title="Test connection: sends one tiny completion through this provider"
                                  onClick={() => void testConnection(p.id)}
                                >
                                  Test
                                </button>
                                {confirmDelete === p.id ? (
                                  <button type="button" className="button button-danger button-small" onClick={() => remove.mutate(p.id)}>
                                    Confirm delete
                                  </button>
                                ) : (
                                  <button type="button" className="button button-danger button-small" onClick={() => setConfirmDelete(p.id)}>
                                    Delete
                                  </button>
                                )}
                              </div>
                            </td>
                          ) : null}
                        </tr>
                      ),
                    )}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        );
      })}
    </>
  );
}
