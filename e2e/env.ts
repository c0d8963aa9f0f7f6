/** Fixed settings of the e2e run, shared by playwright.config.ts, globalSetup and the specs. */
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..");
export const E2E_PORT = Number(process.env.E2E_PORT) || 3100;
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
export const E2E_DIR = path.join(ROOT, "data", "e2e");
export const E2E_DB_FILE = path.join(E2E_DIR, "gatehouse-e2e.db");
export const E2E_DB_URL = `file:${E2E_DB_FILE}`;
export const E2E_SECRET = "gatehouse-e2e-secret-not-for-production-0123456789";
/** A real git repository (main branch) created by globalSetup for repository forms and API bodies. */
export const E2E_REPO_DIR = path.join(E2E_DIR, "repo");
export const authStatePath = (role: string) => path.join(E2E_DIR, "auth", `${role}.json`);
