import { describe, expect, it } from "vitest";
import { filtersToSearchParams, filterValuesFrom, MAX_CUSTOM_DAYS, resolveStatsFilters, statsQuerySchema } from "./filters";

const NOW = new Date("2026-03-31T12:00:00.000Z");
const resolve = (q: Record<string, string>) => resolveStatsFilters(statsQuerySchema.parse(q), NOW);

describe("stats filters", () => {
  it("defaults to the last 30 days ending now", () => {
    expect(resolve({})).toEqual({
      window: "30d",
      from: new Date("2026-03-01T12:00:00.000Z"),
      to: NOW,
      repositoryId: undefined,
      tier: undefined,
      model: undefined,
      ecosystem: undefined,
      includeReplays: false,
    });
  });

  it("leaves replays out unless includeReplays=1 (or true) asks for them", () => {
    expect(resolve({ includeReplays: "1" }).includeReplays).toBe(true);
    expect(resolve({ includeReplays: "true" }).includeReplays).toBe(true);
    expect(resolve({ includeReplays: "0" }).includeReplays).toBe(false);
    expect(resolve({ includeReplays: "" }).includeReplays).toBe(false);
    expect(statsQuerySchema.safeParse({ includeReplays: "yes" }).success).toBe(false);
    // Only the opt-in goes into the URL (and so into drill-down links and the API call).
    expect(filtersToSearchParams({ window: "30d", includeReplays: "1" }).toString()).toBe("window=30d&includeReplays=1");
    expect(filtersToSearchParams({ window: "30d", includeReplays: "0" }).toString()).toBe("window=30d");
    expect(filterValuesFrom(new URLSearchParams("includeReplays=1&metric=x"))).toEqual({ includeReplays: "1" });
  });

  it("resolves the preset windows", () => {
    expect(resolve({ window: "7d" }).from.toISOString()).toBe("2026-03-24T12:00:00.000Z");
    expect(resolve({ window: "90d" }).from.toISOString()).toBe("2025-12-31T12:00:00.000Z");
  });

  it("custom windows include the whole end day; date-times are taken as given", () => {
    const f = resolve({ window: "custom", from: "2026-02-01", to: "2026-02-28" });
    expect([f.from.toISOString(), f.to.toISOString()]).toEqual(["2026-02-01T00:00:00.000Z", "2026-03-01T00:00:00.000Z"]);
    const g = resolve({ window: "custom", from: "2026-02-01T06:00:00Z", to: "2026-02-01T18:30:00Z" });
    expect([g.from.toISOString(), g.to.toISOString()]).toEqual(["2026-02-01T06:00:00.000Z", "2026-02-01T18:30:00.000Z"]);
  });

  it("ignores from/to unless the window is custom", () => {
    expect(resolve({ window: "7d", from: "2020-01-01", to: "2020-01-02" }).from.toISOString()).toBe("2026-03-24T12:00:00.000Z");
  });

  it("treats empty values as 'all' and keeps the other filters", () => {
    const f = resolve({ window: "", repositoryId: "", tier: "fast", model: " acc-1 ", ecosystem: "pypi" });
    expect(f).toMatchObject({ window: "30d", repositoryId: undefined, tier: "fast", model: "acc-1", ecosystem: "pypi" });
  });

  it("rejects unknown windows, tiers and ecosystems and malformed custom ranges", () => {
    const issues = (q: Record<string, string>) => {
      const r = statsQuerySchema.safeParse(q);
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    };
    expect(issues({ window: "1y" })).toHaveLength(1);
    expect(issues({ tier: "turbo" })[0]).toMatch(/^tier/);
    expect(issues({ ecosystem: "cargo" })[0]).toMatch(/^ecosystem/);
    expect(issues({ window: "custom" })).toEqual(["from: A custom window needs a start date", "to: A custom window needs an end date"]);
    expect(issues({ window: "custom", from: "2026-03-10", to: "2026-03-01" })).toEqual(["to: The end must be after the start"]);
    expect(issues({ window: "custom", from: "March 1", to: "2026-03-02" })[0]).toMatch(/^from: Use an ISO date/);
    expect(issues({ window: "custom", from: "2026-13-45", to: "2026-03-02" })[0]).toMatch(/^from/);
    expect(issues({ window: "custom", from: "2024-01-01", to: "2026-01-01" })[0]).toContain(`${MAX_CUSTOM_DAYS} days`);
  });

  it("round-trips through the URL query string, dropping empty values and stray dates", () => {
    const params = filtersToSearchParams({ window: "7d", from: "2026-01-01", tier: "fast", model: "", ecosystem: "npm" });
    expect(params.toString()).toBe("window=7d&tier=fast&ecosystem=npm");
    const custom = filtersToSearchParams({ window: "custom", from: "2026-01-01", to: "2026-01-31" });
    expect(custom.toString()).toBe("window=custom&from=2026-01-01&to=2026-01-31");
    expect(filterValuesFrom(new URLSearchParams("tier=local&metric=latency&model="))).toEqual({ tier: "local" });
  });
});
