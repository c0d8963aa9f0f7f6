/** TEMPORARY stand-in for lib/sandbox while it is being built: runs directly, no isolation. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import type { SandboxApi } from "../run-tool";

export const devSandbox: SandboxApi = {
  async probeSandbox() {
    return { ok: true, isolation: "none", uid: 0, gid: 0 };
  },
  runSandboxed(req) {
    for (const m of req.copyOnWrite ?? []) if (!fs.existsSync(m.target)) fs.symlinkSync(m.source, m.target);
    const started = Date.now();
    return new Promise((resolve) => {
      const child = spawn(req.argv[0]!, req.argv.slice(1), { cwd: req.cwd, env: { PATH: process.env.PATH!, HOME: req.home ?? "/tmp", ...req.env }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "", stderr = "", combined = "";
      child.stdout.on("data", (b: Buffer) => { stdout += b; combined += b; });
      child.stderr.on("data", (b: Buffer) => { stderr += b; combined += b; });
      child.on("close", (code, signal) => {
        for (const m of req.copyOnWrite ?? []) fs.rmSync(m.target, { force: true });
        resolve({ exitCode: code, signal, timedOut: false, aborted: false, stdout, stderr, combined, durationMs: Date.now() - started, isolation: "none", homeInside: req.home ?? "/tmp" });
      });
    });
  },
};
