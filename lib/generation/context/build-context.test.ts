import { describe, it, expect, afterAll } from "vitest";
import { createTempRepo } from "../../testing/git-repo";
import { buildContextPack } from "./build-context";
import { jsImports, pythonImports } from "./imports";

const repo = createTempRepo({
  "tsconfig.json": `{ // comment\n "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] }, } }`,
  "src/auth/session.ts": `import { sign } from "./token";\nimport { log } from "@/lib/log";\nimport { clamp } from "../util";\n// import "./ghost";\nexport function session(u: string) { log(u); return sign(clamp(u)); }\n`,
  "src/auth/token.ts": `export function sign(s: string) { return s + "!"; }\n`,
  "src/lib/log.ts": `export function log(s: string) { console.log(s); }\n`,
  "src/util/index.ts": `export const clamp = (s: string) => s.slice(0, 10);\n`,
  "src/api/login.ts": `const { session } = require("../auth/session.js");\nexport const login = (u: string) => session(u);\n`,
  "src/unrelated/colors.ts": `export const red = "#f00";\n`,
  "src/billing/session-cookie.ts": `// session cookie helpers for billing\nexport function sessionCookie(session: string) { return "sid=" + session; }\n`,
  "app/models/user.py": `from ..db import base\nfrom . import helpers\nimport app.db.base\nclass User: pass\n`,
  "app/db/base.py": `BASE = 1\n`,
  "app/models/helpers.py": `def h(): pass\n`,
  "app/__init__.py": ``,
  "app/db/__init__.py": ``,
  "app/models/__init__.py": ``,
  "image.bin": "\u0000\u0001binary",
});
const base = repo.git("rev-parse", "HEAD");
afterAll(() => repo.remove());

describe("import extraction", () => {
  it("finds JS/TS imports and ignores comments", () => {
    expect(jsImports(`import a from "a";\nimport type { T } from 'b';\nexport * from "./c";\nconst d = require("d");\nawait import("e");\n// import "f";\nconst s = "import g from 'g'";`).sort()).toEqual(
      ["./c", "a", "b", "d", "e"],
    );
  });
  it("finds Python imports incl. multi-line and relative", () => {
    expect(pythonImports(`import os, sys as system\nfrom ..x import (a,\n  b)\n# import nope\n`).sort()).toEqual(["..x", "..x.a", "..x.b", "os", "sys"]);
  });
});

describe("buildContextPack", () => {
  it("collects targets, imports (relative, alias, index) and importers", async () => {
    const pack = await buildContextPack({ repoDir: repo.dir, baseCommit: base, targetPaths: ["src/auth/session.ts"], instruction: "add expiry to the session" });
    const by = (reason: string) => pack.entries.filter((e) => e.reason === reason).map((e) => e.file).sort();
    expect(by("target")).toEqual(["src/auth/session.ts"]);
    expect(by("imports")).toEqual(["src/auth/token.ts", "src/lib/log.ts", "src/util/index.ts"]);
    expect(by("imported-by")).toEqual(["src/api/login.ts"]);
    const similar = pack.entries.filter((e) => e.reason === "similar");
    expect(similar[0]?.file).toBe("src/billing/session-cookie.ts");
    expect(pack.entries.every((e) => e.tokens > 0)).toBe(true);
    expect(pack.totalTokens).toBe(pack.entries.reduce((s, e) => s + e.tokens, 0));
  });

  it("resolves Python relative and absolute imports", async () => {
    const pack = await buildContextPack({ repoDir: repo.dir, baseCommit: base, targetPaths: ["app/models/user.py"], instruction: "x" });
    expect(pack.entries.filter((e) => e.reason === "imports").map((e) => e.file).sort()).toEqual(["app/db/base.py", "app/models/helpers.py"]);
  });

  it("respects the token budget and reports what was left out", async () => {
    const pack = await buildContextPack({ repoDir: repo.dir, baseCommit: base, targetPaths: ["src/auth/session.ts"], instruction: "session", budgetTokens: 70 });
    expect(pack.totalTokens).toBeLessThanOrEqual(70);
    expect(pack.entries[0].file).toBe("src/auth/session.ts");
    expect(pack.omitted.length).toBeGreaterThan(0);
  });

  it("lists target paths that do not exist yet as new files", async () => {
    const pack = await buildContextPack({ repoDir: repo.dir, baseCommit: base, targetPaths: ["src/new/thing.ts"], instruction: "session helper" });
    expect(pack.newFiles).toEqual(["src/new/thing.ts"]);
    expect(pack.entries.some((e) => e.reason === "similar")).toBe(true);
  });
});

describe("candidateFiles", () => {
  it("keeps files sharing a distinctive term and ignores terms found almost everywhere", async () => {
    const { candidateFiles } = await import("./similar");
    const files: [string, string][] = [
      ["a.ts", "export const input = 1; // invoice total"],
      ["b.ts", "export const input = 2;"],
      ["c.ts", "export const input = 3;"],
      ["d.ts", "function invoiceTotal(input) {}"],
    ];
    expect(candidateFiles(files, "fix the invoice input").map(([f]) => f)).toEqual(["a.ts", "d.ts"]);
  });
});
