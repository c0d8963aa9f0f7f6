/**
 * Pipeline overhead per job, model time excluded: context build + patch validation (parse the answer,
 * apply it in a fresh worktree) + the gates without tests — on the demo repository and on a generated
 * 5,000-file repository. Reference in the same run: reading the whole repository from git, and the
 * token count of the whole repository (what "send everything" would cost).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { generateLargeRepo } from "./fixtures";
import { ensureDemoRepo } from "../lib/demo/seed-demo";
import { DEMO_RECORDINGS, DEMO_JOBS } from "../lib/demo/recordings";
import { buildContextPack, estimateTokens, isContextCandidate } from "../lib/generation/context/build-context";
import { readTreeFiles } from "../lib/git/read-tree";
import { parseModelResponse } from "../lib/generation/prompt";
import { changedFilesViaIndex } from "../lib/patch";
import { runGates } from "../lib/gates";
import { createDependenciesGate } from "../lib/gates/dependencies/gate";
import { MemoryRegistryCache } from "../lib/gates/dependencies/cache";
import { startRegistryServer } from "../lib/gates/dependencies/test-support/registry-server";
import { DEFAULT_POLICY } from "../lib/gates/types";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time<T>(runs: number, fn: () => Promise<T>): Promise<{ ms: number; last: T }> {
  await fn(); // warm-up
  const times: number[] = [];
  let last!: T;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    last = await fn();
    times.push(performance.now() - t);
  }
  return { ms: median(times), last };
}

interface Case {
  name: string;
  dir: string;
  target: string;
  instruction: string;
  answer: string;
}

async function measure(c: Case, npmRegistry: string) {
  const base = (await import("node:child_process")).execFileSync("git", ["-C", c.dir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  const read = await time(5, () => readTreeFiles(c.dir, base, { include: isContextCandidate, maxBytes: 512 * 1024 }));
  const repoTokens = [...read.last.values()].reduce((s, t) => s + estimateTokens(t), 0);
  const ctx = await time(5, () => buildContextPack({ repoDir: c.dir, baseCommit: base, targetPaths: [c.target], instruction: c.instruction }));
  const validate = await time(5, async () => {
    const parsed = parseModelResponse(c.answer, { repoFiles: (p) => read.last.get(p) ?? null });
    if (parsed.kind === "none") throw new Error(`bench answer unusable: ${parsed.reason}`);
    return changedFilesViaIndex(c.dir, base, parsed.diff);
  });
  const gates = { dependencies: createDependenciesGate({ npmRegistry, cache: new MemoryRegistryCache() }) };
  const gated = await time(5, () =>
    runGates(
      { repoDir: c.dir, baseCommit: base, diff: validate.last.parsed.text, files: validate.last.files, policy: DEFAULT_POLICY },
      ["dependencies", "complexity", "error-contract"],
      { gates },
    ),
  );
  const total = ctx.ms + validate.ms + gated.ms;
  const row = (k: string, v: string) => console.log(`  ${k.padEnd(44)} ${v}`);
  console.log(`\n${c.name}: ${read.last.size} files, ${repoTokens.toLocaleString("en")} tokens`);
  row("read whole repository from git (reference)", `${read.ms.toFixed(0)} ms`);
  row("context pack build", `${ctx.ms.toFixed(0)} ms (${(ctx.ms / read.ms).toFixed(1)}× the raw read)`);
  row("context pack size", `${ctx.last.totalTokens} tokens = ${((100 * ctx.last.totalTokens) / repoTokens).toFixed(2)}% of the repository`);
  row("patch parse + validate + apply (private index)", `${validate.ms.toFixed(0)} ms`);
  row("gates without tests (warm registry cache)", `${gated.ms.toFixed(0)} ms [${gated.last.map((g) => `${g.gate} ${g.status}`).join(", ")}]`);
  row("pipeline overhead per job (model excluded)", `${total.toFixed(0)} ms`);
  return ctx.ms;
}

export async function runPipelineBench(): Promise<void> {
  const registry = await startRegistryServer();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "gatehouse-bench-pipeline-"));
  const large = generateLargeRepo(5000);
  try {
    const demoDir = ensureDemoRepo(tmp);
    const crud = DEMO_RECORDINGS.find((r) => r.match.jobTitle === DEMO_JOBS.crudHelper)!;
    await measure({ name: "demo repository", dir: demoDir, target: "src/store.ts", instruction: "Add a CRUD helper", answer: crud.text }, registry.npmRegistry);
    const target = "src/m34/cache1234.ts";
    const current = fs.readFileSync(path.join(large.dir, target), "utf8");
    const answer = "```ts path=" + target + "\n" + current.replace('throw new Error("Invalid cache 1234")', 'throw new Error("Cache 1234 input is empty")') + "```\n";
    const ctxMs = await measure({ name: "generated 5,000-file repository", dir: large.dir, target, instruction: "Make the empty-input error clearer", answer }, registry.npmRegistry);
    console.log(`  target: context build under 1000 ms on the large repository: ${ctxMs < 1000 ? "OK" : "MISS"} (${ctxMs.toFixed(0)} ms)`);
  } finally {
    await registry.close();
    large.remove();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
