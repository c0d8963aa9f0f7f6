import { describe, expect, it } from "vitest";
import { logTail } from "./output-buffer";
import { runCommand } from "./run-command";
import { probeBwrap } from "./sandbox";
import { scrubbedEnv } from "./env";

const base = { cwd: "/tmp", timeoutMs: 30_000, cpuSeconds: 30, writable: [] as string[] };

describe("runCommand", () => {
  it("kills a process that exceeds its CPU-time limit (without hitting the wall clock)", async () => {
    for (const sandbox of ["none", (await probeBwrap()).kind] as const) {
      const res = await runCommand({ ...base, sandbox, cpuSeconds: 1, command: "node -e 'for(;;){}'", env: { PATH: process.env.PATH! } });
      expect(res.timedOut).toBe(false);
      // 128+9 (SIGKILL at the hard limit) or 128+24 (SIGXCPU at the soft limit), as reported by the shell
      expect([137, 152].includes(res.exitCode ?? -1) || ["SIGKILL", "SIGXCPU"].includes(res.signal ?? "")).toBe(true);
    }
  });

  it("passes only the given environment", async () => {
    const env = scrubbedEnv("/tmp/home-x", { ...process.env, OPENAI_API_KEY: "k", LANG: "C.UTF-8", HOME: "/root" }, { GH_TOKEN: "t", EXTRA: "1" });
    const res = await runCommand({ ...base, sandbox: "none", command: "env | sort", env });
    const names = res.stdout.trim().split("\n").map((l) => l.split("=")[0]).filter((n) => n !== "PWD" && n !== "SHLVL" && n !== "_");
    expect(names.sort()).toEqual(["CI", "EXTRA", "HOME", "LANG", "NODE_ENV", "PATH"]);
    expect(res.stdout).toContain("HOME=/tmp/home-x");
  });

  it("keeps only the tail of a flood of output", async () => {
    const res = await runCommand({
      ...base,
      sandbox: "none",
      env: { PATH: process.env.PATH! },
      maxOutputBytes: 10_000,
      command: "node -e 'for (let i = 0; i < 20000; i++) console.log(\"line \" + i)'",
    });
    expect(res.exitCode).toBe(0);
    expect(Buffer.byteLength(res.stdout)).toBeLessThanOrEqual(10_000);
    expect(res.stdout.trimEnd().endsWith("line 19999")).toBe(true);
    const tail = logTail(res.stdout, 200);
    expect(tail.split("\n").length).toBeLessThanOrEqual(200);
    expect(logTail("x".repeat(100_000), 200, 64 * 1024).length).toBe(64 * 1024);
  });

  it("reports a command that cannot be spawned", async () => {
    const res = await runCommand({ ...base, sandbox: "bwrap", bwrapPath: "/nonexistent/bwrap", command: "true", env: { PATH: "/usr/bin:/bin" } });
    expect(res.spawnError).toMatch(/ENOENT/);
  });
});
