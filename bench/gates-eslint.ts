/**
 * The complexity benchmark's reference: ESLint 9's Linter, in-process, with only core `complexity`
 * and eslint-plugin-sonarjs `cognitive-complexity`, TS through @typescript-eslint/typescript-estree.
 * Same setup as lib/gates/complexity/test-support/eslint-oracle.ts, minus its report-recording
 * wrappers (they add work ESLint itself does not do, which would flatter our figure).
 * Thresholds are 0 so ESLint reports every function's score, i.e. the same output our analyzer gives.
 */
import path from "node:path";
import { Linter, type Rule } from "eslint";
import { builtinRules } from "eslint/use-at-your-own-risk";
import sonarjs from "eslint-plugin-sonarjs";
import { parse } from "@typescript-eslint/typescript-estree";
import { visitorKeys } from "@typescript-eslint/visitor-keys";

type SourceType = "module" | "commonjs";

/**
 * Linter.verify normalizes a plain config array on every call (~5% of the work here), which the ESLint
 * CLI does once per config. To not charge the reference for that, the config is normalized once with
 * ESLint's own FlatConfigArray (internal, not in its exports map: loaded by path, plain array if absent).
 */
function normalizedOnce(config: Linter.Config[]): { config: Linter.Config[]; prebuilt: boolean } {
  try {
    const dir = path.dirname(require.resolve("eslint/package.json"));
    const { FlatConfigArray } = require(path.join(dir, "lib/config/flat-config-array")) as {
      FlatConfigArray: new (c: Linter.Config[], o: { basePath: string }) => Linter.Config[] & { normalizeSync(): void };
    };
    const array = new FlatConfigArray(config, { basePath: process.cwd() });
    array.normalizeSync();
    return { config: array, prebuilt: true };
  } catch {
    return { config, prebuilt: false };
  }
}

const typescriptParser = {
  meta: { name: "typescript-estree-adapter" },
  parseForESLint(code: string, options?: { filePath?: string }) {
    const ast = parse(code, {
      filePath: options?.filePath ?? "file.ts",
      loc: true,
      range: true,
      tokens: true,
      comment: true,
      suppressDeprecatedPropertyWarnings: true,
    });
    return { ast, visitorKeys };
  },
} as unknown as Linter.Parser;

function extension(file: string): string {
  const match = /\.[A-Za-z]+$/.exec(file);
  return match ? match[0] : ".js";
}

function isTypeScript(file: string): boolean {
  return /\.(ts|tsx|mts|cts)$/.test(file);
}

function configFor(file: string, sourceType: SourceType): Linter.Config[] {
  const complexity = builtinRules.get("complexity") as Rule.RuleModule;
  const cognitive = (sonarjs as unknown as { rules: Record<string, Rule.RuleModule> }).rules["cognitive-complexity"];
  return [
    {
      files: [`**/*${extension(file)}`],
      languageOptions: {
        ecmaVersion: "latest",
        sourceType,
        ...(isTypeScript(file) ? { parser: typescriptParser } : { parserOptions: { ecmaFeatures: { jsx: true } } }),
      },
      plugins: { bench: { rules: { complexity, cognitive } } },
      rules: { "bench/complexity": ["error", 0], "bench/cognitive": ["error", 0] },
    },
  ];
}

export interface EslintJob {
  text: string;
  /** Virtual file name ESLint sees (only the extension matters). */
  filename: string;
  config: Linter.Config[];
}

export interface PreparedEslint {
  jobs: EslintJob[];
  /** Labels of files ESLint cannot parse at all (left out of both sides). */
  unparsable: string[];
  /** Whether configs were normalized once up front (see normalizedOnce). */
  prebuiltConfig: boolean;
  /** Lints every job once; returns the number of messages (to keep the work observable). */
  run(): number;
  /** Lints job `index` once; returns its number of messages. */
  runOne(index: number): number;
}

/**
 * Decides each file's source type once (module, else commonjs — as the oracle does), untimed, so the
 * timed runs lint every file exactly once.
 */
export function prepareEslint(files: ReadonlyArray<{ label: string; text: string }>): PreparedEslint {
  const linter = new Linter({ configType: "flat" });
  const jobs: EslintJob[] = [];
  const unparsable: string[] = [];
  const configs = new Map<string, Linter.Config[]>();
  let prebuiltConfig = true;
  const cachedConfig = (file: string, sourceType: SourceType) => {
    const key = `${extension(file)}|${sourceType}`;
    let config = configs.get(key);
    if (!config) {
      const normalized = normalizedOnce(configFor(file, sourceType));
      prebuiltConfig &&= normalized.prebuilt;
      configs.set(key, (config = normalized.config));
    }
    return config;
  };
  for (const file of files) {
    const filename = `input${extension(file.label)}`;
    const types: SourceType[] = isTypeScript(file.label) || file.label.endsWith(".mjs") ? ["module"] : ["module", "commonjs"];
    const accepted = types.find((t) => !linter.verify(file.text, cachedConfig(file.label, t), filename).some((m) => m.fatal));
    if (accepted) jobs.push({ text: file.text, filename, config: cachedConfig(file.label, accepted) });
    else unparsable.push(file.label);
  }
  return {
    jobs,
    unparsable,
    prebuiltConfig,
    run() {
      let messages = 0;
      for (let i = 0; i < jobs.length; i++) messages += this.runOne(i);
      return messages;
    },
    runOne(index: number) {
      const job = jobs[index];
      return linter.verify(job.text, job.config, job.filename).length;
    },
  };
}
