import fs from "node:fs";
import path from "node:path";
import { parseSync } from "oxc-parser";
import { describe, expect, it } from "vitest";
import { parseOxc } from "./oxc";

describe("parseOxc", () => {
  it("gives the tree and errors the package's parseSync gives, BigInt and RegExp values included", () => {
    const text = "const big = 12345678901234567890n; const re = /a+b/gi; export default function f(x) { return re.test(x) ? big : 0n; }\n";
    const ours = parseOxc("file.ts", text, { lang: "ts", sourceType: "module" });
    const theirs = parseSync("file.ts", text, { lang: "ts", sourceType: "module" });
    expect(ours.program).toEqual(theirs.program);
    expect(ours.errors).toEqual([]);
    const literals = JSON.stringify(ours.program, (_key, value: unknown) => (typeof value === "bigint" ? `${value}n` : value instanceof RegExp ? `re:${value}` : value));
    expect(literals).toContain('"12345678901234567890n"');
    expect(literals).toContain('"re:/a+b/gi"');
  });

  it("equals parseSync on real files and reports the same errors for broken source", () => {
    const dir = path.resolve(__dirname, "../../node_modules/semver/classes");
    const files = fs.readdirSync(dir).filter((name) => name.endsWith(".js"));
    expect(files.length).toBeGreaterThan(3);
    for (const name of files) {
      const text = fs.readFileSync(path.join(dir, name), "utf8");
      expect(parseOxc(name, text, { lang: "js", sourceType: "script" }).program).toEqual(parseSync(name, text, { lang: "js", sourceType: "script" }).program);
    }
    const broken = parseOxc("file.js", "function (", { lang: "js" });
    expect(broken.errors.map((e) => e.message)).toEqual(parseSync("file.js", "function (", { lang: "js" }).errors.map((e) => e.message));
    expect(broken.errors.length).toBeGreaterThan(0);
  });
});
