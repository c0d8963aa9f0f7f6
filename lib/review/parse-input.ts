import type { z } from "zod";
import { DecisionError } from "./errors";

/** Validates a decision body; field problems come back as issues the decision bar shows inline. */
export function parseDecisionInput<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  throw new DecisionError("invalid", issues[0]?.message ?? "Invalid decision", issues);
}
