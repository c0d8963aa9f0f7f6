#!/usr/bin/env node
// Launcher: runs the precompiled CLI (dist/cli/, built by `npm install`, `npm run build` or
// `npm run build:cli`), from any working directory. No TypeScript is transpiled at start.
// CommonJS, not an ES module: Node starts CommonJS entry points without its ES module loader.
"use strict";
const { existsSync } = require("node:fs");
const path = require("node:path");

// bin/gatehouse set NODE_EXTRA_CA_CERTS aside so that Node would not load it at start: hand the file
// to lib/net/http-client.ts (DEFERRED_EXTRA_CA_CERTS), and put the variable back for child processes.
if (process.env.GATEHOUSE_NODE_EXTRA_CA_CERTS !== undefined) {
  globalThis[Symbol.for("gatehouse.deferredExtraCaCerts")] = process.env.GATEHOUSE_NODE_EXTRA_CA_CERTS;
  process.env.NODE_EXTRA_CA_CERTS = process.env.GATEHOUSE_NODE_EXTRA_CA_CERTS;
  delete process.env.GATEHOUSE_NODE_EXTRA_CA_CERTS;
}

const dist = path.join(__dirname, "..", "dist", "cli");
const entry = path.join(dist, "gatehouse.cjs");
if (!existsSync(entry)) {
  process.stderr.write(
    "gatehouse: the command is not built (dist/cli/gatehouse.cjs is missing).\n" +
      "Run `npm run build:cli` in the Gatehouse checkout (`npm install` does it too).\n",
  );
  process.exit(2);
}
function runHere() {
  // V8's compiled code of the bundle and its larger dependencies, kept beside the build (lib/cli/code-cache.ts).
  // The command name tells the cache which functions it should hold (see installCodeCache).
  require(path.join(dist, "code-cache.cjs")).installCodeCache(path.join(dist, ".cache"), process.argv[2]);
  require(entry).runFromProcess(process.argv.slice(2));
}

// A running daemon of this build (`gatehouse daemon start`) runs check and complexity without this
// process loading the bundle; without one, or when it declines, the command runs here (lib/cli/daemon).
const argv = process.argv.slice(2);
const daemon = require(path.join(dist, "daemon-client.cjs"));
const target = daemon.daemonTargetFor(argv, process.env, path.join(dist, "build-id"));
if (target === undefined) {
  runHere();
} else {
  daemon.runThroughDaemon(argv, target).then((code) => {
    if (code === undefined) return runHere();
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  });
}
