/**
 * building_context → generating: resolves the base commit, builds the context pack and opens the new
 * revision (a Change row without a diff yet), linked to the previous revision when this is a reroute.
 */
import { outcome, type StepContext, type StepOutcome } from "../../worker/steps";
import { resolveCommit } from "../../patch";
import { buildContextPack } from "../context/build-context";
import { loadJobContext, openJobRepository, stringArray } from "./job-context";
import { composeInstructions } from "../instructions";

export interface ContextStepOptions {
  budgetTokens?: number;
}

export function createContextStep(opts: ContextStepOptions = {}) {
  return async function buildContext(ctx: StepContext): Promise<StepOutcome> {
    const { job } = ctx;
    const { repo, latest } = await loadJobContext(ctx.db, job);
    ctx.progress(repo.url ? "fetching the repository" : "resolving the base commit");
    const opened = await openJobRepository(repo, "always");
    if (!opened.ok) return opened.outcome;
    let baseCommit: string;
    try {
      baseCommit = await resolveCommit(opened.dir, `refs/heads/${repo.defaultBranch}`);
    } catch (e) {
      return outcome.fail(`repository ${repo.name}: cannot resolve ${repo.defaultBranch}: ${e instanceof Error ? e.message : String(e)}`);
    }
    ctx.progress("building the context pack");
    const pack = await buildContextPack({
      repoDir: opened.dir,
      baseCommit,
      targetPaths: stringArray(job.targetPaths),
      instruction: job.instruction,
      budgetTokens: opts.budgetTokens,
    });
    const tier = job.routedTier ?? "fast";
    const revision = (latest?.revision ?? 0) + 1;
    const cause = job.nextCause ?? (revision === 1 ? "initial" : "reviewer");
    const instructions = composeInstructions({
      next: job.nextInstructions,
      note: job.nextNote,
      problems: job.nextProblems,
      cause,
      fromRevision: latest?.revision ?? null,
    });
    return outcome.advance({
      stage: `context: ${pack.entries.length} files, ${pack.totalTokens} tokens`,
      details: { revision, files: pack.entries.length, tokens: pack.totalTokens },
      effects: async (tx) => {
        await tx.change.create({
          data: {
            jobId: job.id,
            revision,
            tier,
            model: job.nextModel ?? "(choosing)",
            baseCommit,
            diff: "",
            files: [],
            contextPack: pack as unknown as object,
            routingReason: job.routingReason,
            cause,
            rerouteNote: job.nextNote,
            instructions: instructions ?? undefined,
            parentChangeId: latest?.id ?? null,
          },
        });
      },
    });
  };
}
