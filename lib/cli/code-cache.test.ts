import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DYNAMIC_IMPORT_CALL } from "./code-cache";

// The built hook (vitest's global setup builds dist/cli), run in child processes: it patches the
// module loader of the process that installs it.
const HOOK = path.resolve(__dirname, "../../dist/cli/code-cache.cjs");

let dir: string;
let cacheDir: string;
let big: string;

/** A CommonJS module above the cache's size floor that uses require, require.resolve and __dirname. */
function moduleText(answer: number): string {
  const filler = `// ${"x".repeat(100)}\n`.repeat(400);
  return `${filler}const path = require("node:path");\nmodule.exports = { answer: ${answer}, dir: path.basename(__dirname), self: path.basename(require.resolve("./big.js")) };\n`;
}

function load(): { answer: number; dir: string; self: string } {
  const script = `require(${JSON.stringify(HOOK)}).installCodeCache(${JSON.stringify(cacheDir)}); console.log(JSON.stringify(require(${JSON.stringify(big)})));`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout);
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-code-cache-"));
  cacheDir = path.join(dir, "cache");
  fs.mkdirSync(path.join(dir, "pkg"));
  big = path.join(dir, "pkg", "big.js");
  fs.writeFileSync(big, moduleText(41));
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("CLI code cache", () => {
  it("caches a large module at exit and loads it from the cache with a working require", () => {
    expect(load()).toEqual({ answer: 41, dir: "pkg", self: "big.js" });
    const written = fs.readdirSync(cacheDir);
    expect(written.length).toBe(1);
    expect(load()).toEqual({ answer: 41, dir: "pkg", self: "big.js" });
    expect(fs.readdirSync(cacheDir)).toEqual(written);
  });

  it("never runs stale code: a changed module of the same length is compiled afresh", () => {
    load();
    const before = fs.statSync(big).mtimeMs;
    fs.writeFileSync(big, moduleText(42)); // same length, different code
    fs.utimesSync(big, new Date(), new Date(before + 5000));
    expect(load().answer).toBe(42);
  });

  it("keeps import() working in a large module (web-tree-sitter loads node:fs/promises so)", () => {
    const dynamic = path.join(dir, "pkg", "dynamic.js");
    fs.writeFileSync(dynamic, `${"// filler\n".repeat(4000)}module.exports = () => import("node:path").then((m) => m.basename("/a/b.txt"));\n`);
    const script = `require(${JSON.stringify(HOOK)}).installCodeCache(${JSON.stringify(cacheDir)}); require(${JSON.stringify(dynamic)})().then((v) => console.log(v));`;
    for (let run = 0; run < 2; run += 1) {
      const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.stdout.trim()).toBe("b.txt");
    }
  });

  it("applies to the built CLI bundle: no import() call in it sends it back to the normal compile", () => {
    const bundle = fs.readFileSync(path.resolve(__dirname, "../../dist/cli/gatehouse.cjs"), "utf8");
    const call = DYNAMIC_IMPORT_CALL.exec(bundle);
    expect(call ? bundle.slice(Math.max(0, call.index - 120), call.index + 40) : null).toBeNull();
  });

  it("writes the entry again, once, when another command runs: the cache then holds the functions of both", () => {
    const commandsDir = path.join(dir, "commands-cache");
    const tool = path.join(dir, "pkg", "tool.js");
    // Two large functions: V8 compiles each on its first call, and caches what had run when it writes.
    const body = (name: string) => `function ${name}(n) { let s = 0; ${Array.from({ length: 1500 }, (_, i) => `s += (n * ${i}) % 7;`).join(" ")} return s; }\n`;
    fs.writeFileSync(tool, `${body("help")}${body("check")}module.exports = { help, check };\n`);
    const run = (command: string, calls = command) => {
      const script = `require(${JSON.stringify(HOOK)}).installCodeCache(${JSON.stringify(commandsDir)}, ${JSON.stringify(command)}); console.log(require(${JSON.stringify(tool)})[${JSON.stringify(calls)}](3));`;
      const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      return r.stdout.trim();
    };
    const entry = () => {
      const file = fs.readdirSync(commandsDir).find((name) => name.endsWith(".v8"));
      if (!file) throw new Error("no cache entry");
      const full = path.join(commandsDir, file);
      return { size: fs.statSync(full).size, mtime: fs.statSync(full).mtimeMs, commands: fs.readFileSync(`${full}.commands`, "utf8").trim().split("\n") };
    };
    const expected = run("help");
    const first = entry();
    expect(first.commands).toEqual(["help"]);
    expect(run("check")).toBe(expected); // same arithmetic, other function
    const second = entry();
    expect(second.commands).toEqual(["help", "check"]);
    expect(second.size).toBeGreaterThan(first.size);
    run("check");
    run("--version", "check"); // not a command name: recorded nowhere, writes nothing
    expect(entry()).toEqual(second);
  });

  it("works without a writable cache folder", () => {
    const blocked = path.join(dir, "file-not-folder");
    fs.writeFileSync(blocked, "");
    const script = `require(${JSON.stringify(HOOK)}).installCodeCache(${JSON.stringify(path.join(blocked, "cache"))}); console.log(require(${JSON.stringify(big)}).answer);`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("42");
  });
});
