import { describe, expect, it } from "vitest";
import { INVALID_CREDENTIALS, safeCallbackUrl, signInErrorMessage } from "./sign-in-errors";

describe("sign-in messages", () => {
  it("never says which part was wrong", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe(INVALID_CREDENTIALS);
    expect(INVALID_CREDENTIALS).toBe("Invalid email or password");
  });
  it("passes the throttle message through but not arbitrary text", () => {
    expect(signInErrorMessage("Too many attempts, try again in 15 minutes")).toBe("Too many attempts, try again in 15 minutes");
    expect(signInErrorMessage("<script>alert(1)</script>")).toBe("Sign-in failed. Try again.");
    expect(signInErrorMessage(null)).toBeNull();
  });
});

describe("safeCallbackUrl", () => {
  it("keeps same-site paths and drops everything else", () => {
    expect(safeCallbackUrl("/settings/tokens?x=1")).toBe("/settings/tokens?x=1");
    expect(safeCallbackUrl("http://127.0.0.1:9/steal")).toBe("/");
    expect(safeCallbackUrl("//127.0.0.1:9/x")).toBe("/");
    expect(safeCallbackUrl("/signin")).toBe("/");
    expect(safeCallbackUrl(undefined)).toBe("/");
  });
});
