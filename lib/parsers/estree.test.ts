import { describe, expect, it } from "vitest";
import { parseEstree } from "./estree";

describe("parseEstree's memo of recent parses", () => {
  it("returns the same tree for the same text and language, a new one otherwise", () => {
    const text = "export function f(a: number) { if (a) throw new Error('bad'); }\n";
    const first = parseEstree("a.ts", text);
    expect(first?.type).toBe("Program");
    expect(parseEstree("other/path.ts", text)).toBe(first);
    expect(parseEstree("a.tsx", text)).not.toBe(first); // another language, another parse
    expect(parseEstree("a.ts", `${text}// changed\n`)).not.toBe(first);
  });

  it("remembers a failed parse too, and stays bounded by source size", () => {
    expect(parseEstree("broken.ts", "export function (")).toBeUndefined();
    const text = "export const kept = 1;\n";
    const kept = parseEstree("kept.ts", text);
    // More than the memo's 4 MB of distinct sources pushes the oldest out.
    const filler = `export const s = "${"x".repeat(512 * 1024)}";\n`;
    for (let i = 0; i < 9; i += 1) parseEstree("filler.ts", `${filler}// ${i}\n`);
    const again = parseEstree("kept.ts", text);
    expect(again?.type).toBe("Program");
    expect(again).not.toBe(kept);
  });

  it("with remember: false, uses a remembered tree but keeps no new one", () => {
    const known = "export const seen = 1;\n";
    const remembered = parseEstree("seen.ts", known);
    expect(parseEstree("seen.ts", known, "ts", { remember: false })).toBe(remembered);
    const once = "export const once = 2;\n";
    const first = parseEstree("once.ts", once, "ts", { remember: false });
    expect(first?.type).toBe("Program");
    expect(parseEstree("once.ts", once, "ts", { remember: false })).not.toBe(first);
    expect(parseEstree("once.ts", once)).not.toBe(first);
  });
});
