import { and, asc, count, desc, eq, gt, sql, type SQL } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { auditLog } from '#db/schema/index.ts';

export type AuditRow = typeof auditLog.$inferSelect;

export const auditPageSize = 100;

/** What staff may narrow the log to: one kind of action, one entry (by its number). */
export type AuditFilters = { action?: string; entry?: number };

/** One page of the audit log, newest first, narrowed by the filters. */
export function listAudit(db: Database, page = 1, filters: AuditFilters = {}): { rows: AuditRow[]; pages: number } {
  const conditions: SQL[] = [];
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  // signature_ids is a JSON array of numbers, written by recordAction.
  if (filters.entry) conditions.push(sql`exists (select 1 from json_each(${auditLog.signatureIds}) where value = ${filters.entry})`);
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const total = db.select({ n: count() }).from(auditLog).where(where).get()?.n ?? 0;
  const rows = db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(auditPageSize).offset((page - 1) * auditPageSize).all();
  return { rows, pages: Math.max(1, Math.ceil(total / auditPageSize)) };
}

/** The kinds of action the log holds, for the filter. */
export function auditActions(db: Database): string[] {
  return db.selectDistinct({ action: auditLog.action }).from(auditLog).orderBy(asc(auditLog.action)).all().map((row) => row.action);
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
