/**
 * Append-only audit log. This module only ever creates AuditEvent rows; nothing in the application
 * updates or deletes them.
 */
import { z } from "zod";
import type { Prisma } from "../db/client";
import type { AuditEvent, DbOrTx } from "./db-types";

export const AuditInputSchema = z.object({
  actorId: z.string().min(1).nullish(),
  /** "system", "worker:<id>" or the user's email */
  actorLabel: z.string().min(1),
  action: z.string().min(1),
  subjectType: z.string().min(1),
  subjectId: z.string().min(1),
  details: z.record(z.string(), z.unknown()).nullish(),
});
export type AuditInput = z.input<typeof AuditInputSchema>;

/** Who did something: a user (id + email) or a process ("system", "worker:<id>"). */
export interface Actor {
  id?: string | null;
  label: string;
}

export const SYSTEM_ACTOR: Actor = { id: null, label: "system" };

export function workerActor(workerId: string): Actor {
  return { id: null, label: `worker:${workerId}` };
}

export async function recordAudit(db: DbOrTx, event: AuditInput): Promise<AuditEvent> {
  const e = AuditInputSchema.parse(event);
  return db.auditEvent.create({
    data: {
      actorId: e.actorId ?? null,
      actorLabel: e.actorLabel,
      action: e.action,
      subjectType: e.subjectType,
      subjectId: e.subjectId,
      // Round-trip through JSON so Dates and undefined fields are stored the same on both databases.
      details: e.details ? (JSON.parse(JSON.stringify(e.details)) as Prisma.InputJsonValue) : undefined,
    },
  });
}
