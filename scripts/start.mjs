// `npm start`: prepare data/, migrate, seed the demo, build when sources changed, then run the web
// server and one worker side by side. Ctrl-C (or SIGTERM) stops both; if either dies, both stop.
import { spawn, spawnSync } from "node:child_process";
import { prepareEnv, ROOT, workerEnv } from "./prepare-env.mjs";
import { migrate } from "./migrate.mjs";
import { buildIfNeeded } from "./build-if-needed.mjs";

function fail(message) {
  console.error(`gatehouse: ${message}`);
  process.exit(1);
}

let env;
try {
  env = prepareEnv();
  migrate(env);
  const seeded = spawnSync("npx", ["tsx", "scripts/seed.ts"], { cwd: ROOT, env, stdio: "inherit" });
  if (seeded.status !== 0) fail("seeding the database failed (see above)");
  buildIfNeeded();
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

const children = [];
let stopping = false;

function run(name, cmd, args, childEnv = env) {
  const child = spawn(cmd, args, { cwd: ROOT, env: childEnv, stdio: ["ignore", "inherit", "inherit"], detached: true });
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`gatehouse: ${name} exited (${signal ?? code}); stopping`);
      stop(code || 1);
    }
  });
  children.push(child);
  return child;
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) {
    try {
      process.kill(-c.pid, "SIGTERM");
    } catch {}
  }
  const deadline = setTimeout(() => {
    for (const c of children) {
      try {
        process.kill(-c.pid, "SIGKILL");
      } catch {}
    }
    process.exit(code);
  }, 25_000);
  deadline.unref();
  let alive = children.length;
  for (const c of children) {
    if (c.exitCode !== null || c.signalCode !== null) alive--;
    else c.on("exit", () => --alive === 0 && process.exit(code));
  }
  if (alive === 0) process.exit(code);
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

run("web server", "npx", ["next", "start", "-H", "127.0.0.1", "-p", env.PORT]);
// The worker never gets the session-signing key (scripts/prepare-env.mjs: WEB_ONLY_SECRETS).
run("worker", "npx", ["tsx", "lib/worker/main.ts"], workerEnv(env));
console.log(`gatehouse: dashboard on http://127.0.0.1:${env.PORT} (Ctrl-C stops web and worker)`);
