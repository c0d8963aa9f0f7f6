/**
 * The oxc (ESTree) readers of the dependency and error-contract gates give exactly what the TypeScript
 * compiler readers they replace give — imports, error contracts and consumer candidates, in the same
 * order with the same lines — on real code (this repository's gates, the complexity edge-case
 * fixtures, zod's and chai's sources from node_modules) and on constructs where the two trees differ.
 * Files oxc does not parse cleanly are left to the TypeScript readers.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { extractJsImports } from "../gates/dependencies/extract-js-imports";
import { jsImports, jsImportsFromEstree } from "../gates/dependencies/js-imports";
import { jsCandidates } from "../gates/error-contract/candidates-js";
import { jsCandidatesEstree } from "../gates/error-contract/candidates-js-estree";
import { extractErrorContract } from "../gates/error-contract/extract";
import { extractJsContract } from "../gates/error-contract/extract-js";
import { extractJsContractEstree } from "../gates/error-contract/extract-js-estree";

const ROOT = path.resolve(__dirname, "../..");
const FILTER = {
  relevant: (text: string) => text.length > 0,
  identifiers: new Set(["Error", "TypeError", "RangeError", "message", "code", "status", "div", "expect", "name", "value"]),
};

function* sources(dir: string): Generator<string> {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(file);
    else if (/\.(m?[jt]sx?|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) yield file;
  }
}

function contractByTypescript(file: string, text: string): unknown {
  try {
    return extractJsContract(file, text);
  } catch (error) {
    return String(error);
  }
}

/** Every reader on one file: [what, oxc, TypeScript] for each, or undefined when oxc leaves the file to TypeScript. */
function bothReadings(file: string, text: string): Array<[string, unknown, unknown]> | undefined {
  const imports = jsImportsFromEstree(file, text);
  if (!imports) return undefined;
  return [
    ["imports", imports, extractJsImports(file, text)],
    ["contract", extractJsContractEstree(file, text), contractByTypescript(file, text)],
    ["candidates", jsCandidatesEstree(file, text, FILTER), jsCandidates(file, text, FILTER)],
    ["test-file candidates", jsCandidatesEstree(file, text, FILTER, { testFile: true }), jsCandidates(file, text, FILTER, { testFile: true })],
  ];
}

const EDGE_CASES: Record<string, string> = {
  "scopes.ts": `
export class BadInput extends Error { code = "E_BAD"; constructor(m = "bad input") { super(m); } }
class Sub extends BadInput { static code = "E_SUB"; #secret = 1; accessor kind = "x";
  constructor() { super("sub failed"); const C = class extends Error { m() { super.x("no"); } }; }
  get value() { throw new Sub(); } set value(v) { this.#secret = v; this.code = "E_SET"; }
  [Symbol.iterator]() { throw new TypeError(\`iter \${this.#secret} done\`); } }
const handlers = { parse() { throw new RangeError("parse " + 1); }, "quoted": function () { throw "quoted"; }, 7: () => { throw new Error('seven'); } };
obj.prop = function named() { return Promise.reject(new Error("rejected")); };
export default function () { return new Promise((ok, fail = noop) => fail({ message: "executor", code: "E_EXEC", status: 503 })); }
app.get("/users", async (req, res) => { res.status(404).json({ error: "no user", code: "E_USER" }); await (res as any)!.sendStatus(410); });
(() => { throw new Error("iife"); })("arg");
router?.post("/x", (c) => c?.json({ message: \`bad \${c.id}\` }, { status: 422 }));
new Response(JSON.stringify({ detail: "gone" }), { status: 410 }); ctx.throw(400, "koa says no"); logger.error("failed %s after %d ms", a, b);
err.statusCode = 500; (err as Error & { code: string }).code = \`E_\${x}\`; next(createError(401, "login first"));
`,
  "consumers.test.tsx": `
import { thing } from "./thing"; import type { T } from "t"; export * from "./all"; export type { U } from "./u";
const lazy = await import(\`./lazy\`); const req = require("dep", "extra"); type I = typeof import("typed"); type L = \`literal\`; type P = \`p\${string}\`;
expect(() => run()).toThrow(new PathError("Unterminated quote at index 2", '/:"foo'));
expect(fn).toThrow(/TypeError: path must be absolute/i); expect(() => x).toThrow(new RegExp("dyn" + "amic", "g")); new RegExp(\`tmpl\`, 'm');
it(\`fails with \${code} and \${status}\`, () => {}); const { message, code = "E_DEFAULT" } = err; const o = { status, value: "v" };
const view = <div title="attr text" data-x={\`in \${value} jsx\`}>
    Something went wrong &amp; more
  <Foo.Bar /></div>;
enum E { "s" = 1, t = "tee" } declare module "mod" { export const m: string; }
import json from "./data.json" with { type: "json" }; export { thing as "string name" };
`,
  "crlf.js": 'const a = "one";\r\nthrow new Error("two");\r\nconst b = `three\r\n${a}four`;\u2028throw "five";\n',
  "lines.ts": "/** doc */\n@decorator('dec')\nclass Decorated extends Error { @field('f') code = 'E_DEC'; }\nthrow new Decorated(`multi\nline`);\n",
};

describe("oxc readers vs the TypeScript compiler readers", () => {
  it("read the constructs where ESTree and TypeScript's tree differ identically", () => {
    for (const [file, text] of Object.entries(EDGE_CASES)) {
      const readings = bothReadings(file, text);
      expect(readings, `${file} parses cleanly`).toBeDefined();
      for (const [what, oxc, typescript] of readings!) expect(oxc, `${what} of ${file}`).toEqual(typescript);
    }
    // Not vacuous: the edge cases produce entries of every kind.
    const contract = extractJsContractEstree("scopes.ts", EDGE_CASES["scopes.ts"])!;
    expect(new Set(contract.map((e) => e.kind))).toEqual(new Set(["class", "code", "message", "http"]));
    expect(contract.map((e) => e.functionName)).toEqual(
      expect.arrayContaining(["Sub.constructor", "Sub.value", "Sub.<computed>", "parse", "quoted", "7", "obj.prop", "default", 'app.get("/users")']),
    );
  });

  it("read real code identically: this repository's gates, edge-case fixtures, zod and chai", () => {
    const roots = ["lib/gates", "lib/gates/complexity/fixtures", "node_modules/zod/src", "node_modules/chai/lib"].map((d) => path.join(ROOT, d));
    let files = 0;
    let entries = 0;
    for (const root of roots) {
      for (const file of sources(root)) {
        const text = fs.readFileSync(file, "utf8");
        const readings = bothReadings(file, text);
        if (!readings) continue;
        files += 1;
        for (const [what, oxc, typescript] of readings) {
          expect(oxc, `${what} of ${path.relative(ROOT, file)}`).toEqual(typescript);
          if (Array.isArray(oxc)) entries += oxc.length;
        }
      }
    }
    expect(files).toBeGreaterThan(300);
    expect(entries).toBeGreaterThan(10_000);
  }, 300_000);

  it("leave files with syntax errors to the TypeScript readers, with the same results", async () => {
    const sloppy = 'with (scope) { throw new Error("legacy " + name); }\nvar x = require("legacy-dep");\n';
    const broken = 'import x from "dep";\nthrow new Error("before the error";\n';
    // Sloppy-mode syntax is read as the TypeScript compiler reads it.
    for (const [what, oxc, typescript] of bothReadings("legacy.js", sloppy)!) expect(oxc, what).toEqual(typescript);
    expect(await jsImports("legacy.js", sloppy)).toEqual([{ specifier: "legacy-dep", line: 2 }]);
    expect((await extractErrorContract("legacy.js", sloppy)).map((e) => e.text)).toEqual(["legacy {…}"]);
    expect(jsImportsFromEstree("broken.ts", broken)).toBeUndefined();
    expect(await jsImports("broken.ts", broken)).toEqual(extractJsImports("broken.ts", broken));
    await expect(extractErrorContract("broken.ts", broken)).rejects.toThrow(/broken\.ts/);
  });
});
