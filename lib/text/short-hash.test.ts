import { describe, expect, it } from "vitest";
import { shortHash } from "./short-hash";

describe("shortHash", () => {
  it("is 16 hex digits, stable, and differs for near-identical keys", () => {
    expect(shortHash("npm:left-pad")).toMatch(/^[0-9a-f]{16}$/);
    expect(shortHash("npm:left-pad")).toBe(shortHash("npm:left-pad"));
    const keys = Array.from({ length: 20000 }, (_, i) => `npm:package-${i}`);
    expect(new Set(keys.map(shortHash)).size).toBe(keys.length);
    expect(shortHash("ab")).not.toBe(shortHash("ba"));
  });
});
