/**
 * Fresh e2e database: delete, `prisma migrate deploy`, seed with the real seed script (tsx); plus a
 * real git repository for the repository settings tests.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import { E2E_DB_FILE, E2E_DB_URL, E2E_DIR, E2E_REPO_DIR, ROOT } from "./env";

function run(cmd: string, args: string[], env: Record<string, string> = {}, cwd = ROOT): void {
  execFileSync(cmd, args, {
    cwd,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CHECKPOINT_DISABLE: "1", NEXT_TELEMETRY_DISABLED: "1", ...env },
  });
}

export default async function globalSetup(): Promise<void> {
  fs.rmSync(E2E_DIR, { recursive: true, force: true });
  fs.mkdirSync(E2E_DIR, { recursive: true });
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(E2E_DB_FILE + suffix, { force: true });

  run("npx", ["prisma", "migrate", "deploy"], { DATABASE_URL: E2E_DB_URL });
  run("npx", ["tsx", "scripts/seed.ts"], { DATABASE_URL: E2E_DB_URL, GATEHOUSE_DATA_DIR: E2E_DIR });

  fs.mkdirSync(E2E_REPO_DIR, { recursive: true });
  const gitEnv = { GIT_AUTHOR_NAME: "E2E", GIT_AUTHOR_EMAIL: "e2e@gatehouse.local", GIT_COMMITTER_NAME: "E2E", GIT_COMMITTER_EMAIL: "e2e@gatehouse.local" };
  run("git", ["init", "-q", "-b", "main"], gitEnv, E2E_REPO_DIR);
  fs.writeFileSync(`${E2E_REPO_DIR}/README.md`, "e2e fixture\n");
  run("git", ["add", "-A"], gitEnv, E2E_REPO_DIR);
  run("git", ["commit", "-q", "-m", "initial"], gitEnv, E2E_REPO_DIR);
}
