/** Command-line parsing (node:util parseArgs) and validation (zod) for each command. */
import { parseArgs } from "node:util";
import { z } from "zod";
import { GATE_NAMES, type GateName } from "../gates/types";
import { UsageError } from "./io";

export const CHECK_FORMATS = ["text", "json", "sarif"] as const;
export const COMPLEXITY_FORMATS = ["text", "json"] as const;

const GateListSchema = z
  .string()
  .transform((s) => s.split(",").map((g) => g.trim()).filter(Boolean))
  .superRefine((names, ctx) => {
    if (names.length === 0) ctx.addIssue({ code: "custom", message: "no gate given" });
    for (const n of names) {
      if (!(GATE_NAMES as readonly string[]).includes(n)) {
        ctx.addIssue({ code: "custom", message: `unknown gate: ${n} (known: ${GATE_NAMES.join(", ")})` });
      }
    }
  })
  .transform((names) => [...new Set(names)] as GateName[]);

const CheckOptionsSchema = z.object({
  repo: z.string({ error: "--repo DIR is required" }).min(1, "--repo DIR is required"),
  patch: z.string({ error: "--patch FILE|- is required" }).min(1, "--patch FILE|- is required"),
  base: z.string().min(1, "--base needs a ref").default("HEAD"),
  gates: GateListSchema.default(() => [...GATE_NAMES]),
  format: z.enum(CHECK_FORMATS, { error: (i) => `unknown format: ${String(i.input)} (use text, json or sarif)` }).default("text"),
  testCommand: z.string().min(1, "--test-command needs a command").optional(),
  testTimeout: z
    .string()
    .regex(/^\d+(\.\d+)?$/, "--test-timeout takes seconds")
    .transform((s) => Math.round(Number(s) * 1000))
    .refine((ms) => ms > 0, "--test-timeout must be positive")
    .optional(),
  minPassRate: z
    .string()
    .regex(/^\d+(\.\d+)?$/, "--min-pass-rate takes a percentage")
    .transform(Number)
    .refine((n) => n <= 100, "--min-pass-rate must be at most 100")
    .optional(),
  /** Keep registry lookups on disk between runs (--no-cache: memory only). */
  cache: z.boolean().default(true),
});
export type CheckOptions = z.output<typeof CheckOptionsSchema>;

const ComplexityOptionsSchema = z.object({
  files: z.array(z.string().min(1)).min(1, "complexity needs at least one FILE"),
  format: z.enum(COMPLEXITY_FORMATS, { error: (i) => `unknown format: ${String(i.input)} (use text or json)` }).default("text"),
});
export type ComplexityOptions = z.output<typeof ComplexityOptionsSchema>;

export const DAEMON_ACTIONS = ["start", "stop", "status", "serve"] as const;

const DaemonOptionsSchema = z.object({
  action: z.enum(DAEMON_ACTIONS, { error: (i) => `daemon: unknown action ${String(i.input ?? "(none)")} (use start, stop, status or serve)` }),
  idleMinutes: z
    .string()
    .regex(/^\d+(\.\d+)?$/, "--idle-minutes takes minutes")
    .transform(Number)
    .refine((n) => n > 0 && n <= 24 * 60, "--idle-minutes must be between 0 and 1440")
    .default(15),
});
export type DaemonOptions = z.output<typeof DaemonOptionsSchema>;

export function parseDaemonArgs(argv: string[]): DaemonOptions {
  const { values, positionals } = parseOrThrow(() =>
    parseArgs({ args: argv, allowPositionals: true, strict: true, options: { "idle-minutes": { type: "string" } } }),
  );
  if (positionals.length > 1) throw new UsageError(`daemon: unexpected argument ${positionals[1]}`);
  return validate(DaemonOptionsSchema, { action: positionals[0], idleMinutes: values["idle-minutes"] });
}

export function parseCheckArgs(argv: string[]): CheckOptions {
  const values = parseOrThrow(() =>
    parseArgs({
      args: argv,
      allowPositionals: false,
      strict: true,
      options: {
        repo: { type: "string" },
        patch: { type: "string" },
        base: { type: "string" },
        gates: { type: "string" },
        format: { type: "string" },
        "test-command": { type: "string" },
        "test-timeout": { type: "string" },
        "min-pass-rate": { type: "string" },
        "no-cache": { type: "boolean" },
      },
    }),
  ).values;
  return validate(CheckOptionsSchema, {
    repo: values.repo,
    patch: values.patch,
    base: values.base,
    gates: values.gates,
    format: values.format,
    testCommand: values["test-command"],
    testTimeout: values["test-timeout"],
    minPassRate: values["min-pass-rate"],
    cache: !values["no-cache"],
  });
}

export function parseComplexityArgs(argv: string[]): ComplexityOptions {
  const { values, positionals } = parseOrThrow(() =>
    parseArgs({ args: argv, allowPositionals: true, strict: true, options: { format: { type: "string" } } }),
  );
  return validate(ComplexityOptionsSchema, { files: positionals, format: values.format });
}

function parseOrThrow<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    // parseArgs messages are multi-sentence; keep the first one.
    const msg = err instanceof Error ? err.message.split(". ")[0] : String(err);
    throw new UsageError(msg.replace(/^Unknown option '(.*?)'.*/, "unknown option $1"));
  }
}

function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? "invalid arguments");
  return parsed.data;
}
