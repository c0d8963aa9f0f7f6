import { afterAll, describe, expect, it } from "vitest";
import { createStaticAnalysisGate, type StaticAnalysisResult } from "./gate";
import { createMemoryStaticCache } from "./base-cache";
import { createProject, TS_PACKAGE, TSCONFIG, type Project } from "./test-support/projects";
import { probeSandbox, runSandboxed } from "../../sandbox";

/** The real sandbox (lib/sandbox): tools run as nobody, no network, node_modules copy-on-write. */
const sandbox = { runSandboxed: (req: Parameters<typeof runSandboxed>[0]) => runSandboxed(req), probeSandbox: () => probeSandbox() };
import type { StaticFinding } from "./types";

const projects: Project[] = [];
const project = (...args: Parameters<typeof createProject>) => {
  const p = createProject(...args);
  projects.push(p);
  return p;
};
afterAll(() => projects.forEach((p) => p.repo.remove()));

const brief = (f: StaticFinding) => `${f.file}:${f.line} ${f.tool} ${f.rule}${f.inventedMember ? " invented" : ""}`;

describe("static-analysis gate: TypeScript", () => {
  it("reports the invented property and the wrong argument count, not the base's own error, even when it moved", async () => {
    const p = project(
      {
        "package.json": TS_PACKAGE,
        "tsconfig.json": TSCONFIG,
        "src/user.ts": "export interface User {\n  name: string;\n}\n\nexport function greet(user: User, greeting: string): string {\n  return `${greeting}, ${user.name}`;\n}\n",
        "src/legacy.ts": 'export const answer: number = "forty-two";\n',
      },
      { nodeModules: true },
    );
    const gate = createStaticAnalysisGate({ sandbox, cache: createMemoryStaticCache() });
    const input = p.change({
      "src/app.ts": 'import { greet, type User } from "./user";\n\nexport function welcome(user: User): string {\n  return greet(user) + user.email;\n}\n',
      // The old error moves down three lines: still old.
      "src/legacy.ts": '// legacy numbers\n\nexport const zero = 0;\nexport const answer: number = "forty-two";\n',
    });
    const r = (await gate.run(input)) as StaticAnalysisResult;
    expect(r.status, r.summary).toBe("fail");
    expect(r.findings.map(brief)).toEqual(["src/app.ts:4 tsc TS2554", "src/app.ts:4 tsc TS2339 invented"]);
    expect(r.findings[1]).toMatchObject({ column: expect.any(Number), message: expect.stringContaining("Property 'email' does not exist on type 'User'"), severity: "error" });
    expect(r).toMatchObject({ introduced: 2, introducedErrors: 2, inventedMembers: 1, fixed: 0, baseTotal: 1 });
    expect(r.tools).toEqual([expect.objectContaining({ id: "tsc:tsconfig.json", status: "ran", baseCached: false, baseTotal: 1 })]);
    expect(r.summary).toContain("1 invented member");

    // The same base again: served from the cache, same answer.
    const again = (await gate.run(input)) as StaticAnalysisResult;
    expect(again.tools[0]).toMatchObject({ baseCached: true });
    expect(again.findings.map(brief)).toEqual(r.findings.map(brief));
  }, 60_000);

  it("counts a fixed base error as good news and passes", async () => {
    const p = project({ "package.json": TS_PACKAGE, "tsconfig.json": TSCONFIG, "src/a.ts": "export const n: number = 'x';\n" }, { nodeModules: true });
    const r = (await createStaticAnalysisGate({ sandbox }).run(p.change({ "src/a.ts": "export const n: number = 1;\n" }))) as StaticAnalysisResult;
    expect(r).toMatchObject({ status: "pass", introduced: 0, fixed: 1, baseTotal: 1 });
    expect(r.summary).toContain("1 fixed");
  }, 60_000);

  it("flags a JSX prop the component's props type does not declare", async () => {
    const p = project(
      {
        "package.json": JSON.stringify({ name: "mini-react", devDependencies: { typescript: "^5.9.0", "@types/react": "^19.0.0" } }),
        "tsconfig.json": TSCONFIG.replace('"types": []', '"types": ["react"]'),
        "src/Card.tsx": "export interface CardProps {\n  title: string;\n}\n\nexport function Card({ title }: CardProps) {\n  return <h2>{title}</h2>;\n}\n",
        "src/Page.tsx": 'import { Card } from "./Card";\n\nexport function Page() {\n  return <Card title="Orders" />;\n}\n',
      },
      { nodeModules: true },
    );
    const r = (await createStaticAnalysisGate({ sandbox }).run(
      p.change({ "src/Page.tsx": 'import { Card } from "./Card";\n\nexport function Page() {\n  return <Card title="Orders" subtitle="Open orders" />;\n}\n' }),
    )) as StaticAnalysisResult;
    expect(r.status, r.summary).toBe("fail");
    expect(r.findings.map(brief)).toEqual(["src/Page.tsx:4 tsc TS2322 invented"]);
    expect(r.findings[0]!.message).toMatch(/Property 'subtitle' does not exist on type 'IntrinsicAttributes & CardProps'/);
  }, 60_000);
});

describe("static-analysis gate: ESLint", () => {
  const config =
    'module.exports = [{ files: ["**/*.js"], languageOptions: { sourceType: "commonjs", globals: { module: "readonly", require: "readonly" } },\n' +
    '  rules: { "no-undef": "error", "no-shadow": "warn" } }];\n';
  const pkg = JSON.stringify({ name: "mini-lint", devDependencies: { eslint: "^9.0.0" } });

  it("reports no-undef (error) and no-shadow (warning) the change introduced, not the moved old shadowing", async () => {
    const p = project(
      { "package.json": pkg, "eslint.config.js": config, "lib/total.js": "const items = [];\nfunction count(items) {\n  return items.length;\n}\nmodule.exports = { count };\n" },
      { nodeModules: true },
    );
    const r = (await createStaticAnalysisGate({ sandbox }).run(
      p.change({
        "lib/total.js":
          "// totals\nconst items = [];\nconst rate = 2;\n\nfunction count(items) {\n  return items.length;\n}\n\nfunction total(list) {\n  const rate = 3;\n  return list.reduce((s, x) => s + x * rate, 0) + taxes;\n}\nmodule.exports = { count, total, rate };\n",
      }),
    )) as StaticAnalysisResult;
    expect(r.status, r.summary).toBe("fail");
    expect(r.findings.map(brief)).toEqual(["lib/total.js:10 eslint no-shadow", "lib/total.js:11 eslint no-undef"]);
    expect(r.findings.map((f) => f.severity)).toEqual(["warning", "error"]);
    expect(r.baseTotal).toBe(1);
  }, 60_000);

  it("warns when the change only adds warnings", async () => {
    const p = project({ "package.json": pkg, "eslint.config.js": config, "a.js": "const x = 1;\nmodule.exports = x;\n" }, { nodeModules: true });
    const r = await createStaticAnalysisGate({ sandbox }).run(p.change({ "a.js": "const x = 1;\nfunction f(x) {\n  return x;\n}\nmodule.exports = { x, f };\n" }));
    expect(r.status, r.summary).toBe("warn");
  }, 60_000);

  it("a configuration that crashes ESLint is an error with the reason, never a pass", async () => {
    const p = project({ "package.json": pkg, "eslint.config.js": 'throw new Error("config exploded");\n', "a.js": "module.exports = 1;\n" }, { nodeModules: true });
    const r = (await createStaticAnalysisGate({ sandbox }).run(p.change({ "a.js": "module.exports = 2;\n" }))) as StaticAnalysisResult;
    expect(r.status).toBe("error");
    expect(r.tools[0]).toMatchObject({ tool: "eslint", status: "error", error: expect.stringContaining("config exploded") });
    expect(r.summary).toContain("config exploded");
  }, 60_000);
});

describe("static-analysis gate: Python", () => {
  it("runs mypy and pyflakes as the project configures them", async () => {
    const p = project({
      "pyproject.toml": "[project]\nname = \"mini\"\nversion = \"0.1.0\"\n\n[tool.mypy]\nstrict = false\n",
      "requirements-dev.txt": "mypy\npyflakes\n",
      "shop/__init__.py": "",
      "shop/cart.py": "class Cart:\n    def __init__(self) -> None:\n        self.items: list[str] = []\n\n\ndef size(cart: Cart) -> int:\n    return len(cart.items)\n",
    });
    const r = (await createStaticAnalysisGate({ sandbox }).run(
      p.change({
        "shop/cart.py":
          "class Cart:\n    def __init__(self) -> None:\n        self.items: list[str] = []\n\n\ndef size(cart: Cart) -> int:\n    return len(cart.items)\n\n\ndef total(cart: Cart) -> float:\n    return cart.subtotal * tax_rate\n",
      }),
    )) as StaticAnalysisResult;
    expect(r.status, r.summary).toBe("fail");
    expect(r.tools.map((t) => `${t.tool}:${t.status}`)).toEqual(["mypy:ran", "pyflakes:ran"]);
    expect(r.findings.map(brief)).toEqual([
      "shop/cart.py:11 mypy attr-defined invented",
      "shop/cart.py:11 mypy name-defined",
      "shop/cart.py:11 pyflakes undefined name %s",
    ]);
    expect(r.inventedMembers).toBe(1);
  }, 60_000);
});

describe("static-analysis gate: SARIF commands and edge cases", () => {
  const scanner = `// Reports every line containing "eval(" as a SARIF result with a content fingerprint.
const fs = require("fs");
const crypto = require("crypto");
const results = [];
for (const file of fs.readdirSync("src")) {
  fs.readFileSync("src/" + file, "utf8").split("\\n").forEach((text, i) => {
    if (text.includes("eval(")) results.push({ ruleId: "no-eval", level: "error", message: { text: "eval runs arbitrary code (scanned as uid " + process.getuid() + ")" },
      locations: [{ physicalLocation: { artifactLocation: { uri: "src/" + file }, region: { startLine: i + 1, startColumn: text.indexOf("eval(") + 1 } } }],
      partialFingerprints: { "lineHash/v1": crypto.createHash("sha1").update(text.trim()).digest("hex") } });
  });
}
fs.writeFileSync(process.env.GATEHOUSE_SARIF_FILE, JSON.stringify({ version: "2.1.0", runs: [{ tool: { driver: { name: "evalscan" } }, results }] }));
`;
  it("ingests a configured command's SARIF; partialFingerprints keep a moved result old", async () => {
    const p = project({ "tools/scan.js": scanner, "src/a.js": "eval(input);\n" });
    const sarifCommands = [{ name: "evalscan", command: "node tools/scan.js" }];
    const r = (await createStaticAnalysisGate({ sandbox }).run(
      p.change({ "src/a.js": "// moved\n\neval(input);\n", "src/b.js": "const y = 1;\neval(other);\n" }, { sarifCommands }),
    )) as StaticAnalysisResult;
    expect(r.status, r.summary).toBe("fail");
    expect(r.findings.map(brief)).toEqual(["src/b.js:2 sarif no-eval"]);
    expect(r.findings[0]).toMatchObject({ toolLabel: "evalscan", column: 1 });
    // It ran in the sandbox, as nobody.
    expect(r.findings[0]!.message).toContain("uid 65534");
    expect(r.sandbox).toBe("bwrap");
    expect(r).toMatchObject({ baseTotal: 1, fixed: 0 });
  }, 60_000);

  it("a SARIF command that prints garbage is an error for that tool", async () => {
    const p = project({ "src/a.js": "1;\n" });
    const r = (await createStaticAnalysisGate({ sandbox }).run(p.change({ "src/a.js": "2;\n" }, { sarifCommands: [{ name: "broken", command: "echo not-sarif; exit 3" }] }))) as StaticAnalysisResult;
    expect(r.status).toBe("error");
    expect(r.tools[0]).toMatchObject({ label: "broken", status: "error", error: expect.stringMatching(/not JSON/) });
  }, 60_000);

  it("is skipped when the repository uses none of the tools", async () => {
    const p = project({ "README.md": "hello\n", "a.py": "x = 1\n" });
    const r = await createStaticAnalysisGate({ sandbox }).run(p.change({ "a.py": "x = 2\n" }));
    expect(r.status).toBe("skipped");
  });

  it("fails closed when the sandbox is unavailable", async () => {
    const p = project({ "package.json": TS_PACKAGE, "tsconfig.json": TSCONFIG, "src/a.ts": "export const a = 1;\n" }, { nodeModules: true });
    const broken = { ...sandbox, probeSandbox: async () => ({ ok: false as const, reason: "bwrap is not installed", fix: "apt-get install bubblewrap" }) };
    const r = await createStaticAnalysisGate({ sandbox: broken }).run(p.change({ "src/a.ts": "export const a: string = 1;\n" }));
    expect(r.status).toBe("error");
    expect(r.summary).toContain("bwrap is not installed");
  });
});
