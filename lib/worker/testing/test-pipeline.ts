/**
 * Pipelines for tests with real side effects a test can count:
 * - every step execution appends {jobId, step, workerId, phase, t} lines to <GATEHOUSE_TEST_EXEC_DIR>/<pid>.jsonl
 *   ("start" before the work, "end" or "aborted" after it; a killed worker leaves a start without an end);
 * - the last step's completion writes a `test.completed` AuditEvent in the same transaction as the
 *   move to awaiting_review, so it exists exactly once per job if the queue is right.
 * "full": building_context → generating (sleeps) → gating → awaiting_review. "short": queued → gating → awaiting_review.
 * "generation" (generation-pipeline.ts, loaded only when asked: it is heavy to import) is the production pipeline.
 */
import fs from "node:fs";
import path from "node:path";
import { createPipeline, type Pipeline } from "../pipeline";
import { sleep } from "../run-worker";
import { outcome, type PipelineStep, type StepContext } from "../steps";

export interface TestPipelineOptions {
  execDir: string;
  /** How long the sleeping step works. */
  stepMs: number;
  shape: "full" | "short";
  /** Keep sleeping even when the signal aborts (to test the worker's abandon path). */
  ignoreAbort?: boolean;
}

export interface ExecRecord {
  jobId: string;
  step: string;
  workerId: string;
  /** "aborted": the step saw its signal abort (lease lost or shutdown) and gave up. */
  phase: "start" | "end" | "aborted";
  t: number;
  pid: number;
  /** "generation" shape: the git directory the gates read (the worker's mirror for a repository on a git server). */
  repoDir?: string;
}

function recorder(execDir: string) {
  const file = path.join(execDir, `${process.pid}.jsonl`);
  return (ctx: StepContext, step: string, phase: ExecRecord["phase"]) => {
    const rec: ExecRecord = { jobId: ctx.job.id, step, workerId: ctx.workerId, phase, t: Date.now(), pid: process.pid };
    // Synchronous append: the line is in the file before the step goes on, even if we are killed next.
    fs.appendFileSync(file, JSON.stringify(rec) + "\n");
  };
}

export function createTestPipeline(o: TestPipelineOptions): Pipeline {
  const record = recorder(o.execDir);
  const work = async (ctx: StepContext, name: string, ms: number) => {
    record(ctx, name, "start");
    ctx.progress(`${name}: working`);
    if (ms > 0) {
      await sleep(ms, o.ignoreAbort ? undefined : ctx.signal);
      if (!o.ignoreAbort && ctx.signal.aborted) {
        record(ctx, name, "aborted");
        ctx.signal.throwIfAborted();
      }
    }
    record(ctx, name, "end");
  };
  const completing: PipelineStep = {
    name: "gates",
    from: "gating",
    to: "awaiting_review",
    async run(ctx) {
      await work(ctx, "gates", o.shape === "short" ? o.stepMs : 0);
      return outcome.advance({
        effects: async (tx, job) => {
          await tx.auditEvent.create({
            data: {
              actorLabel: `worker:${ctx.workerId}`,
              action: "test.completed",
              subjectType: "job",
              subjectId: job.id,
              details: { workerId: ctx.workerId },
            },
          });
        },
      });
    },
  };
  if (o.shape === "short") return createPipeline([completing]);
  return createPipeline([
    {
      name: "context",
      from: "building_context",
      to: "generating",
      async run(ctx) {
        await work(ctx, "context", 0);
        return outcome.advance();
      },
    },
    {
      name: "generation",
      from: "generating",
      to: "gating",
      async run(ctx) {
        await work(ctx, "generation", o.stepMs);
        return outcome.advance();
      },
    },
    completing,
  ]);
}

export function readExecRecords(execDir: string): ExecRecord[] {
  if (!fs.existsSync(execDir)) return [];
  return fs
    .readdirSync(execDir)
    .filter((f) => f.endsWith(".jsonl"))
    .flatMap((f) => fs.readFileSync(path.join(execDir, f), "utf8").split("\n"))
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as ExecRecord);
}
