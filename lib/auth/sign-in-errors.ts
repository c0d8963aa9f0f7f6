/** Turns next-auth's `error` codes into messages; never reveals whether the email or the password was wrong. */
import { isTooManyAttemptsMessage } from "./throttle";

export const INVALID_CREDENTIALS = "Invalid email or password";

export function signInErrorMessage(code: string | null | undefined): string | null {
  if (!code) return null;
  if (code === "CredentialsSignin") return INVALID_CREDENTIALS;
  if (isTooManyAttemptsMessage(code)) return code;
  if (code === "Sign-in is unavailable, try again later") return code;
  if (code === "AccessDenied") return "This account cannot sign in. Ask an admin.";
  if (/^OAuth|^Callback$/.test(code)) return "Sign-in with the external provider failed. Try again.";
  if (code === "SessionRequired") return "Please sign in to continue.";
  return "Sign-in failed. Try again.";
}

/** Only same-site paths, so a crafted link cannot bounce users to another host after sign-in. */
export function safeCallbackUrl(raw: string | null | undefined): string {
  if (!raw) return "/";
  try {
    // Resolved against an empty file: base, a same-site path keeps protocol "file:" and no host;
    // absolute URLs and protocol-relative "//host/…" links do not.
    const u = new URL(raw, "file:///");
    if (u.protocol !== "file:" || u.host !== "") return "/";
    if (u.pathname.startsWith("/signin") || u.pathname.startsWith("/api/")) return "/";
    return `${u.pathname}${u.search}${u.hash}`;
  } catch {
    return "/";
  }
}
