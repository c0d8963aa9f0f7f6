/** Real runs through bwrap: limits that hold, copy-on-write directories, private home, and the toolchains. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSandboxConfig, runSandboxed, type SandboxRequest } from "./index";

let work: string;
beforeAll(() => {
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sbx-run-")));
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function run(script: string, extra: Partial<SandboxRequest> = {}, config = readSandboxConfig()) {
  return runSandboxed({ argv: ["/bin/sh", "-c", script], cwd: work, writable: [work], limits: { wallMs: 60_000 }, ...extra }, { config });
}

const MiB = 1024 * 1024;

describe("limits", () => {
  it("file size: a write past the limit is stopped and named", async () => {
    const res = await run("head -c 3145728 /dev/zero > big.bin", { limits: { fileSizeBytes: 1 * MiB } });
    expect(res.limitHit).toEqual({ kind: "file-size", message: "stopped: file size limit 1 MiB" });
    expect(fs.statSync(path.join(work, "big.bin")).size).toBe(1 * MiB);
  });

  it("open files: the descriptor limit holds", async () => {
    const res = await run(
      "ulimit -n; python3 -c \"\nfiles = []\ntry:\n    while True: files.append(open('/dev/null'))\nexcept OSError as e: print('opened', len(files), e.errno)\n\"",
      { limits: { openFiles: 64 } },
    );
    expect(res.stdout).toMatch(/^64\n/);
    const opened = Number(/opened (\d+) 24/.exec(res.stdout)?.[1]);
    expect(opened).toBeGreaterThan(40);
    expect(opened).toBeLessThan(64);
  });

  it("/tmp: a private tmpfs capped at its size", async () => {
    const res = await run("dd if=/dev/zero of=/tmp/fill bs=1M count=32", { limits: { tmpBytes: 8 * MiB } });
    expect(res.combined).toMatch(/No space left on device/);
    expect(res.limitHit).toEqual({ kind: "tmp", message: "stopped: /tmp limit 8 MiB" });
  });

  it("wall clock: the run is killed at the limit and named", async () => {
    const started = Date.now();
    const res = await run("sleep 30", { limits: { wallMs: 1500 } });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(res).toMatchObject({ timedOut: true, limitHit: { kind: "wall", message: "stopped: wall-clock limit 1.5 s" } });
  });

  it("memory without cgroups: per-process RLIMIT_DATA ends a bomb, and vitest-sized tools still start", async () => {
    const config = { ...readSandboxConfig(), cgroups: false };
    const bomb = await runSandboxed(
      { argv: ["node", "-e", "const a = []; for (;;) a.push(Buffer.alloc(16 << 20, 1))"], cwd: work, writable: [work], limits: { memoryBytes: 256 * MiB } },
      { config },
    );
    expect(bomb.limitHit).toEqual({ kind: "memory", message: "stopped: memory limit 256 MiB" });
    // WebAssembly reserves ~10 GiB of address space per memory: fine under RLIMIT_DATA (RLIMIT_AS would kill it).
    const wasm = await runSandboxed(
      { argv: ["node", "-e", "new WebAssembly.Memory({ initial: 1 }); console.log('wasm ok')"], cwd: work, writable: [work] },
      { config },
    );
    expect(wasm.stdout).toContain("wasm ok");
  });

  it("an abort ends the run at once", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const res = await run("sleep 30", { signal: ac.signal });
    expect(res).toMatchObject({ aborted: true, timedOut: false });
    expect(res.limitHit).toBeUndefined();
  });
});

describe("mounts", () => {
  it("copy-on-write: the run creates entries in the view (top level too), the source never changes", async () => {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sbx-cow-"));
    fs.mkdirSync(path.join(source, "pkg"));
    fs.writeFileSync(path.join(source, "pkg", "index.js"), "original\n");
    const target = path.join(work, "node_modules");
    try {
      const res = await run(
        // Files keep their owners in the view: the sandbox user cannot change root's files, only add its own.
        "echo changed > node_modules/pkg/index.js 2>/dev/null || echo denied; rm -rf node_modules/pkg 2>/dev/null || echo denied; " +
          "mkdir -p node_modules/.vite-temp node_modules/.cache && echo x > node_modules/.vite-temp/t && cat node_modules/pkg/index.js && ls -A node_modules",
        { copyOnWrite: [{ source, target }] },
      );
      expect(res.exitCode).toBe(0);
      expect(res.stdout).toBe("denied\ndenied\noriginal\n.cache\n.vite-temp\npkg\n");
      expect(fs.readFileSync(path.join(source, "pkg", "index.js"), "utf8")).toBe("original\n");
      expect(fs.readdirSync(source)).toEqual(["pkg"]);
      expect(fs.existsSync(target), "the mount point the run needed is removed again").toBe(false);
    } finally {
      fs.rmSync(source, { recursive: true, force: true });
    }
  });

  it("read-only paths stay read-only; the private home is given back to its owner with the run's files", async () => {
    const ro = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sbx-ro-"));
    const home = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-sbx-home-"));
    fs.writeFileSync(path.join(ro, "f"), "keep\n");
    fs.chmodSync(ro, 0o755); // read-only paths must be readable by the sandbox user (mkdtemp makes 0700)
    try {
      const res = await run(`cat ${ro}/f; echo no > ${ro}/f || echo ro-ok; echo report > "$HOME/junit.xml"; echo "$HOME"`, { readOnly: [ro], home });
      expect(res.stdout).toBe(`keep\nro-ok\n${fs.realpathSync(home)}\n`);
      expect(res.homeInside).toBe(fs.realpathSync(home));
      expect(fs.readFileSync(path.join(home, "junit.xml"), "utf8")).toBe("report\n");
      expect(fs.statSync(path.join(home, "junit.xml")).uid).toBe(process.getuid!());
      expect(fs.statSync(work).uid).toBe(process.getuid!());
    } finally {
      fs.rmSync(ro, { recursive: true, force: true });
      fs.rmSync(home, { recursive: true, force: true });
    }
  });

  it("toolchains found from PATH run inside (node, python3 via pyenv's shims)", async () => {
    const res = await run("node -e 'console.log(\"node\", process.version)'; python3 -c 'import sys; print(\"python\", sys.version_info[0])'");
    expect(res.stdout).toMatch(/^node v\d+/m);
    expect(res.stdout).toMatch(/^python 3$/m);
  });
});
