import type { Database } from '#db/client.ts';
import { auditLog } from '#db/schema/index.ts';

export type AuditEntry = {
  at: Date;
  staff: string;
  /** What was done, e.g. "approve", "edit", "deliver", "sign-in". */
  action: string;
  letter?: string;
  signatureIds?: number[];
  /** The values that changed, as they were and as they became, keyed by signature id. */
  before?: Record<string, unknown>;
  after?: Record<string, unknown>;
  note?: string;
};

/** Writes a staff action to the audit log. Call it in the action's own transaction: both happen, or neither. */
export function recordAction(tx: Pick<Database, 'insert'>, entry: AuditEntry): void {
  tx.insert(auditLog)
    .values({
      at: entry.at,
      staff: entry.staff,
      action: entry.action,
      letter: entry.letter ?? null,
      signatureIds: JSON.stringify(entry.signatureIds ?? []),
      before: entry.before ? JSON.stringify(entry.before) : null,
      after: entry.after ? JSON.stringify(entry.after) : null,
      note: entry.note ?? null,
    })
    .run();
}
