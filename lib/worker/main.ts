/** `npm run worker`: processes jobs from DATABASE_URL until SIGTERM/SIGINT, then exits 0. */
import { createGenerationPipeline } from "../generation/pipeline";
import { runWorkerProcess } from "./process";

runWorkerProcess({ pipeline: createGenerationPipeline() }).then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`worker failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
