/**
 * Opt-in: resolves three well-known packages through the machine's configured npm registry
 * (NPM_CONFIG_REGISTRY or `npm config get registry`). Run with GATEHOUSE_SMOKE_REGISTRY=1.
 */
import { describe, expect, it } from "vitest";
import { MemoryRegistryCache } from "./cache";
import { resolvePackages } from "./gate";

describe.skipIf(process.env.GATEHOUSE_SMOKE_REGISTRY !== "1")("configured npm registry (smoke)", () => {
  it("resolves react, lodash and express", async () => {
    const resolutions = await resolvePackages(["react", "lodash", "express"], {
      cache: new MemoryRegistryCache(),
      timeoutMs: 30_000,
    });
    for (const resolution of resolutions) {
      expect(resolution, JSON.stringify(resolution)).toMatchObject({ status: "found", fromCache: false });
      expect(resolution.latest).toMatch(/^\d+\.\d+\.\d+/);
      expect(resolution.versionCount).toBeGreaterThan(10);
    }
  });
});
