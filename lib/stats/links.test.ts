import { describe, expect, it } from "vitest";
import { formatDuration, formatPercent } from "./format";
import { drillHref, statsHref } from "./links";

describe("stats links", () => {
  it("drill-down links keep the page filters, narrowed by the row", () => {
    const href = drillHref({ window: "7d", tier: "fast", model: "" }, "not-found", "", { model: "fast-1" });
    expect(href).toBe("/stats/changes?window=7d&tier=fast&model=fast-1&metric=not-found");
    const pkg = new URL(drillHref({ window: "custom", from: "2026-01-01", to: "2026-01-31" }, "package", "npm|left pad"), "http://127.0.0.1");
    expect(Object.fromEntries(pkg.searchParams)).toEqual({ window: "custom", from: "2026-01-01", to: "2026-01-31", metric: "package", key: "npm|left pad" });
  });

  it("dashboard link drops empty filters", () => {
    expect(statsHref({})).toBe("/stats");
    expect(statsHref({ window: "90d", ecosystem: "pypi", repositoryId: "" })).toBe("/stats?window=90d&ecosystem=pypi");
  });

  it("formats rates and durations", () => {
    expect(formatPercent(0.15)).toBe("15.0%");
    expect(formatPercent(null)).toBe("–");
    expect([850, 1500, 90_000, 7_200_000].map((ms) => formatDuration(ms))).toEqual(["850 ms", "1.5 s", "1.5 min", "2.0 h"]);
  });
});
