/**
 * The production pipeline for worker-process tests: real gates on the worker's own copy of the repository,
 * the complexity gate slowed down by stepMs and recorded (as step "gates", with the git directory it read)
 * in the same exec files as test-pipeline.ts.
 */
import fs from "node:fs";
import path from "node:path";
import { createGenerationPipeline } from "../../generation/pipeline";
import { ALL_GATES } from "../../gates/all-gates";
import type { Gate } from "../../gates/types";
import type { Pipeline } from "../pipeline";
import { sleep } from "../run-worker";
import type { ExecRecord } from "./test-pipeline";

interface Options {
  execDir: string;
  stepMs: number;
}

/** The real complexity gate, started late: long enough for a test to kill the worker inside the gates step. */
function slowedGate(gate: Gate, o: Options): Gate {
  const file = path.join(o.execDir, `${process.pid}.jsonl`);
  const write = (jobId: string, phase: ExecRecord["phase"], repoDir: string) =>
    fs.appendFileSync(file, JSON.stringify({ jobId, step: "gates", workerId: `pid:${process.pid}`, phase, t: Date.now(), pid: process.pid, repoDir }) + "\n");
  return {
    name: gate.name,
    async run(input) {
      // Gates see no job id; the base commit identifies the job in these tests (one job per base).
      write(input.baseCommit, "start", input.repoDir);
      await sleep(o.stepMs, input.signal);
      const result = await gate.run(input);
      write(input.baseCommit, "end", input.repoDir);
      return result;
    },
  };
}

export function createSlowGatePipeline(o: Options): Pipeline {
  return createGenerationPipeline({ gates: () => ({ complexity: slowedGate(ALL_GATES.complexity, o) }) });
}
