import { defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(__dirname) } },
  test: {
    include: ["lib/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts", "bin/**/*.test.ts"],
    exclude: ["node_modules", "data", "e2e"],
    // The CLI tests run the built command (bin/gatehouse → bin/gatehouse.cjs → dist/cli/): build it from these sources.
    globalSetup: ["scripts/build-cli.mjs"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // DB tests share one PostgreSQL database; files run in parallel but each uses its own schema.
    pool: "forks",
  },
});
