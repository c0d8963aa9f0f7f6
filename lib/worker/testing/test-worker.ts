/**
 * Entry for worker processes spawned by tests: the real worker process (config, signals, exit code)
 * with the test pipeline. Env: DATABASE_URL, GATEHOUSE_* worker settings, GATEHOUSE_TEST_EXEC_DIR,
 * GATEHOUSE_TEST_STEP_MS, GATEHOUSE_TEST_PIPELINE (full|short|generation), GATEHOUSE_TEST_IGNORE_ABORT (1).
 */
import { z } from "zod";
import { runWorkerProcess } from "../process";
import { createTestPipeline } from "./test-pipeline";

const env = z
  .object({
    GATEHOUSE_TEST_EXEC_DIR: z.string().min(1),
    GATEHOUSE_TEST_STEP_MS: z.coerce.number().int().min(0).default(0),
    GATEHOUSE_TEST_PIPELINE: z.enum(["full", "short", "generation"]).default("full"),
    GATEHOUSE_TEST_IGNORE_ABORT: z.enum(["0", "1"]).default("0"),
  })
  .parse(process.env);

async function pipeline() {
  if (env.GATEHOUSE_TEST_PIPELINE !== "generation") {
    return createTestPipeline({
      execDir: env.GATEHOUSE_TEST_EXEC_DIR,
      stepMs: env.GATEHOUSE_TEST_STEP_MS,
      shape: env.GATEHOUSE_TEST_PIPELINE,
      ignoreAbort: env.GATEHOUSE_TEST_IGNORE_ABORT === "1",
    });
  }
  const { createSlowGatePipeline } = await import("./generation-pipeline");
  return createSlowGatePipeline({ execDir: env.GATEHOUSE_TEST_EXEC_DIR, stepMs: env.GATEHOUSE_TEST_STEP_MS });
}

pipeline().then((p) => runWorkerProcess({ pipeline: p })).then(
  (stats) => {
    process.stdout.write(JSON.stringify({ stats }) + "\n");
    process.exit(0);
  },
  (err: unknown) => {
    process.stderr.write(`test worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
