/**
 * V8 code cache for the CLI bundle and its larger CommonJS dependencies, installed by the launcher
 * before it loads the bundle. Compiling typescript.js (9 MB) alone costs ~160 ms of CPU at every
 * start; with V8's cached data it is a lookup. Node ≥ 22.1 has this built in
 * (module.enableCompileCache); on Node 20 modules of MIN_BYTES or more are compiled through vm.Script
 * with cached data, written once at exit. The cache lives in
 * `dir` (dist/cli/.cache, rebuilt with the CLI); a stale or foreign entry is rejected by V8 and
 * rewritten, and a cache that cannot be read or written only costs the normal compile.
 *
 * V8 caches the functions that had run when the entry was written: an entry written by `--help`
 * would leave `check` compiling its functions at every start. Each entry lists the commands whose
 * functions it holds, and the first run of another command writes it again, with both.
 */
import fs from "node:fs";
import Module from "node:module";
import path from "node:path";
import vm from "node:vm";
import { shortHash } from "../text/short-hash";

/** Smaller modules compile faster than their cache file is read. */
const MIN_BYTES = 32_000;

interface CompilableModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}

type ModuleStatics = typeof Module & {
  enableCompileCache?: (dir?: string) => unknown;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: unknown, isMain: boolean, options?: unknown): string;
  _extensions: unknown;
  _cache: unknown;
  prototype: CompilableModule;
};

let installed = false;

/**
 * A module that calls `import()` (web-tree-sitter loads fs/promises so) cannot run from a vm.Script on Node 20
 * without an experimental flag ("A dynamic import callback was not specified"): it is compiled the normal way.
 * The pattern looks for the call in code position, so typescript.js's messages that mention import("…") still cache.
 */
export const DYNAMIC_IMPORT_CALL = /(?:\bawait|\breturn|[=(,:?]|=>)\s*import\s*\(/;

/** Command names only (`check`, `complexity`): anything else a user types is not recorded. */
const COMMAND_NAME = /^[a-z][a-z-]{0,31}$/;

function readCommands(file: string): string[] {
  try {
    return fs.readFileSync(file, "utf8").split("\n").filter((line) => COMMAND_NAME.test(line));
  } catch {
    return [];
  }
}

export function installCodeCache(dir: string, command?: string): void {
  if (installed) return;
  installed = true;
  const statics = Module as ModuleStatics;
  if (typeof statics.enableCompileCache === "function") {
    statics.enableCompileCache(dir);
    return;
  }
  const pending: { file: string; script: vm.Script; commands: string[] }[] = [];
  const current = command !== undefined && COMMAND_NAME.test(command) ? command : undefined;
  const original = statics.prototype._compile;
  statics.prototype._compile = function compileWithCache(this: CompilableModule, content: string, filename: string) {
    if (content.length < MIN_BYTES) return original.call(this, content, filename);
    // V8 only checks the source length: the key must change with the file (a reinstall keeps no mtime equal).
    const stat = fs.statSync(filename, { throwIfNoEntry: false });
    const identity = `${process.version}\0${process.arch}\0${filename}\0${content.length}\0${stat?.mtimeMs}\0${stat?.ino}`;
    const file = path.join(dir, `${path.basename(filename).replace(/[^\w.-]/g, "_")}-${shortHash(identity)}.v8`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = fs.readFileSync(file);
    } catch {
      cachedData = undefined;
    }
    // Only modules without import() calls are ever cached, so an entry for this very file spares the
    // scan (~9 ms over the CLI bundle at every start).
    if (!cachedData && DYNAMIC_IMPORT_CALL.test(content)) return original.call(this, content, filename);
    const script = new vm.Script(statics.wrap(content), { filename, cachedData });
    const commands = cachedData && !script.cachedDataRejected ? readCommands(`${file}.commands`) : [];
    if (!cachedData || script.cachedDataRejected || (current !== undefined && !commands.includes(current))) {
      pending.push({ file, script, commands: current === undefined ? commands : [...commands, current] });
    }
    const fn = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Object.assign((id: string) => this.require(id), {
      resolve: (request: string, options?: unknown) => statics._resolveFilename(request, this, false, options),
      main: (process as { mainModule?: unknown }).mainModule,
      extensions: statics._extensions,
      cache: statics._cache,
    });
    return fn.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  // Written at exit, so the functions the command actually ran are in the cache too.
  process.once("exit", () => {
    for (const { file, script, commands } of pending) {
      try {
        fs.mkdirSync(dir, { recursive: true });
        const temp = `${file}.${process.pid}`;
        fs.writeFileSync(temp, script.createCachedData());
        fs.renameSync(temp, file);
        // Written after the entry: a list never names commands its entry does not hold.
        if (commands.length > 0) {
          fs.writeFileSync(temp, `${commands.join("\n")}\n`);
          fs.renameSync(temp, `${file}.commands`);
        }
      } catch {
        // read-only install: compile normally next time
      }
    }
  });
}
