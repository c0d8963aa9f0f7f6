/** Benchmark sections run by `npm run bench [-- name…]`. Add a section by appending to this list. */
import { runQueueBench } from "./queue";
import { runPipelineBench } from "./pipeline";

export interface BenchSection {
  name: string;
  description: string;
  run(): Promise<void>;
}

export const sections: BenchSection[] = [
  { name: "queue", description: "job claim + start throughput, SQLite and PostgreSQL, 1 vs 4 worker processes", run: runQueueBench },
  { name: "pipeline", description: "per-job overhead without model time: context, patch validation, gates without tests", run: runPipelineBench },
  { name: "complexity", description: "complexity analyzer vs ESLint (complexity + sonarjs cognitive) on real JS/TS files", run: async () => (await import("./gates")).runComplexityBench() },
  { name: "dependencies", description: "resolvePackages (warm / cold cache) vs one `npm view` per package, real registry and a local double", run: async () => (await import("./gates")).runDependenciesBench() },
  { name: "check", description: "runGates(dependencies, complexity, error-contract) on a 5-file, 300-line change, in-process and via the CLI", run: async () => (await import("./gates")).runCheckBench() },
  { name: "static", description: "static-analysis gate (tsc + ESLint, sandboxed, base and change) vs the same tools run directly; target ≤ 1.2× with the base cached", run: async () => (await import("./static")).runStaticBench() },
  {
    name: "cli",
    description: "the built CLI: `gatehouse complexity` vs the ESLint CLI on the same .js files (equal numbers), `gatehouse check` end to end vs in-process",
    run: async () => {
      await (await import("./cli")).runComplexityCliBench();
      await (await import("./gates")).runCheckBench();
    },
  },
  { name: "tests", description: "tests gate vs the project's own test command run directly (vitest, mocha, pytest fixtures), uncached and with the base cached", run: async () => (await import("./tests-gate")).runTestsGateBench() },
  { name: "stats", description: "stats page queries p50/p95, 100,000 changes + 400,000 gate results, SQLite and PostgreSQL (target < 300 ms)", run: async () => void (await (await import("./stats")).run()) },
  { name: "review", description: "queue API p50/p95 (10,000 jobs, 40,000 gate results, 32 clients via next start) and a 5,000-line diff until interactive in Chromium", run: async () => (await import("./review")).runReviewBench() },
  { name: "sandbox", description: "sandbox start-up overhead per run (`true` inside vs outside, target < 100 ms) and the tests gate on the demo repository, sandboxed vs unsandboxed", run: async () => (await import("./sandbox")).runSandboxBench() },
];
