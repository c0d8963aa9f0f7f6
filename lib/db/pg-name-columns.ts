/**
 * Workaround for prisma/orm issue 27403: adapter-pg cannot deserialize catalog columns of type
 * `name` (OID 19), `char` (18) and `name[]` (1003), which breaks every migrate command on PostgreSQL.
 * We relabel those fields as text / text[] before pg parses them.
 */
import pg from "pg";

const REMAP: Record<number, number> = { 19: 25, 18: 25, 1003: 1009 };
let patched = false;

export function patchPgNameColumns(): void {
  if (patched) return;
  patched = true;
  const proto = (pg as unknown as { Result: { prototype: { addFields(fields: { dataTypeID: number }[]): void } } }).Result
    .prototype;
  const original = proto.addFields;
  proto.addFields = function (this: unknown, fields: { dataTypeID: number }[]) {
    for (const f of fields) {
      const to = REMAP[f.dataTypeID];
      if (to !== undefined) f.dataTypeID = to;
    }
    return original.call(this, fields);
  };
}
