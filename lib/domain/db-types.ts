/** Types shared by domain, queue and worker code: a client or an open transaction, and the Job row. */
import type { Db, Prisma } from "../db/client";
export type { Job, AuditEvent } from "../generated/sqlite/client";

/** Anything that can run queries: the client itself or the `tx` of an interactive transaction. */
export type DbOrTx = Db | Prisma.TransactionClient;
