#!/usr/bin/env node
// Launcher: runs the precompiled CLI (dist/cli/, built by `npm install`, `npm run build` or
// `npm run build:cli`), from any working directory. No TypeScript is transpiled at start.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../dist/cli/gatehouse.cjs", import.meta.url));
if (!existsSync(entry)) {
  process.stderr.write(
    "gatehouse: the command is not built (dist/cli/gatehouse.cjs is missing).\n" +
      "Run `npm run build:cli` in the Gatehouse checkout (`npm install` does it too).\n",
  );
  process.exit(2);
}
// require, not import: the bundle is CommonJS (see scripts/build-cli.mjs).
const require = createRequire(import.meta.url);
// V8's compiled code of the bundle and its larger dependencies, kept beside the build (lib/cli/code-cache.ts).
require(fileURLToPath(new URL("../dist/cli/code-cache.cjs", import.meta.url))).installCodeCache(
  fileURLToPath(new URL("../dist/cli/.cache", import.meta.url)),
);
const { runFromProcess } = require(entry);
await runFromProcess(process.argv.slice(2));
