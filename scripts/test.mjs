// `npm test`: the whole suite. Unit + integration tests (vitest, real SQLite and PostgreSQL), then the
// production build and the Playwright e2e suite in real Chromium. Stops at the first failing stage.
import { spawnSync } from "node:child_process";
import net from "node:net";
import { ROOT } from "./prepare-env.mjs";
import { buildIfNeeded } from "./build-if-needed.mjs";

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1", CHECKPOINT_DISABLE: "1" };

function stage(name, cmd, args) {
  console.log(`\n=== ${name} ===`);
  const r = spawnSync(cmd, args, { cwd: ROOT, env, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`\nnpm test: ${name} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

async function postgresReachable() {
  const url = new URL(process.env.TEST_DATABASE_URL || "postgres://postgres@127.0.0.1:5432/test");
  return new Promise((resolve) => {
    const s = net.connect({ host: url.hostname, port: Number(url.port || 5432) });
    s.setTimeout(2000);
    s.on("connect", () => (s.destroy(), resolve(true)));
    s.on("error", () => resolve(false));
    s.on("timeout", () => (s.destroy(), resolve(false)));
  });
}

const only = process.argv[2];
if (!(env.GATEHOUSE_TEST_DBS === "sqlite") && !(await postgresReachable())) {
  console.error("npm test: PostgreSQL is not reachable at 127.0.0.1:5432 (or TEST_DATABASE_URL). Start it, or run .ci/run which starts it.");
  process.exit(1);
}
if (!only || only === "unit") stage("unit and integration tests (vitest)", "npx", ["vitest", "run"]);
if (!only || only === "e2e") {
  console.log("\n=== production build ===");
  buildIfNeeded();
  stage("end-to-end tests (Playwright, Chromium)", "npx", ["playwright", "test"]);
}
console.log("\nnpm test: all stages passed");
