/**
 * generating → gating: asks the tier's model for the change, parses the answer into a unified diff,
 * checks it applies to the base commit inside the repository (one repair round-trip if it does not),
 * and stores diff, files, tokens and latency on the revision.
 */
import { outcome, type StepContext, type StepOutcome } from "../../worker/steps";
import { changedFilesViaIndex, isPatchError } from "../../patch";
import { readTreeFiles } from "../../git/read-tree";
import { buildPrompt, parseModelResponse } from "../prompt";
import { createProvider } from "../providers/factory";
import { ProviderError } from "../providers/errors";
import type { CompletionResult, ModelProvider } from "../providers/types";
import { DEMO_RECORDINGS } from "../../demo/recordings";
import { chooseProvider } from "./choose-provider";
import { loadJobContext, openJobRepository, stringArray } from "./job-context";
import { parseInstructions } from "../instructions";
import { DbNull } from "../../db/client";
import type { ContextPack } from "../context/build-context";
import type { ChangedFile } from "../../gates/types";

/**
 * The base commit's text of the files an answer names (whole-file answers are diffed against them),
 * read instead of the whole tree: a first parse only collects the paths it asks for.
 */
async function baseFilesNamedIn(repoDir: string, baseCommit: string, answer: string): Promise<(path: string) => string | null> {
  const named = new Set<string>();
  parseModelResponse(answer, {
    repoFiles: (p) => {
      named.add(p);
      // A path that exists as "a/x" is also looked up as "x" (diff prefixes), a lookup this pass skips.
      if (/^[ab]\//.test(p)) named.add(p.slice(2));
      return null;
    },
  });
  if (named.size === 0) return () => null;
  const files = await readTreeFiles(repoDir, baseCommit, { include: (p) => named.has(p) });
  return (p) => files.get(p) ?? null;
}

/** Provider failures worth another attempt (the worker retries the step up to the job's max attempts). */
const TRANSIENT = new Set(["rate-limited", "server-error", "timeout", "network", "stream-interrupted"]);
/** How long a job routed to an unavailable tier waits before it looks again. */
export const TIER_WAIT_MS = 60_000;

export interface GenerateStepOptions {
  /** Test seam: build providers differently (e.g. against a local chat-completions server). */
  makeProvider?: (config: Parameters<typeof createProvider>[0]) => ModelProvider;
}

type Attempt = { ok: true; diff: string; files: ChangedFile[] } | { ok: false; error: string; diff?: string };

export function createGenerateStep(opts: GenerateStepOptions = {}) {
  return async function generate(ctx: StepContext): Promise<StepOutcome> {
    const { job, db } = ctx;
    const { repo, policy, latest: change } = await loadJobContext(db, job);
    if (!change) return outcome.fail("no revision to generate (context step did not run)");

    const opened = await openJobRepository(repo, { commit: change.baseCommit });
    if (!opened.ok) return opened.outcome;
    const repoDir = opened.dir;
    const choice = await chooseProvider(db, change.tier, job.nextModel);
    if (!choice.ok) return outcome.wait(TIER_WAIT_MS, choice.reason);
    const provider = opts.makeProvider?.(choice.config) ?? createProvider(choice.config, { recordings: DEMO_RECORDINGS });

    const pack = (change.contextPack ?? { entries: [] }) as unknown as ContextPack;
    // The revision's instructions (note, line comments, gate problems) were fixed when it was opened.
    const instructions = parseInstructions(change.instructions);
    const previous = change.parentChangeId && instructions
      ? await db.change.findUnique({ where: { id: change.parentChangeId }, select: { diff: true } })
      : null;
    const baseInput = {
      instruction: job.instruction,
      targetPaths: stringArray(job.targetPaths),
      taskType: job.taskType,
      contextPack: pack.entries.map((e) => ({ file: e.file, reason: e.reason, score: e.score, tokens: e.tokens, content: e.content ?? "" })),
      instructions,
      // The previous diff goes along whenever something asks for a change to it (comments point into it).
      previousAttempt: previous?.diff && instructions ? { diff: previous.diff, problems: instructions.problems } : undefined,
      complexityThreshold: policy.complexityThreshold,
      cognitiveThreshold: policy.cognitiveThreshold,
    };

    let promptTokens = 0;
    let completionTokens = 0;
    let latencyMs = 0;
    let model = choice.config.model;
    let recorded = false;
    const ask = async (repairOf?: { diff: string; error: string }): Promise<CompletionResult> => {
      const messages = buildPrompt({ ...baseInput, repairOf });
      const result = await provider.complete(
        { messages, temperature: choice.config.temperature, maxTokens: choice.config.maxTokens },
        {
          signal: ctx.signal,
          onProgress: (p) => ctx.progress(`generating with ${choice.config.model}: ${p.tokens} tokens`),
          recordingKey: { jobTitle: job.title, tier: change.tier, revision: change.revision },
        },
      );
      promptTokens += result.promptTokens;
      completionTokens += result.completionTokens;
      latencyMs += result.latencyMs;
      model = result.model || model;
      recorded = recorded || result.recorded;
      return result;
    };
    const tryApply = async (text: string): Promise<Attempt> => {
      const parsed = parseModelResponse(text, { repoFiles: await baseFilesNamedIn(repoDir, change.baseCommit, text) });
      if (parsed.kind === "none") return { ok: false, error: parsed.reason };
      try {
        const applied = await changedFilesViaIndex(repoDir, change.baseCommit, parsed.diff);
        return { ok: true, diff: applied.parsed.text, files: applied.files };
      } catch (e) {
        if (isPatchError(e)) return { ok: false, error: e.message, diff: parsed.diff };
        throw e;
      }
    };

    let attempt: Attempt;
    try {
      attempt = await tryApply((await ask()).text);
      if (!attempt.ok && attempt.diff !== undefined) {
        // The model wrote a patch that does not apply: one repair round-trip with git's complaint.
        ctx.progress("the patch does not apply; asking the model to repair it");
        const repaired = await tryApply((await ask({ diff: attempt.diff, error: attempt.error })).text);
        attempt = repaired.ok ? repaired : { ok: false, error: `${repaired.error} (after one repair attempt)` };
      }
    } catch (e) {
      if (e instanceof ProviderError) {
        if (TRANSIENT.has(e.code)) throw e; // the worker retries with backoff, then fails with this message
        if (e.code === "no-recording") {
          // Not a fault of the job: the tier is served by the demo's replays only. Say what fixes it.
          return outcome.fail(
            `No recording covers this job: the ${change.tier} tier is served by the recorded demo provider ${choice.row.name}, ` +
              `which only replays the demo's jobs. Configure a real provider for the ${change.tier} tier in Settings → Providers, then retry.`,
            { code: e.code, tier: change.tier, provider: choice.row.name },
          );
        }
        return outcome.fail(`generation failed: ${e.message}`, { code: e.code });
      }
      throw e;
    }
    if (!attempt.ok) return outcome.fail(`generation produced no usable change: ${attempt.error}`);

    const ok = attempt;
    return outcome.advance({
      stage: `generated ${ok.files.length} file(s) with ${model}`,
      details: { revision: change.revision, model, promptTokens, completionTokens, latencyMs },
      data: { nextCause: null, nextNote: null, nextModel: null, nextInstructions: DbNull },
      effects: async (tx) => {
        await tx.change.update({
          where: { id: change.id },
          data: {
            diff: ok.diff,
            files: ok.files as unknown as object[],
            model,
            providerName: choice.row.name,
            recorded,
            promptTokens,
            completionTokens,
            latencyMs,
          },
        });
      },
    });
  };
}
