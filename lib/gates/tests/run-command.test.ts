import { describe, expect, it } from "vitest";
import { readSandboxConfig } from "../../sandbox";
import { logTail } from "./output-buffer";
import { runCommand } from "./run-command";

const base = { cwd: "/tmp", timeoutMs: 30_000, cpuSeconds: 30, writable: [] as string[] };
const unsandboxed = { ...readSandboxConfig(), mode: "off" as const };

describe("runCommand", () => {
  it("kills a process that exceeds its CPU-time limit (without hitting the wall clock)", async () => {
    for (const sandboxConfig of [unsandboxed, readSandboxConfig()]) {
      const res = await runCommand({ ...base, sandboxConfig, cpuSeconds: 1, command: "node -e 'for(;;){}'", env: {} });
      expect(res.timedOut).toBe(false);
      // 128+9 (SIGKILL at the hard limit) or 128+24 (SIGXCPU at the soft limit), as reported by the shell
      expect([137, 152].includes(res.exitCode ?? -1) || ["SIGKILL", "SIGXCPU"].includes(res.signal ?? "")).toBe(true);
      expect(res.limitHit).toEqual({ kind: "cpu", message: "stopped: CPU time limit 1 s" });
    }
  });

  it("passes only the base environment and the given extras, without secret-looking names", async () => {
    const saved = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = "k";
    try {
      for (const sandboxConfig of [unsandboxed, readSandboxConfig()]) {
        const res = await runCommand({ ...base, sandboxConfig, home: "/tmp", command: "env | sort", env: { GH_TOKEN: "t", EXTRA: "1", HOME: "/root" } });
        const names = res.stdout.trim().split("\n").map((l) => l.split("=")[0]).filter((n) => n !== "PWD" && n !== "SHLVL" && n !== "_" && n !== "PYENV_ROOT");
        expect(names.sort()).toEqual(["CI", "EXTRA", "HOME", "LANG", "PATH", "TMPDIR"]);
        expect(res.stdout).toContain("HOME=/tmp\n");
      }
    } finally {
      if (saved === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = saved;
    }
  });

  it("keeps only the tail of a flood of output", async () => {
    const res = await runCommand({
      ...base,
      env: {},
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

  it("refuses to run without bwrap (fail closed)", async () => {
    await expect(runCommand({ ...base, sandboxConfig: { ...readSandboxConfig(), bwrap: "/nonexistent/bwrap" }, command: "true", env: {} })).rejects.toMatchObject({
      name: "SandboxUnavailableError",
      fix: expect.stringMatching(/install bubblewrap/),
    });
  });
});
