/**
 * Static-analysis gate (`npm run bench -- static`): gate time vs running the same tools directly.
 *
 * A TypeScript project with an ESLint flat config for its JavaScript (40 TS + 10 JS modules, typescript
 * 5.9 and eslint 9 from the app's node_modules) and a change to 4 files that adds 3 problems. Reference: the same argv (tsc -p,
 * eslint --format json on the changed files) run directly, without sandbox, in a checkout of the change,
 * and in one of the base. The gate runs them in the sandbox on both sides, applies the patch,
 * fingerprints and compares. Target: with the base cached, ≤ 1.2× one direct run of the change.
 */
import { execFile } from "node:child_process";
import { createStaticAnalysisGate } from "../lib/gates/static-analysis/gate";
import { createMemoryStaticCache } from "../lib/gates/static-analysis/base-cache";
import { createProject, TS_PACKAGE, TSCONFIG } from "../lib/gates/static-analysis/test-support/projects";
import { applyPatchInWorktree, createWorktree } from "../lib/patch";
import { median, ms, printTable, ratio, say, sayMachineLoad, timeOnce, type BenchRow } from "./gates-table";

const MODULES = 40;
const RUNS = 3;
const TARGET = 1.2;

function module(i: number): string {
  const lines = [`import type { Item } from "./types";`, ``, `export function total${i}(items: Item[]): number {`, `  let sum = 0;`];
  for (let k = 0; k < 20; k++) lines.push(`  sum += items.filter((it) => it.qty > ${k}).reduce((s, it) => s + it.price * it.qty, 0);`);
  lines.push(`  return sum;`, `}`, ``);
  return lines.join("\n");
}

function jsModule(i: number): string {
  const lines = [`function run${i}(rows) {`, `  let n = 0;`];
  for (let k = 0; k < 20; k++) lines.push(`  n += rows.filter((r) => r.v > ${k}).length;`);
  lines.push(`  return n;`, `}`, `module.exports = { run${i} };`, ``);
  return lines.join("\n");
}

function files(): Record<string, string> {
  const out: Record<string, string> = {
    "package.json": JSON.stringify({ ...JSON.parse(TS_PACKAGE), devDependencies: { typescript: "^5.9.0", eslint: "^9.0.0" } }),
    "tsconfig.json": TSCONFIG,
    "eslint.config.js":
      'module.exports = [{ files: ["**/*.js"], languageOptions: { sourceType: "commonjs", globals: { module: "readonly", require: "readonly" } }, rules: { "no-undef": "error", "no-shadow": "warn" } }];\n',
    "src/types.ts": "export interface Item {\n  price: number;\n  qty: number;\n}\n",
  };
  for (let i = 0; i < MODULES; i++) out[`src/m${i}.ts`] = module(i);
  for (let i = 0; i < 10; i++) out[`scripts/s${i}.js`] = jsModule(i);
  return out;
}

function run(argv: string[], cwd: string): Promise<void> {
  return new Promise((resolve) => execFile(argv[0]!, argv.slice(1), { cwd, maxBuffer: 64 * 1024 * 1024 }, () => resolve()));
}

export async function runStaticBench(): Promise<void> {
  sayMachineLoad();
  const p = createProject(files(), { nodeModules: true });
  try {
    const changed = ["scripts/s1.js", "src/m1.ts", "src/m2.ts", "src/m3.ts"];
    const edits: Record<string, string> = {};
    edits["src/m1.ts"] = module(1).replace("return sum;", "return sum + items[0].discount;");
    edits["src/m2.ts"] = module(2).replace("return sum;", "return total1(items, 2) + sum;").replace('import type { Item } from "./types";', 'import type { Item } from "./types";\nimport { total1 } from "./m1";');
    edits["src/m3.ts"] = module(3).replace("let sum = 0;", "let sum = 0;\n  const items2 = items.map((items) => items);\n  void items2;");
    edits["scripts/s1.js"] = jsModule(1).replace("return n;", "return n + offset;");
    const input = p.change(edits);

    // Direct runs: the same commands, no sandbox, in prepared checkouts (preparation not timed).
    const direct = async (dir: string) => {
      await run(["ln", "-s", `${p.repo.dir}/node_modules`, `${dir}/node_modules`], dir);
      return async () => {
        await run(["node", "node_modules/typescript/bin/tsc", "--noEmit", "-p", "tsconfig.json", "--pretty", "false"], dir);
        await run(["node", "node_modules/eslint/bin/eslint.js", "--format", "json", "--no-error-on-unmatched-pattern", "--no-warn-ignored", "--", ...changed], dir);
      };
    };
    const applied = await applyPatchInWorktree(p.repo.dir, p.commit, input.diff);
    const base = await createWorktree(p.repo.dir, p.commit);
    let changeRun: () => Promise<void>;
    let baseRun: () => Promise<void>;
    try {
      changeRun = await direct(applied.worktreeDir);
      baseRun = await direct(base.worktreeDir);
      await changeRun(); // warm the file cache
      const directChange: number[] = [];
      const directBoth: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        directChange.push(await timeOnce(changeRun));
        directBoth.push(await timeOnce(async () => {
          await baseRun();
          await changeRun();
        }));
      }

      const cold: number[] = [];
      const warm: number[] = [];
      let last: Record<string, unknown> = {};
      for (let i = 0; i < RUNS; i++) {
        const gate = createStaticAnalysisGate({ cache: createMemoryStaticCache() });
        cold.push(await timeOnce(async () => void (last = await gate.run(input))));
        warm.push(await timeOnce(async () => void (last = await gate.run(input))));
      }
      say(`  gate: ${String(last.status)} — ${String(last.summary)}`);
      const dc = median(directChange);
      const db = median(directBoth);
      const rows: BenchRow[] = [
        { figure: "direct: tsc + eslint on the change", value: ms(dc) },
        { figure: "direct: on base and change", value: ms(db) },
        { figure: "gate, base not cached (sandboxed, both sides)", value: ms(median(cold)), reference: ms(db), ratio: ratio(median(cold) / db) },
        { figure: "gate, base cached", value: ms(median(warm)), reference: ms(dc), ratio: ratio(median(warm) / dc), target: `≤ ${TARGET}×`, ok: median(warm) / dc <= TARGET },
      ];
      printTable(rows);
    } finally {
      await applied.cleanup();
      await base.cleanup();
    }
  } finally {
    p.repo.remove();
  }
}
