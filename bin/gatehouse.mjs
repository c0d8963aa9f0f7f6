#!/usr/bin/env node
// Launcher: loads the TypeScript CLI through tsx's API, from any working directory.
// Both hooks are needed: the package is CommonJS-typed, so .ts files load through require().
import { register as registerCjs } from "tsx/cjs/api";
import { register as registerEsm } from "tsx/esm/api";

const tsconfig = new URL("../tsconfig.json", import.meta.url).pathname;
registerCjs({ tsconfig });
registerEsm({ tsconfig });

const mod = await import(new URL("../lib/cli/main.ts", import.meta.url).href);
const { runFromProcess } = mod.runFromProcess ? mod : mod.default;
await runFromProcess(process.argv.slice(2));
