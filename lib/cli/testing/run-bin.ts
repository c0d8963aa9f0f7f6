/** Runs the real `bin/gatehouse.mjs` (the built CLI, see scripts/build-cli.mjs) as a child process in its own process group, killed if it hangs. */
import { spawn } from "node:child_process";
import path from "node:path";

export const BIN = path.resolve(__dirname, "../../../bin/gatehouse.mjs");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBin(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; input?: string; timeoutMs: number; bin?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [opts.bin ?? BIN, ...args], { cwd: opts.cwd, env: opts.env, detached: true, stdio: ["pipe", "pipe", "pipe"] });
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
  });
}
