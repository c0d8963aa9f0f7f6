/**
 * Hostile code against the sandbox, run as root (as the worker and CI are): one attack per escape class.
 * Each attack really tries, prints what it got, and the test asserts it got nothing.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeSandbox, readSandboxConfig, resetProbeCache, runSandboxed, type SandboxRequest } from "./index";

const token = randomBytes(6).toString("hex");
const FILE_CANARY = `file-canary-${token}`;
const ENV_CANARY = `env-canary-${token}`;
let work: string; // the run's writable worktree
let outsideDir: string; // outside the worktree and outside /tmp
let appCanaryDir: string; // a data/ folder inside the app directory, like Gatehouse's own
let rootCanary: string; // in root's home
let tmpCanary: string; // in the host's /tmp
let hostProcess: ChildProcess; // a host process with a secret in its environment

function sh(script: string, extra: Partial<SandboxRequest> = {}): ReturnType<typeof runSandboxed> {
  const file = path.join(work, `attack-${randomBytes(3).toString("hex")}.sh`);
  fs.writeFileSync(file, script);
  return runSandboxed({ argv: ["/bin/sh", file], cwd: work, writable: [work], limits: { wallMs: 40_000 }, ...extra });
}

/** Python is the attacker's swiss-army knife (sockets, ptrace via ctypes). */
function py(code: string, extra: Partial<SandboxRequest> = {}): ReturnType<typeof runSandboxed> {
  const file = path.join(work, `attack-${randomBytes(3).toString("hex")}.py`);
  fs.writeFileSync(file, code);
  return runSandboxed({ argv: ["python3", file], cwd: work, writable: [work], limits: { wallMs: 40_000 }, ...extra });
}

function hostPids(needle: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmd.includes(needle)) found.push(`${pid}: ${cmd.replace(/\0/g, " ")}`);
    } catch {
      // gone
    }
  }
  return found;
}

beforeAll(async () => {
  const probe = await probeSandbox();
  expect(probe, "bubblewrap must work on this host (CI installs it)").toMatchObject({ ok: true, isolation: "bwrap" });
  work = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-adv-")));
  outsideDir = fs.mkdtempSync(path.join("/var/tmp", "gatehouse-adv-outside-"));
  fs.writeFileSync(path.join(outsideDir, "secret.txt"), FILE_CANARY);
  appCanaryDir = path.join(process.cwd(), `.adv-canary-${token}`, "data");
  fs.mkdirSync(appCanaryDir, { recursive: true });
  fs.writeFileSync(path.join(appCanaryDir, "nextauth-secret"), FILE_CANARY);
  rootCanary = path.join(os.homedir(), `.adv-canary-${token}`);
  fs.writeFileSync(rootCanary, FILE_CANARY);
  tmpCanary = path.join(os.tmpdir(), `adv-canary-${token}`);
  fs.writeFileSync(tmpCanary, FILE_CANARY);
  process.env.GATEHOUSE_ADV_CANARY = ENV_CANARY;
  hostProcess = spawn("sleep", ["600"], { env: { ...process.env, NEXTAUTH_SECRET: ENV_CANARY }, stdio: "ignore" });
});

afterAll(() => {
  hostProcess?.kill("SIGKILL");
  delete process.env.GATEHOUSE_ADV_CANARY;
  for (const p of [work, outsideDir, path.dirname(appCanaryDir)]) if (p) fs.rmSync(p, { recursive: true, force: true });
  for (const p of [rootCanary, tmpCanary]) if (p) fs.rmSync(p, { force: true });
});

describe("sandbox escape attempts (as root)", () => {
  it("runs as the unprivileged uid with no capabilities and no_new_privs", async () => {
    const res = await sh("id -u; id -g; grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs):' /proc/self/status");
    const out = res.stdout;
    expect(out.split("\n").slice(0, 2)).toEqual(["65534", "65534"]);
    for (const cap of ["CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb"]) expect(out).toMatch(new RegExp(`^${cap}:\\s+0000000000000000$`, "m"));
    expect(out).toMatch(/^NoNewPrivs:\s+1$/m);
  });

  it("cannot read canary files outside the worktree: app data/, root's home, /var/tmp, the host /tmp", async () => {
    const targets = [path.join(appCanaryDir, "nextauth-secret"), rootCanary, path.join(outsideDir, "secret.txt"), tmpCanary];
    const res = await sh(
      [
        ...targets.map((t) => `cat '${t}' 2>&1`),
        "ls -la / /root /tmp /var 2>&1",
        "cat /root/.npmrc /root/.ssh/id_rsa /root/.ssh/id_ed25519 /etc/shadow 2>&1",
        // Everything it can see besides the system and toolchain trees, searched for the canary.
        `grep -r -l -D skip '${FILE_CANARY}' / --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev --exclude-dir=usr --exclude-dir=.rustup --exclude-dir=.cargo --exclude-dir=.pyenv 2>/dev/null | grep -v '^${work}' || echo no-hit`,
      ].join("\n"),
    );
    expect(res.combined).not.toContain(FILE_CANARY);
    for (const t of targets) expect(res.combined).toMatch(new RegExp(`${t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: No such file or directory`));
    expect(res.combined).toContain("no-hit");
    expect(res.combined).not.toMatch(/\.npmrc\n|\.ssh\n|BEGIN .*PRIVATE KEY/);
    // root's home shows only the toolchain trees found from PATH
    const rootListing = /\/root:\n([\s\S]*?)\n\n/.exec(res.combined)?.[1] ?? "";
    expect(rootListing).not.toMatch(/adv-canary|\.ssh|\.npmrc|\.bash_history/);
  });

  it("cannot see the worker's environment or another host process's /proc/*/environ", async () => {
    const res = await sh(
      [
        "env",
        "for f in /proc/[0-9]*/environ; do cat \"$f\" 2>/dev/null | tr '\\0' '\\n'; done",
        `cat /proc/${process.pid}/environ /proc/${hostProcess.pid}/environ 2>&1 | tr '\\0' '\\n'`,
        "ls /proc | grep -E '^[0-9]+$' | wc -l",
      ].join("\n"),
    );
    expect(res.combined).not.toContain(ENV_CANARY);
    expect(res.combined).not.toMatch(/NEXTAUTH_SECRET|DATABASE_URL|GATEHOUSE_ADV_CANARY/);
    // Only the sandbox's own handful of processes exist in its PID namespace.
    const count = Number(res.stdout.trim().split("\n").pop());
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(10);
  });

  it("cannot umount, remount, mount, nsenter or ptrace — also not from a new user namespace", async () => {
    const res = await sh(
      [
        "umount -l /tmp 2>&1 && echo ESCAPE-umount-tmp",
        "umount -l /proc 2>&1 && echo ESCAPE-umount-proc",
        "mount -o remount,bind,rw /usr 2>&1 && echo ESCAPE-remount",
        "mount -t tmpfs x /tmp 2>&1 && echo ESCAPE-mount",
        "nsenter --net=/proc/1/ns/net --mount=/proc/1/ns/mnt true 2>&1 && echo ESCAPE-nsenter-1",
        `nsenter -t ${process.pid} -n -m true 2>&1 && echo ESCAPE-nsenter-host`,
        "strace -p 1 -e trace=none -o /dev/null 2>&1 & sleep 0.5; kill $! 2>/dev/null; wait",
        "touch /usr/escape 2>&1 && echo ESCAPE-usr-write",
        // A user namespace of its own gives root *in that namespace* only: the mounts stay locked.
        `unshare -Urm sh -c 'umount -l /tmp && echo ESCAPE-userns-umount; ls /tmp; touch /usr/escape && echo ESCAPE-userns-write; cat ${rootCanary}' 2>&1`,
        "grep -c ' /tmp tmpfs ' /proc/self/mounts",
      ].join("\n"),
    );
    expect(res.combined).not.toMatch(/ESCAPE-/);
    expect(res.combined).not.toContain(FILE_CANARY);
    expect(res.combined).toMatch(/umount: \/tmp: .*(failed|not mounted|permission denied)/i);
    expect(res.combined).toMatch(/mount: \/usr: must be superuser/);
    expect(res.combined).toMatch(/nsenter: .*(Permission denied|Operation not permitted|No such file)/i);
    expect(res.combined).toMatch(/strace: attach: .*(Operation not permitted|No such process)/i);
    expect(fs.existsSync("/usr/escape")).toBe(false);

    // ptrace of a host process by pid: not in the PID namespace, and not permitted anyway.
    const pt = await py(
      `import ctypes, os\nlibc = ctypes.CDLL(None, use_errno=True)\n` +
        `for pid in (1, ${process.pid}, ${hostProcess.pid}):\n` +
        `    r = libc.ptrace(16, pid, 0, 0)\n    print("ptrace", pid, r, os.strerror(ctypes.get_errno()))\n`,
    );
    expect(pt.stdout).toMatch(/^ptrace 1 -1 /m);
    expect(pt.stdout).toMatch(new RegExp(`^ptrace ${hostProcess.pid} -1 `, "m"));
  });

  it("cannot reach a TCP listener on the host's 127.0.0.1 (nor PostgreSQL)", async () => {
    let connections = 0;
    const server = net.createServer((s) => {
      connections += 1;
      s.end("hello from the host");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const res = await py(
        `import socket\nfor port in (${port}, 5432):\n    try:\n        s = socket.create_connection(("127.0.0.1", port), timeout=3)\n` +
          `        print("ESCAPE-connected", port, s.recv(100))\n    except OSError as e:\n        print("refused", port, e)\n` +
          `for host in ("10.0.2.2", "1.1.1.1"):\n    try:\n        socket.create_connection((host, 80), timeout=2); print("ESCAPE-net", host)\n    except OSError as e:\n        print("no route", host, e)\n`,
      );
      expect(res.stdout).toMatch(new RegExp(`refused ${port} `));
      expect(res.stdout).not.toMatch(/ESCAPE-/);
      expect(connections).toBe(0);
    } finally {
      server.close();
    }
  });

  it("cannot connect to a host Unix socket, by path or abstract name", async () => {
    let connections = 0;
    const sockPath = path.join(outsideDir, "host.sock");
    const abstract = `\0gatehouse-adv-${token}`;
    const servers = [sockPath, abstract].map((p) => {
      const s = net.createServer((c) => {
        connections += 1;
        c.end("hi");
      });
      s.listen(p);
      return s;
    });
    try {
      const res = await py(
        `import socket\nfor addr in (${JSON.stringify(sockPath)}, "\\0gatehouse-adv-${token}", "/run/postgresql/.s.PGSQL.5432", "/var/run/docker.sock"):\n` +
          `    try:\n        s = socket.socket(socket.AF_UNIX); s.connect(addr); print("ESCAPE-unix", repr(addr), s.recv(10))\n` +
          `    except OSError as e:\n        print("denied", repr(addr), e)\n`,
      );
      expect(res.stdout.match(/^denied /gm)?.length).toBe(4);
      expect(connections).toBe(0);
    } finally {
      for (const s of servers) s.close();
    }
  });

  it("cannot write outside the writable directories; its /tmp is private", async () => {
    const marker = `written-${token}`;
    const res = await sh(
      [
        `for d in / /usr /etc /root /var/tmp ${outsideDir} ${path.dirname(appCanaryDir)} /proc/sys/kernel; do echo x > "$d/${marker}" 2>/dev/null && echo "ESCAPE-wrote $d"; done`,
        `echo inside > /tmp/${marker} && echo tmp-ok`,
        `echo here > ${work}/${marker} && echo work-ok`,
        `echo home > "$HOME/${marker}" && echo home-ok`,
      ].join("\n"),
    );
    expect(res.stdout).not.toMatch(/ESCAPE-/);
    expect(res.stdout).toMatch(/tmp-ok\nwork-ok\nhome-ok/);
    for (const d of ["/", "/usr", "/etc", "/root", "/var/tmp", outsideDir, path.dirname(appCanaryDir), os.tmpdir()]) {
      expect(fs.existsSync(path.join(d, marker)), d).toBe(false);
    }
    expect(fs.readFileSync(path.join(work, marker), "utf8")).toBe("here\n");
  });

  it("leaves nothing running: setsid, double-forked and nohup'ed children are gone after the run", async () => {
    const tag = `leftover-${token}`;
    const res = await sh(
      [
        `setsid sleep 900 ${tag}-a >/dev/null 2>&1 < /dev/null &`,
        `( sh -c 'sleep 901 ${tag}-b & ' & ) >/dev/null 2>&1`,
        `nohup sleep 902 ${tag}-c >/dev/null 2>&1 &`,
        `setsid sh -c 'trap "" TERM HUP; exec sleep 903 ${tag}-d' >/dev/null 2>&1 < /dev/null &`,
        "sleep 0.3; echo started",
      ].join("\n"),
    );
    expect(res.stdout).toContain("started");
    expect(res.exitCode).toBe(0);
    expect(hostPids(tag)).toEqual([]);
  });

  it("bounds a memory bomb: ended with the memory limit named, nothing left behind", async () => {
    const res = await runSandboxed({
      argv: ["node", "-e", "const a = []; for (;;) a.push(Buffer.alloc(16 << 20, 1)); // bomb-" + token],
      cwd: work,
      writable: [work],
      limits: { memoryBytes: 256 * 1024 * 1024, wallMs: 60_000 },
    });
    expect(res.exitCode).not.toBe(0);
    expect(res.limitHit).toEqual({ kind: "memory", message: "stopped: memory limit 256 MiB" });
    expect(res.timedOut).toBe(false);
    expect(hostPids(`bomb-${token}`)).toEqual([]);
  });

  it("bounds a fork bomb: ended with the process limit named, nothing left behind", async () => {
    const res = await sh(`bomb() { bomb | bomb & }; bomb; sleep 3; echo fork-bomb-${token}`, { limits: { processes: 64, wallMs: 30_000 } });
    expect(res.limitHit).toMatchObject({ kind: "processes", message: "stopped: process limit 64" });
    expect(res.timedOut).toBe(false);
    expect(hostPids(work)).toEqual([]);
  });

  it("fails closed with an unusable bwrap first in PATH: nothing runs", async () => {
    const fakeDir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-fake-bwrap-"));
    fs.writeFileSync(path.join(fakeDir, "bwrap"), "#!/bin/sh\necho 'bwrap: setting up uid map: Permission denied' >&2\nexit 1\n", { mode: 0o755 });
    const savedPath = process.env.PATH;
    process.env.PATH = `${fakeDir}:${savedPath}`;
    resetProbeCache();
    const marker = path.join(work, `ran-${token}`);
    try {
      const probe = await probeSandbox();
      expect(probe).toMatchObject({ ok: false, reason: expect.stringMatching(/did not start: bwrap: setting up uid map/), fix: expect.stringMatching(/unprivileged_userns_clone/) });
      await expect(runSandboxed({ argv: ["/bin/sh", "-c", `touch ${marker}`], cwd: work, writable: [work] })).rejects.toMatchObject({
        name: "SandboxUnavailableError",
      });
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      process.env.PATH = savedPath;
      resetProbeCache();
      fs.rmSync(fakeDir, { recursive: true, force: true });
    }
  });

  it("runs unsandboxed only when the operator says GATEHOUSE_SANDBOX=off, and says so", async () => {
    const config = readSandboxConfig({ ...process.env, GATEHOUSE_SANDBOX: "off" });
    const res = await runSandboxed({ argv: ["id", "-u"], cwd: work, writable: [work] }, { config });
    expect(res).toMatchObject({ isolation: "none", exitCode: 0 });
    expect(res.stdout.trim()).toBe(String(process.getuid!()));
    expect(await probeSandbox(config)).toMatchObject({ ok: true, isolation: "none", note: expect.stringMatching(/unsafe/) });
  });
});
