"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, fieldErrors, formError } from "@/components/api-client";
import { Field, FormActions, FormAlert } from "@/components/ui/Field";
import { ROLES } from "@/lib/auth/permissions";
import type { UserView } from "@/lib/settings/users";

const KEY = ["admin", "users"];

/** A change waiting for the admin's confirmation, or the last one the server saved. */
interface RowChange {
  id: string;
  body: { role?: string; disabled?: boolean };
  /** What the change does, in words: "Change the role of x from a to b". */
  text: string;
}

export function UsersManager({ initial, currentUserId }: { initial: UserView[]; currentUserId: string }) {
  const qc = useQueryClient();
  const { data: users } = useQuery({
    queryKey: KEY,
    queryFn: async () => (await apiFetch<{ users: UserView[] }>("/api/admin/users")).users,
    initialData: initial,
  });
  const [adding, setAdding] = useState(false);
  const [confirming, setConfirming] = useState<RowChange | null>(null);
  const [saved, setSaved] = useState<RowChange | null>(null);
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });

  const create = useMutation({
    mutationFn: (body: unknown) => apiFetch("/api/admin/users", { method: "POST", body }),
    onSuccess: () => {
      setAdding(false);
      refresh();
    },
  });
  const update = useMutation({
    mutationFn: (c: RowChange) => apiFetch(`/api/admin/users/${c.id}`, { method: "PATCH", body: c.body }),
    onSuccess: (_data, c) => {
      setConfirming(null);
      setSaved(c);
    },
    onSettled: refresh,
  });
  const errors = fieldErrors(create.error);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({
      email: String(f.get("email") ?? ""),
      name: String(f.get("name") ?? ""),
      role: String(f.get("role") ?? "submitter"),
      password: String(f.get("password") ?? ""),
    });
  }

  return (
    <>
      {adding ? (
        <form className="card" onSubmit={submit} noValidate aria-label="Create user">
          <h2>Create user</h2>
          <FormAlert message={formError(create.error)} />
          <div className="form-grid">
            <Field id="new-user-email" label="Email" error={errors.email}>
              <input id="new-user-email" name="email" type="email" aria-invalid={!!errors.email} />
            </Field>
            <Field id="new-user-name" label="Name" error={errors.name}>
              <input id="new-user-name" name="name" type="text" aria-invalid={!!errors.name} />
            </Field>
            <Field id="new-user-role" label="Role" error={errors.role}>
              <select id="new-user-role" name="role" defaultValue="submitter">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </Field>
            <Field id="new-user-password" label="Initial password" error={errors.password} hint="At least 8 characters">
              <input id="new-user-password" name="password" type="password" autoComplete="new-password" aria-invalid={!!errors.password} />
            </Field>
          </div>
          <FormActions
            submitLabel="Create user"
            pending={create.isPending}
            pendingLabel="Creating…"
            onCancel={() => {
              setAdding(false);
              create.reset();
            }}
          />
        </form>
      ) : (
        <p>
          <button type="button" className="button" onClick={() => setAdding(true)}>
            Create user
          </button>
        </p>
      )}
      <FormAlert message={formError(update.error)} />
      <div className="table-wrap">
        <table className="data" data-testid="users-table">
          <thead>
            <tr>
              <th>Email</th>
              <th>Name</th>
              <th>Role</th>
              <th>Sign-in</th>
              <th>Status</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => {
              const self = u.id === currentUserId;
              const asking = confirming?.id === u.id ? confirming : null;
              const ask = (body: RowChange["body"], text: string) => {
                update.reset();
                setSaved(null);
                setConfirming({ id: u.id, body, text });
              };
              return (
              <tr key={u.id} data-email={u.email}>
                <td>
                  {u.email}
                  {self ? <span className="muted"> (you)</span> : null}
                </td>
                <td>{u.name}</td>
                <td>
                  {self ? (
                    // The server refuses both for your own account; nothing to offer that can only fail.
                    <span title="You cannot change your own role">{u.role}</span>
                  ) : (
                    <select
                      aria-label={`Role of ${u.email}`}
                      value={asking?.body.role ?? u.role}
                      disabled={update.isPending}
                      onChange={(e) => {
                        if (e.target.value !== u.role) ask({ role: e.target.value }, `Change the role of ${u.email} from ${u.role} to ${e.target.value}?`);
                        else setConfirming(null);
                      }}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </select>
                  )}
                </td>
                <td className="muted">{u.hasPassword ? "password" : "external"}</td>
                <td>
                  <span className={`badge ${u.disabled ? "badge-danger" : "badge-ok"}`}>{u.disabled ? "disabled" : "active"}</span>
                </td>
                <td className="user-actions">
                  {asking ? (
                    <span className="confirm" role="group" aria-label={`Confirm the change to ${u.email}`}>
                      <span>{asking.text}</span>{" "}
                      <button type="button" className="button button-small" disabled={update.isPending} onClick={() => update.mutate(asking)}>
                        {update.isPending ? "Saving…" : "Confirm"}
                      </button>{" "}
                      <button type="button" className="button button-small button-secondary" disabled={update.isPending} onClick={() => setConfirming(null)}>
                        Cancel
                      </button>
                    </span>
                  ) : self ? (
                    <span className="muted">your account</span>
                  ) : (
                    <button
                      type="button"
                      className={`button button-small ${u.disabled ? "button-secondary" : "button-danger"}`}
                      disabled={update.isPending}
                      onClick={() =>
                        ask(
                          { disabled: !u.disabled },
                          u.disabled ? `Enable ${u.email}? They can sign in again.` : `Disable ${u.email}? They can no longer sign in or use their API tokens.`,
                        )
                      }
                    >
                      {u.disabled ? "Enable" : "Disable"}
                    </button>
                  )}
                  {saved?.id === u.id && !asking ? (
                    <span className="text-ok" role="status" data-testid="user-saved">
                      {" "}
                      Saved
                    </span>
                  ) : null}
                </td>
              </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
