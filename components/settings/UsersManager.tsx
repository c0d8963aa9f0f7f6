"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, fieldErrors, formError } from "@/components/api-client";
import { Field, FormActions, FormAlert } from "@/components/ui/Field";
import { ROLES } from "@/lib/auth/permissions";
import type { UserView } from "@/lib/settings/users";

const KEY = ["admin", "users"];

export function UsersManager({ initial, currentUserId }: { initial: UserView[]; currentUserId: string }) {
  const qc = useQueryClient();
  const { data: users } = useQuery({
    queryKey: KEY,
    queryFn: async () => (await apiFetch<{ users: UserView[] }>("/api/admin/users")).users,
    initialData: initial,
  });
  const [adding, setAdding] = useState(false);
  const refresh = () => void qc.invalidateQueries({ queryKey: KEY });

  const create = useMutation({
    mutationFn: (body: unknown) => apiFetch("/api/admin/users", { method: "POST", body }),
    onSuccess: () => {
      setAdding(false);
      refresh();
    },
  });
  const update = useMutation({
    mutationFn: ({ id, body }: { id: string; body: unknown }) => apiFetch(`/api/admin/users/${id}`, { method: "PATCH", body }),
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
            {users.map((u) => (
              <tr key={u.id} data-email={u.email}>
                <td>
                  {u.email}
                  {u.id === currentUserId ? <span className="muted"> (you)</span> : null}
                </td>
                <td>{u.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    disabled={update.isPending}
                    onChange={(e) => update.mutate({ id: u.id, body: { role: e.target.value } })}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r}
                      </option>
                    ))}
                  </select>
                </td>
                <td className="muted">{u.hasPassword ? "password" : "external"}</td>
                <td>
                  <span className={`badge ${u.disabled ? "badge-danger" : "badge-ok"}`}>{u.disabled ? "disabled" : "active"}</span>
                </td>
                <td>
                  <button
                    type="button"
                    className={`button button-small ${u.disabled ? "button-secondary" : "button-danger"}`}
                    disabled={update.isPending}
                    onClick={() => update.mutate({ id: u.id, body: { disabled: !u.disabled } })}
                  >
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
