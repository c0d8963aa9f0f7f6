/**
 * Which sign-in providers are configured, decided from the environment at request time.
 * GitHub needs GITHUB_ID + GITHUB_SECRET; generic OIDC needs OIDC_ISSUER + OIDC_CLIENT_ID + OIDC_CLIENT_SECRET.
 */
import type { Provider } from "next-auth/providers/index";
import GithubProvider from "next-auth/providers/github";

export interface SignInOption {
  id: string;
  name: string;
}

const has = (v: string | undefined): v is string => typeof v === "string" && v.trim() !== "";

export function oauthSignInOptions(env: Record<string, string | undefined> = process.env): SignInOption[] {
  const options: SignInOption[] = [];
  if (has(env.GITHUB_ID) && has(env.GITHUB_SECRET)) options.push({ id: "github", name: "GitHub" });
  if (has(env.OIDC_ISSUER) && has(env.OIDC_CLIENT_ID) && has(env.OIDC_CLIENT_SECRET)) {
    options.push({ id: "oidc", name: has(env.OIDC_NAME) ? env.OIDC_NAME : "Single sign-on" });
  }
  return options;
}

interface OidcProfile {
  sub: string;
  email?: string;
  name?: string;
  preferred_username?: string;
}

export function oauthProviders(env: Record<string, string | undefined> = process.env): Provider[] {
  const providers: Provider[] = [];
  for (const option of oauthSignInOptions(env)) {
    if (option.id === "github") {
      providers.push(GithubProvider({ clientId: env.GITHUB_ID!, clientSecret: env.GITHUB_SECRET! }));
    }
    if (option.id === "oidc") {
      const issuer = env.OIDC_ISSUER!.replace(/\/+$/, "");
      providers.push({
        id: "oidc",
        name: option.name,
        type: "oauth",
        wellKnown: `${issuer}/.well-known/openid-configuration`,
        clientId: env.OIDC_CLIENT_ID!,
        clientSecret: env.OIDC_CLIENT_SECRET!,
        authorization: { params: { scope: "openid email profile" } },
        idToken: true,
        checks: ["pkce", "state"],
        profile(profile: OidcProfile) {
          return {
            id: profile.sub,
            email: profile.email ?? null,
            name: profile.name ?? profile.preferred_username ?? profile.email ?? profile.sub,
          };
        },
      });
    }
  }
  return providers;
}
