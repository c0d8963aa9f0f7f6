// Runs `next build` only when the sources changed since the last build, so `npm start` on a set-up
// clone starts in seconds. The fingerprint is a content hash of everything the build reads.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const ROOT = path.resolve(import.meta.dirname, "..");
const INPUTS = ["app", "components", "lib", "public", "next.config.mjs", "tsconfig.json", "package-lock.json", "prisma/models.prisma"];
const SKIP = new Set(["node_modules", ".next", "generated", "fixtures"]);
const STAMP = path.join(ROOT, ".next", "gatehouse-build-hash");

function walk(p, hash) {
  let st;
  try {
    st = fs.statSync(p);
  } catch {
    return;
  }
  if (st.isDirectory()) {
    for (const name of fs.readdirSync(p).sort()) {
      if (SKIP.has(name) || name.endsWith(".test.ts")) continue;
      walk(path.join(p, name), hash);
    }
  } else if (st.isFile()) {
    hash.update(path.relative(ROOT, p));
    hash.update(fs.readFileSync(p));
  }
}

export function sourceFingerprint() {
  const hash = createHash("sha256");
  for (const input of INPUTS) walk(path.join(ROOT, input), hash);
  return hash.digest("hex");
}

export function buildIfNeeded({ log = console.log } = {}) {
  const fingerprint = sourceFingerprint();
  const previous = fs.existsSync(STAMP) ? fs.readFileSync(STAMP, "utf8").trim() : "";
  if (previous === fingerprint && fs.existsSync(path.join(ROOT, ".next", "BUILD_ID"))) {
    log("gatehouse: build is up to date");
    return;
  }
  log("gatehouse: building the dashboard (next build)…");
  const r = spawnSync("npx", ["next", "build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  fs.writeFileSync(STAMP, fingerprint + "\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    buildIfNeeded();
  } catch (e) {
    console.error(String(e instanceof Error ? e.message : e));
    process.exit(1);
  }
}
