"use client";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import type { SignInOption } from "@/lib/auth/providers";
import { signInErrorMessage } from "@/lib/auth/sign-in-errors";

export function SignInForm(props: { callbackUrl: string; providers: SignInOption[]; initialError: string | null }) {
  const [error, setError] = useState<string | null>(props.initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    try {
      const res = await signIn("credentials", {
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        redirect: false,
        callbackUrl: props.callbackUrl,
      });
      if (!res || res.error || !res.ok) {
        setError(signInErrorMessage(res?.error ?? "CredentialsSignin"));
        setPending(false);
        return;
      }
      // Full navigation so every server component renders with the new session cookie.
      window.location.assign(props.callbackUrl);
    } catch {
      setError("Sign-in failed. Try again.");
      setPending(false);
    }
  }

  return (
    <>
      <form onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="email">Email</label>
          <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input id="password" name="password" type="password" autoComplete="current-password" required />
        </div>
        {error ? (
          <div className="alert alert-error" role="alert" data-testid="signin-error">
            {error}
          </div>
        ) : null}
        <button type="submit" className="button" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {props.providers.length > 0 ? (
        <>
          <div className="divider">or</div>
          <div className="provider-buttons">
            {props.providers.map((p) => (
              <button
                key={p.id}
                type="button"
                className="button button-secondary"
                onClick={() => void signIn(p.id, { callbackUrl: props.callbackUrl })}
              >
                Sign in with {p.name}
              </button>
            ))}
          </div>
        </>
      ) : null}
    </>
  );
}
