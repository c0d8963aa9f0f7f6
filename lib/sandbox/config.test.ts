import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SANDBOX_LIMITS, effectiveLimits, readSandboxConfig } from "./config";
import { sandboxEnv } from "./env";
import { formatLimitBytes, limitMessage } from "./limits";
import { discoverToolchains, treeOf } from "./toolchains";

describe("sandbox config", () => {
  it("defaults: on, nobody, the issue's limits", () => {
    const c = readSandboxConfig({});
    expect(c).toMatchObject({ mode: "on", uid: 65534, gid: 65534, limitOverrides: {}, cgroups: true, bwrap: "bwrap" });
    expect(DEFAULT_SANDBOX_LIMITS).toMatchObject({ memoryBytes: 2 * 1024 ** 3, processes: 256, fileSizeBytes: 1024 ** 3, openFiles: 1024, tmpBytes: 512 * 1024 ** 2 });
  });

  it("env overrides win over the caller's limits; bad values are refused, root is refused", () => {
    const c = readSandboxConfig({ GATEHOUSE_SANDBOX_MEMORY_MB: "512", GATEHOUSE_SANDBOX_PROCESSES: "32", GATEHOUSE_SANDBOX_UID: "1234", GATEHOUSE_SANDBOX: "OFF" });
    expect(c).toMatchObject({ mode: "off", uid: 1234, gid: 65534 });
    expect(effectiveLimits(c, { memoryBytes: 4 * 1024 ** 3, processes: 500, wallMs: 1000 })).toMatchObject({ memoryBytes: 512 * 1024 ** 2, processes: 32, wallMs: 1000 });
    expect(() => readSandboxConfig({ GATEHOUSE_SANDBOX_MEMORY_MB: "lots" })).toThrow(/GATEHOUSE_SANDBOX_MEMORY_MB must be a positive whole number/);
    expect(() => readSandboxConfig({ GATEHOUSE_SANDBOX_UID: "0" })).toThrow(/must not be 0/);
    expect(() => readSandboxConfig({ GATEHOUSE_SANDBOX: "maybe" })).toThrow(/"on" or "off"/);
  });

  it("names limits the way people read them", () => {
    expect(limitMessage("memory", DEFAULT_SANDBOX_LIMITS)).toBe("stopped: memory limit 2 GiB");
    expect(limitMessage("processes", DEFAULT_SANDBOX_LIMITS)).toBe("stopped: process limit 256");
    expect(limitMessage("wall", DEFAULT_SANDBOX_LIMITS)).toBe("stopped: wall-clock limit 5 min");
    expect(formatLimitBytes(512 * 1024 ** 2)).toBe("512 MiB");
    expect(formatLimitBytes(1.5 * 1024 ** 3)).toBe("1.5 GiB");
  });
});

describe("sandbox environment", () => {
  it("starts empty: base variables, toolchain variables and the caller's extras minus secrets", () => {
    const env = sandboxEnv({
      home: "/h",
      path: "/usr/bin",
      lang: undefined,
      toolchainEnv: { PYENV_ROOT: "/root/.pyenv" },
      extra: { NODE_ENV: "test", HOME: "/root", TMPDIR: "/var", NEXTAUTH_SECRET: "s", DATABASE_URL: "x", MY_API_KEY: "k", GH_TOKEN: "t", DB_PASSWORD: "p", "BAD NAME": "x" },
    });
    expect(env).toEqual({ PATH: "/usr/bin", HOME: "/h", LANG: "C.UTF-8", TMPDIR: "/tmp", CI: "true", PYENV_ROOT: "/root/.pyenv", NODE_ENV: "test" });
  });
});

describe("toolchain discovery", () => {
  it("exposes a tree under a home directory, never the home itself, the app or system dirs", () => {
    expect(treeOf("/root/.pyenv/shims", [])).toEqual(["/root/.pyenv"]);
    expect(treeOf("/home/ann/.nvm/versions/node/v22/bin", [])).toEqual(["/home/ann/.nvm"]);
    expect(treeOf("/root", [])).toEqual([]);
    expect(treeOf("/usr/local/bin", [])).toEqual([]);
    expect(treeOf("/opt/node/bin", [])).toEqual(["/opt/node"]);
    expect(treeOf("/srv/app/node_modules/.bin", ["/srv/app"])).toEqual([]);
    expect(treeOf("/srv", ["/srv/app"])).toEqual([]);
  });

  it("finds real trees from PATH and sets what pyenv's shims need", () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-tc-"));
    // Under /tmp nothing is exposed (the run has its own /tmp); a bin dir elsewhere brings its prefix.
    expect(discoverToolchains(`${home}:/usr/bin`, []).trees).toEqual([]);
    fs.rmSync(home, { recursive: true });
    const found = discoverToolchains(process.env.PATH, [process.cwd()]);
    for (const t of found.trees) {
      expect(t).not.toBe(os.homedir());
      expect(process.cwd().startsWith(t)).toBe(false);
    }
    if (found.trees.some((t) => t.endsWith("/.pyenv"))) expect(found.env.PYENV_ROOT).toMatch(/\.pyenv$/);
  });
});
