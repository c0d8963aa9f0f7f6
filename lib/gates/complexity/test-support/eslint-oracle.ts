/**
 * Test-only oracle: runs the real ESLint 9 `complexity` rule and eslint-plugin-sonarjs
 * `cognitive-complexity` (both at threshold 0, so every scored function is reported) and returns
 * their numbers per ESLint code path, parsed from the lint messages.
 *
 * Both rules are wrapped only to learn which AST node each message belongs to (sonarjs reports at
 * a different position than ESLint); the messages themselves come from the real rules.
 */
import { Linter, type Rule } from "eslint";
import { builtinRules } from "eslint/use-at-your-own-risk";
import sonarjs from "eslint-plugin-sonarjs";
import { parse } from "@typescript-eslint/typescript-estree";
import { visitorKeys } from "@typescript-eslint/visitor-keys";

export type OracleKind = "function" | "class field initializer" | "class static block";

export interface OracleEntry {
  /** ESLint's reported position (1-based line and column). */
  line: number;
  column: number;
  kind: OracleKind;
  /** Name as ESLint prints it, e.g. "Method 'foo'". */
  eslintName: string;
  cyclomatic: number;
  /** sonarjs' score (0 when it reported nothing); null where sonarjs has no function (initializers, static blocks). */
  cognitive: number | null;
}

interface Capture {
  rule: string;
  node: unknown;
  line: number;
  column: number;
}

type ReportDescriptor = Parameters<Rule.RuleContext["report"]>[0];

function startOf(descriptor: ReportDescriptor): { line: number; column: number } {
  const loc = (descriptor as { loc?: { start?: { line: number; column: number }; line?: number; column?: number } }).loc;
  if (loc && loc.start) return { line: loc.start.line, column: loc.start.column + 1 };
  if (loc && typeof loc.line === "number") return { line: loc.line, column: (loc.column ?? 0) + 1 };
  const node = (descriptor as { node: { loc: { start: { line: number; column: number } } } }).node;
  return { line: node.loc.start.line, column: node.loc.start.column + 1 };
}

/** A rule that behaves exactly like `base` but remembers the node behind each report. */
function recordingRule(ruleName: string, base: Rule.RuleModule, captures: Capture[], nodeFromListener: boolean): Rule.RuleModule {
  return {
    meta: base.meta,
    create(context) {
      let current: unknown = null;
      const proxy = Object.create(context, {
        report: {
          value(descriptor: ReportDescriptor) {
            const node = nodeFromListener ? current : (descriptor as { node?: unknown }).node;
            captures.push({ rule: ruleName, node, ...startOf(descriptor) });
            context.report(descriptor);
          },
        },
      }) as Rule.RuleContext;
      const listeners = base.create(proxy) as Record<string, (...args: unknown[]) => void>;
      const wrapped: Record<string, (...args: unknown[]) => void> = {};
      for (const [selector, listener] of Object.entries(listeners)) {
        wrapped[selector] = (...args: unknown[]) => {
          const previous = current;
          // sonarjs reports while leaving a function node; that node is the listener's first argument.
          current = args[0];
          try {
            listener(...args);
          } finally {
            current = previous;
          }
        };
      }
      return wrapped;
    },
  };
}

/** ESLint parser adapter for TypeScript (only typescript-estree is installed, not @typescript-eslint/parser). */
const typescriptParser: Linter.Parser = {
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
    return { ast: ast as unknown as import("estree").Program & { tokens: []; comments: [] }, visitorKeys: visitorKeys as unknown as Record<string, string[]> };
  },
} as unknown as Linter.Parser;

const COMPLEXITY_MESSAGE = /^(.*) has a complexity of (\d+)\. Maximum allowed is 0\.$/;
const COGNITIVE_MESSAGE = /Cognitive Complexity from (\d+) to the 0 allowed/;

function extension(path: string): string {
  const match = /\.[A-Za-z]+$/.exec(path);
  return match ? match[0] : ".js";
}

function lint(path: string, text: string, sourceType: "module" | "commonjs" | "script") {
  const captures: Capture[] = [];
  const complexity = builtinRules.get("complexity") as Rule.RuleModule;
  const cognitive = (sonarjs as unknown as { rules: Record<string, Rule.RuleModule> }).rules["cognitive-complexity"];
  const isTypeScript = /\.(ts|tsx|mts|cts)$/.test(path);
  const linter = new Linter({ configType: "flat" });
  const messages = linter.verify(
    text,
    [
      {
        // Flat config only lints files matched by an explicit extension pattern.
        files: [`**/*${extension(path)}`],
        languageOptions: {
          ecmaVersion: "latest",
          sourceType,
          ...(isTypeScript
            ? { parser: typescriptParser }
            : { parserOptions: { ecmaFeatures: { jsx: true } } }),
        },
        plugins: {
          oracle: {
            rules: {
              complexity: recordingRule("complexity", complexity, captures, false),
              cognitive: recordingRule("cognitive", cognitive, captures, true),
            },
          },
        },
        rules: { "oracle/complexity": ["error", 0], "oracle/cognitive": ["error", 0] },
      },
    ],
    // A relative name keeps the file inside the config's base path whatever `path` is.
    `input${extension(path)}`,
  );
  return { messages, captures };
}

/** Runs both real rules on `text`; throws if ESLint cannot parse it. */
export function runOracle(path: string, text: string): OracleEntry[] {
  let result = lint(path, text, "module");
  if (result.messages.some((m) => m.fatal) && !/\.(ts|tsx|mts|mjs)$/.test(path)) {
    result = lint(path, text, "commonjs");
  }
  const fatal = result.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`ESLint could not parse ${path}: ${fatal.line}:${fatal.column} ${fatal.message}`);

  const captureAt = (rule: string, line: number, column: number) =>
    result.captures.filter((c) => c.rule === rule && c.line === line && c.column === column);

  // sonarjs scores by function node.
  const cognitiveByNode = new Map<unknown, number>();
  for (const message of result.messages.filter((m) => m.ruleId === "oracle/cognitive")) {
    const match = COGNITIVE_MESSAGE.exec(message.message);
    const captured = captureAt("cognitive", message.line, message.column);
    if (!match || captured.length !== 1) throw new Error(`unmatched sonarjs message ${message.line}:${message.column} ${message.message}`);
    cognitiveByNode.set(captured[0].node, Number(match[1]));
  }

  const entries: OracleEntry[] = [];
  for (const message of result.messages.filter((m) => m.ruleId === "oracle/complexity")) {
    const match = COMPLEXITY_MESSAGE.exec(message.message);
    if (!match) throw new Error(`unexpected complexity message ${message.message}`);
    const eslintName = match[1];
    const kind: OracleKind =
      eslintName === "Class field initializer"
        ? "class field initializer"
        : eslintName === "Class static block"
          ? "class static block"
          : "function";
    const captured = captureAt("complexity", message.line, message.column);
    if (captured.length !== 1) throw new Error(`ambiguous complexity message at ${message.line}:${message.column}`);
    entries.push({
      line: message.line,
      column: message.column,
      kind,
      eslintName,
      cyclomatic: Number(match[2]),
      cognitive: kind === "function" ? (cognitiveByNode.get(captured[0].node) ?? 0) : null,
    });
  }
  return entries.sort((a, b) => a.line - b.line || a.column - b.column);
}
