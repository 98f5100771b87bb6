import { asc, count, desc, gt } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { auditLog } from '#db/schema/index.ts';

export type AuditRow = typeof auditLog.$inferSelect;

export const auditPageSize = 100;

/** One page of the audit log, newest first. */
export function listAudit(db: Database, page = 1): { rows: AuditRow[]; pages: number } {
  const total = db.select({ n: count() }).from(auditLog).get()?.n ?? 0;
  const rows = db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(auditPageSize).offset((page - 1) * auditPageSize).all();
  return { rows, pages: Math.max(1, Math.ceil(total / auditPageSize)) };
}

/** Every entry, oldest first, a thousand at a time, so an export of a long log needs little memory. */
export function* iterateAudit(db: Database): Generator<AuditRow> {
  for (let after = 0; ; ) {
    const batch = db.select().from(auditLog).where(gt(auditLog.id, after)).orderBy(asc(auditLog.id)).limit(1000).all();
    yield* batch;
    if (batch.length < 1000) return;
    after = batch.at(-1)!.id;
  }
}
