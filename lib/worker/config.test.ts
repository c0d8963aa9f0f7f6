import { describe, expect, it } from "vitest";
import { workerConfigFromEnv } from "./config";

describe("worker settings from the environment", () => {
  it("has defaults, derives the heartbeat from the lease, and reads concurrency", () => {
    const c = workerConfigFromEnv({ GATEHOUSE_LEASE_MS: "9000", GATEHOUSE_WORKER_ID: "w1" });
    expect(c).toMatchObject({ workerId: "w1", leaseMs: 9000, heartbeatMs: 3000, pollMs: 1000, graceMs: 20_000, concurrency: 1 });
    expect(workerConfigFromEnv({ GATEHOUSE_WORKER_CONCURRENCY: "4" }).concurrency).toBe(4);
    expect(workerConfigFromEnv({ GATEHOUSE_WORKER_CONCURRENCY: "  " }).concurrency).toBe(1);
  });

  it("refuses bad values at startup with the variable's name", () => {
    expect(() => workerConfigFromEnv({ GATEHOUSE_WORKER_CONCURRENCY: "0" })).toThrow(/GATEHOUSE_WORKER_CONCURRENCY/);
    expect(() => workerConfigFromEnv({ GATEHOUSE_WORKER_CONCURRENCY: "lots" })).toThrow(/GATEHOUSE_WORKER_CONCURRENCY/);
    expect(() => workerConfigFromEnv({ GATEHOUSE_LEASE_MS: "1000", GATEHOUSE_HEARTBEAT_MS: "1000" })).toThrow(/must be shorter/);
  });
});
