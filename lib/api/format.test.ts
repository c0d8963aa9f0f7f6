import { describe, expect, it } from "vitest";
import { formatAge } from "./format";

describe("formatAge", () => {
  const now = new Date("2026-03-01T12:00:00Z");
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it("picks a compact unit", () => {
    expect(formatAge(ago(10_000), now)).toBe("just now");
    expect(formatAge(ago(5 * 60_000), now)).toBe("5 min");
    expect(formatAge(ago(3 * 3_600_000), now)).toBe("3 h");
    expect(formatAge(ago(3 * 86_400_000), now)).toBe("3 d");
    expect(formatAge(new Date(now.getTime() + 60_000), now)).toBe("just now");
  });
});
