// Builds the `gatehouse` command into dist/cli/ as plain JavaScript (esbuild), so the CLI starts
// without transpiling TypeScript. Run by `npm install` (postinstall), `npm run build`, `npm test`
// and vitest's global setup (the CLI tests run the built command). Every package stays external:
// node_modules is loaded as installed (native and wasm parsers included); only our code is bundled.
// Small pure-JavaScript packages (BUNDLED) are the exception: inside the bundle they share its one V8
// code-cache entry instead of costing a resolution, a read and a compile per file at every start.
// CommonJS, not ESM: an ES module importing a CommonJS package (typescript is 9 MB) makes Node scan
// the package for its export names at every start, which cost more than a second. esbuild wraps each
// lazily imported module in an init function, so a command still loads only the modules it uses.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";

const ROOT = path.resolve(import.meta.dirname, "..");
export const CLI_OUT_DIR = path.join(ROOT, "dist", "cli");
/**
 * zod alone is ~90 small files to resolve, read and compile at start when left external. oxc-parser's
 * JavaScript is an ES module graph that Node loads without a code cache (~20 ms at every start); its
 * native binding (@oxc-parser/binding-*) stays external, found from the bundle's own location.
 */
const BUNDLED = new Set(["zod", "semver", "picomatch", "oxc-parser"]);

/** Every other package stays external (native and wasm parsers, typescript), loaded as installed. */
const externalPackages = {
  name: "external-packages",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("@/")) return undefined; // tsconfig path alias: our own code
      if (args.path.startsWith("node:")) return { path: args.path, external: true };
      const name = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
      return BUNDLED.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * `import ts from "typescript"` compiles to a helper that copies the CommonJS module's thousands of
 * exports into a new object, once per importing module (~60 ms at start); this one-line ES module
 * hands over the module object itself.
 */
const typescriptDefaultImport = {
  name: "typescript-default-import",
  setup(b) {
    b.onResolve({ filter: /^typescript$/ }, (args) =>
      args.namespace === "typescript-default" ? undefined : { path: "typescript", namespace: "typescript-default" },
    );
    b.onLoad({ filter: /.*/, namespace: "typescript-default" }, () => ({
      contents: 'const ts = require("typescript");\nexport default ts;\n',
      resolveDir: ROOT,
      loader: "js",
    }));
  },
};

/**
 * zod's entry re-exports every locale (`z.locales`, ~40 modules initialised at start, ~9 ms); the CLI
 * only ever uses English, the default zod registers by itself, so the bundle carries English alone.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)
        ? { path: path.join(path.dirname(args.importer), "..", "locales", "index.js"), namespace: "zod-english-only" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: 'export { default as en } from "./en.js";\n',
      resolveDir: path.dirname(args.path),
      loader: "js",
    }));
  },
};

/**
 * One non-ASCII character anywhere makes V8 hold the whole 1 MB bundle as a two-byte string, slower to
 * read and to scan at every start. esbuild escapes strings but keeps comments and regex literals as
 * written; \uXXXX means the same code unit there (a surrogate pair is one code point in a /u regex).
 */
function asciiOnly(file) {
  const text = fs.readFileSync(file, "utf8");
  const escaped = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  if (escaped !== text) fs.writeFileSync(file, escaped);
}

export async function buildCli({ log = () => {} } = {}) {
  const started = Date.now();
  // Built beside and swapped in: stale chunks (their names carry a hash) do not accumulate, and a
  // failed build leaves the previous one in place.
  const staging = `${CLI_OUT_DIR}.${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  await build({
    entryPoints: {
      gatehouse: path.join(ROOT, "lib/cli/main.ts"),
      "code-cache": path.join(ROOT, "lib/cli/code-cache.ts"),
      "daemon-client": path.join(ROOT, "lib/cli/daemon/client.ts"),
    },
    outdir: staging,
    bundle: true,
    format: "cjs",
    outExtension: { ".js": ".cjs" },
    // import.meta.url (createRequire in lib/parsers) is the bundle's own URL.
    define: { "import.meta.url": "__gatehouseModuleUrl" },
    banner: { js: 'const __gatehouseModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
    platform: "node",
    target: "node20",
    tsconfig: path.join(ROOT, "tsconfig.json"),
    sourcemap: "linked",
    charset: "ascii", // strings are escaped; asciiOnly() below escapes what esbuild leaves (comments, regex literals)
    plugins: [typescriptDefaultImport, zodEnglishOnly, externalPackages],
    logLevel: "warning",
  }).catch((error) => {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  });
  const built = fs.readdirSync(staging).filter((file) => file.endsWith(".cjs")).sort();
  for (const file of built) asciiOnly(path.join(staging, file));
  // Names the daemon's socket (lib/cli/daemon): a client only ever talks to a daemon of its own build.
  const hash = createHash("sha256");
  for (const file of built) hash.update(fs.readFileSync(path.join(staging, file)));
  fs.writeFileSync(path.join(staging, "build-id"), `${hash.digest("hex").slice(0, 16)}\n`);
  fs.rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  fs.renameSync(staging, CLI_OUT_DIR);
  log(`gatehouse: built the CLI into ${path.relative(ROOT, CLI_OUT_DIR)}/ in ${Date.now() - started} ms`);
}

/** vitest globalSetup: the CLI tests run the built command, so build it from the current sources. */
export default async function setup() {
  await buildCli();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  buildCli({ log: console.log }).catch((error) => {
    console.error(`gatehouse: building the CLI failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
