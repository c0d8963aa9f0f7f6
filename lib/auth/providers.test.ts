import { describe, expect, it } from "vitest";
import { oauthProviders, oauthSignInOptions } from "./providers";

describe("configured sign-in providers", () => {
  it("offers only email + password when nothing is configured", () => {
    expect(oauthSignInOptions({})).toEqual([]);
    expect(oauthProviders({})).toEqual([]);
  });

  it("needs both GitHub variables", () => {
    expect(oauthSignInOptions({ GITHUB_ID: "x" })).toEqual([]);
    expect(oauthSignInOptions({ GITHUB_ID: "x", GITHUB_SECRET: "y" })).toEqual([{ id: "github", name: "GitHub" }]);
  });

  it("builds a generic OIDC provider from the issuer's well-known document", () => {
    const env = { OIDC_ISSUER: "http://127.0.0.1:9000/realms/x/", OIDC_CLIENT_ID: "gh", OIDC_CLIENT_SECRET: "s", OIDC_NAME: "Company SSO" };
    expect(oauthSignInOptions(env)).toEqual([{ id: "oidc", name: "Company SSO" }]);
    const [p] = oauthProviders(env) as unknown as { id: string; type: string; wellKnown: string; idToken: boolean }[];
    expect(p).toMatchObject({ id: "oidc", type: "oauth", idToken: true, wellKnown: "http://127.0.0.1:9000/realms/x/.well-known/openid-configuration" });
    expect(oauthSignInOptions({ OIDC_ISSUER: "http://127.0.0.1:9000", OIDC_CLIENT_ID: "gh" })).toEqual([]);
  });
});
