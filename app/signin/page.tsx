import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/SignInForm";
import { oauthSignInOptions } from "@/lib/auth/providers";
import { getCurrentUser } from "@/lib/auth/session";
import { safeCallbackUrl, signInErrorMessage } from "@/lib/auth/sign-in-errors";

export const metadata: Metadata = { title: "Sign in" };
// Providers come from the server's environment at request time.
export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const callbackUrl = safeCallbackUrl(first(params.callbackUrl));
  if (await getCurrentUser()) redirect(callbackUrl);
  return (
    <div className="center-page">
      <div className="auth-card">
        <h1>Gatehouse</h1>
        <p className="muted">Sign in to review and submit AI code changes.</p>
        <SignInForm callbackUrl={callbackUrl} providers={oauthSignInOptions()} initialError={signInErrorMessage(first(params.error))} />
      </div>
    </div>
  );
}
