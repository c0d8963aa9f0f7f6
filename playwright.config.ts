import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_BASE_URL, E2E_DB_URL, E2E_PORT, E2E_SECRET } from "./e2e/env";

// Debian's Chromium, launched directly (the /usr/bin wrapper adds flags); no browser downloads.
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export default defineConfig({
  testDir: "e2e",
  outputDir: path.join("test-results", "e2e"),
  // Runs after the web server is up but before any test; the server opens the database lazily.
  globalSetup: "./e2e/global-setup.ts",
  // One worker: the machine has 2 cores and the tests share one seeded database.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    launchOptions: { executablePath: "/usr/lib/chromium/chromium", args: CHROMIUM_ARGS },
  },
  projects: [
    { name: "sign-in", testMatch: /auth\.setup\.ts/, use: { browserName: "chromium" } },
    { name: "chromium", testMatch: /.*\.spec\.ts/, dependencies: ["sign-in"], use: { browserName: "chromium" } },
  ],
  webServer: {
    command: `npx next start -H 127.0.0.1 -p ${E2E_PORT}`,
    // Health answers without touching the database, which globalSetup recreates after the server starts.
    url: `${E2E_BASE_URL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      DATABASE_URL: E2E_DB_URL,
      NEXTAUTH_URL: E2E_BASE_URL,
      NEXTAUTH_SECRET: E2E_SECRET,
      NEXT_TELEMETRY_DISABLED: "1",
      CHECKPOINT_DISABLE: "1",
      // Read by the providers settings page: shows "set" without ever revealing the value.
      GATEHOUSE_E2E_SET_KEY: "e2e-not-a-real-key",
    },
  },
});
