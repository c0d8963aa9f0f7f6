import { expect, request as playwrightRequest, type APIRequestContext, type Page } from "@playwright/test";
import { DEMO_USERS } from "../lib/seed/seed";
import type { Role } from "../lib/auth/permissions";
import { E2E_BASE_URL, authStatePath } from "./env";

export function demoUser(role: Role) {
  const u = DEMO_USERS.find((d) => d.role === role);
  if (!u) throw new Error(`no demo user for ${role}`);
  return u;
}

/** Signs in through the real form and waits until the app has navigated away from /signin. */
export async function signInThroughForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/signin"));
}

/**
 * API client carrying a role's session cookie (saved by auth.setup.ts), or no cookie at all. It sends the
 * dashboard's Origin, as the app's own pages do: cookie-authenticated writes without it are refused (CSRF).
 */
export async function apiAs(role: Role | "anonymous", opts: { origin?: string | null } = {}): Promise<APIRequestContext> {
  const origin = opts.origin === undefined ? E2E_BASE_URL : opts.origin;
  return playwrightRequest.newContext({
    baseURL: E2E_BASE_URL,
    storageState: role === "anonymous" ? undefined : authStatePath(role),
    extraHTTPHeaders: { accept: "application/json", ...(origin ? { origin } : {}) },
  });
}

export async function json<T = unknown>(res: { json(): Promise<unknown>; status(): number; url(): string }): Promise<T> {
  return (await res.json()) as T;
}

export async function expectStatus(res: { status(): number; url(): string; text(): Promise<string> }, status: number) {
  if (res.status() !== status) {
    expect(`${res.status()} ${res.url()} ${await res.text()}`).toBe(`${status} …`);
  }
}
