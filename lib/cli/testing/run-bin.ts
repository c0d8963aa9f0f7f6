/** Runs the real `gatehouse` command (bin/gatehouse → the built CLI, see scripts/build-cli.mjs) as a child process in its own process group, killed if it hangs. */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export const BIN = path.resolve(__dirname, "../../../bin/gatehouse");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `bin`: another launcher; a `.cjs` file runs on this process's Node, anything else as an executable. */
export function runBin(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs: number; bin?: string }): Promise<Run> {
  // Each run gets an empty registry cache unless the caller names one: runs stay independent of each
  // other and of the user's ~/.cache.
  const ownCache = opts.env.GATEHOUSE_CACHE_DIR ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-cli-cache-"));
  const env: NodeJS.ProcessEnv = ownCache ? { ...opts.env, GATEHOUSE_CACHE_DIR: ownCache } : { ...opts.env };
  // A daemon the developer runs must not answer for the tests; daemon tests name their own folder.
  if (env.GATEHOUSE_DAEMON === undefined && env.GATEHOUSE_DAEMON_DIR === undefined) env.GATEHOUSE_DAEMON = "off";
  return new Promise<Run>((resolve, reject) => {
    const bin = opts.bin ?? BIN;
    const [command, argv] = bin.endsWith(".cjs") ? [process.execPath, [bin, ...args]] : [bin, args];
    const child = spawn(command, argv, { cwd: opts.cwd, env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (b: Buffer) => (stdout += b.toString("utf8")));
    child.stderr.on("data", (b: Buffer) => (stderr += b.toString("utf8")));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone
      }
      reject(new Error(`gatehouse ${args.join(" ")} hung\n${stderr}`));
    }, opts.timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(opts.input ?? "");
  }).finally(() => {
    if (ownCache) fs.rmSync(ownCache, { recursive: true, force: true });
  });
}
