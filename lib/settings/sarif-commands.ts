/**
 * Per-repository analysers whose command writes SARIF (semgrep, bandit, CodeQL CLI…), run by the
 * static-analysis gate inside the sandbox. Edited as "name: command" lines in Settings → Repositories.
 */
import { z } from "zod";

export interface SarifCommandSetting {
  name: string;
  command: string;
}

export const MAX_SARIF_COMMANDS = 10;

const entry = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, "Name is required")
    .max(40, "Name is too long")
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "Name: letters, digits, '.', '_' or '-'"),
  command: z
    .string()
    .trim()
    .min(1, "Command is required")
    .max(2000, "Command is too long")
    .refine((s) => !/[\r\n\0]/.test(s), "One command per line"),
});

export const sarifCommandsSchema = z
  .array(entry)
  .max(MAX_SARIF_COMMANDS, `At most ${MAX_SARIF_COMMANDS} SARIF commands`)
  .superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((c, i) => {
      if (seen.has(c.name)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `"${c.name}" is listed twice` });
      seen.add(c.name);
    });
  });

/** The stored JSON, read leniently: entries that do not validate are dropped rather than run. */
export function parseSarifCommands(value: unknown): SarifCommandSetting[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((v) => {
    const r = entry.safeParse(v);
    return r.success ? [r.data] : [];
  });
}

/** "name: command" per line (blank lines ignored) → entries; the schema reports what is wrong. */
export function sarifCommandsFromText(text: string): Array<{ name: string; command: string }> {
  return text
    .split(/\r?\n/)
    .filter((l) => l.trim())
    .map((l) => {
      const colon = l.indexOf(":");
      return colon < 0 ? { name: l.trim(), command: "" } : { name: l.slice(0, colon).trim(), command: l.slice(colon + 1).trim() };
    });
}

export function sarifCommandsToText(list: readonly SarifCommandSetting[]): string {
  return list.map((c) => `${c.name}: ${c.command}`).join("\n");
}
