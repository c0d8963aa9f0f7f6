import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noIndexConfiguredReason, type Env, parsePipConf, parsePipConfigList, pipConfigFiles, resolvePipIndexes } from "./pip-config";

let root: string;
beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "gatehouse-pipconf-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

/** An environment that sees only the files of this test (no machine-wide XDG dirs, a private HOME). */
function isolatedEnv(name: string, extra: Env = {}): Env {
  const home = path.join(root, name, "home");
  mkdirSync(home, { recursive: true });
  return { PATH: process.env.PATH, HOME: home, XDG_CONFIG_DIRS: path.join(root, name, "xdg"), ...extra };
}

describe("pip configuration", () => {
  it.each([
    ["[global]\nindex-url = http://127.0.0.1:3141/simple/\n", { indexUrl: "http://127.0.0.1:3141/simple/" }],
    ["[global]\nindex_url=http://127.0.0.1:1/simple\n[install]\nindex-url = http://127.0.0.1:2/simple\n", { indexUrl: "http://127.0.0.1:2/simple" }],
    ["[global]\nextra-index-url =\n    file:///opt/a/simple\n    file:///opt/b/simple\n", { extraIndexUrls: ["file:///opt/a/simple", "file:///opt/b/simple"] }],
    ["# comment\n[global]\ncert = /etc/ssl/x.pem\n", {}],
    ["[freeze]\nindex-url = http://127.0.0.1:9/simple\n", {}],
  ])("parses pip.conf %#", (text, expected) => {
    expect(parsePipConf(text)).toEqual(expected);
  });

  it("parses `pip config list`, ignoring the :env: lines", () => {
    const output = ":env:.index-url='http://127.0.0.1:1/simple'\nglobal.index-url='http://127.0.0.1:2/simple/'\nglobal.extra-index-url='file:///a file:///b'\n";
    expect(parsePipConfigList(output)).toEqual({ indexUrl: "http://127.0.0.1:2/simple/", extraIndexUrls: ["file:///a", "file:///b"] });
  });

  it("lists the files in pip's load order: PIP_CONFIG_FILE, global (XDG, /etc), user (legacy, XDG), site", () => {
    expect(pipConfigFiles({ HOME: "/h", XDG_CONFIG_DIRS: "/x1:/x2", PIP_CONFIG_FILE: "/c.conf", VIRTUAL_ENV: "/v" })).toEqual([
      "/c.conf",
      "/x1/pip/pip.conf",
      "/x2/pip/pip.conf",
      "/etc/pip.conf",
      "/h/.pip/pip.conf",
      "/h/.config/pip/pip.conf",
      "/v/pip.conf",
    ]);
  });

  it("takes PIP_INDEX_URL first, then the files, later files winning", async () => {
    const env = isolatedEnv("order");
    write(path.join(env.XDG_CONFIG_DIRS as string, "pip", "pip.conf"), "[global]\nindex-url = http://127.0.0.1:1/simple/\nextra-index-url =\n");
    const user = write(path.join(env.HOME as string, ".config", "pip", "pip.conf"), "[global]\nindex-url = http://127.0.0.1:2/simple/\n");
    expect(await resolvePipIndexes({ env, pipConfigCommand: null })).toEqual({ indexUrl: "http://127.0.0.1:2/simple/", extraIndexUrls: [], source: expect.stringContaining(user) });
    expect(await resolvePipIndexes({ env: { ...env, PIP_INDEX_URL: "http://127.0.0.1:3/simple/" }, pipConfigCommand: null })).toEqual({
      indexUrl: "http://127.0.0.1:3/simple/",
      extraIndexUrls: [],
      source: "PIP_INDEX_URL",
    });
    // PIP_INDEX_URL replaces index-url only: extra indexes of the files stay
    write(path.join(env.HOME as string, ".pip", "pip.conf"), "[global]\nextra-index-url = file:///srv/wheels/simple\n");
    expect((await resolvePipIndexes({ env: { ...env, PIP_INDEX_URL: "http://127.0.0.1:3/simple/" }, pipConfigCommand: null }))?.extraIndexUrls).toEqual([
      "file:///srv/wheels/simple",
    ]);
    const site = path.join(root, "order", "venv");
    write(path.join(site, "pip.conf"), "[install]\nindex-url = http://127.0.0.1:4/simple/\n");
    expect((await resolvePipIndexes({ env: { ...env, VIRTUAL_ENV: site }, pipConfigCommand: null }))?.indexUrl).toBe("http://127.0.0.1:4/simple/");
    // PIP_CONFIG_FILE=/dev/null turns every file off, as in pip
    expect(await resolvePipIndexes({ env: { ...env, PIP_CONFIG_FILE: "/dev/null" }, pipConfigCommand: null })).toBeUndefined();
  });

  it("asks pip itself (`pip config list`) for places only pip knows: the interpreter's prefix", async () => {
    const env = isolatedEnv("pip-itself");
    // A real interpreter environment whose sys.prefix holds a pip.conf; VIRTUAL_ENV is not set, so only pip finds it.
    const prefix = path.join(root, "pip-itself", "prefix");
    execFileSync("python3", ["-m", "venv", "--without-pip", "--system-site-packages", prefix]);
    write(path.join(prefix, "pip.conf"), "[global]\nindex-url = http://127.0.0.1:5/simple/\n");
    const command = [path.join(prefix, "bin", "python"), "-m", "pip", "config", "list"];
    expect(await resolvePipIndexes({ env, pipConfigCommand: null })).toBeUndefined();
    expect(await resolvePipIndexes({ env, pipConfigCommand: command })).toEqual({
      indexUrl: "http://127.0.0.1:5/simple/",
      extraIndexUrls: [],
      source: command.join(" "),
    });
  }, 60_000);

  it("says exactly what to set when nothing is configured", () => {
    const reason = noIndexConfiguredReason({ HOME: "/h", XDG_CONFIG_DIRS: "/x" });
    expect(reason).toContain("set PIP_INDEX_URL to your index's simple URL");
    expect(reason).toContain("`index-url = …` under [global] in ~/.config/pip/pip.conf or /etc/pip.conf");
    expect(reason).toContain("read: PIP_INDEX_URL, PIP_EXTRA_INDEX_URL, /x/pip/pip.conf, /etc/pip.conf, /h/.pip/pip.conf, /h/.config/pip/pip.conf, pip config list");
  });
});
