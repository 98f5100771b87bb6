import { and, inArray, isNotNull, lt, ne, or, sql } from 'drizzle-orm';
import { write } from '#db/write.ts';
import type { Database } from '#db/client.ts';
import { outbox, signatures } from '#db/schema/index.ts';
import { recordAction } from '#lib/audit/record-action.ts';
import { expireUnconfirmed } from '#lib/signing/expire-unconfirmed.ts';
import { lifecycle } from '#lib/signing/lifecycle.ts';

export type PurgeResult = { signatures: number; mails: number; unconfirmed: number };

const day = 24 * 3600 * 1000;

/**
 * The retention rule. Removes the contact name, role and email (and the network mark) of:
 * - every signature on a letter delivered or closed more than `olderThanDays` ago;
 * - withdrawn and rejected entries changed that long ago;
 * - expired pending and held sign-ups, which go altogether.
 * Their mail goes too, except what is still queued, and every sent mail loses any body still
 * holding a link. Public fields and counts stay. Written to the audit log.
 */
export function purgeContactDetails(
  db: Database,
  options: { olderThanDays: number; letterEnds: ReadonlyMap<string, Date>; now?: Date; by: string },
): PurgeResult {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.olderThanDays * day);
  const endedLetters = [...options.letterEnds].filter(([, ended]) => ended < cutoff).map(([letter]) => letter);
  const unconfirmed = expireUnconfirmed(db, now);
  return write(db, (tx) => {
    const ids = tx
      .select({ id: signatures.id })
      .from(signatures)
      .where(
        and(
          inArray(signatures.status, [...lifecycle.purge.from]),
          or(isNotNull(signatures.email), isNotNull(signatures.contactName), isNotNull(signatures.contactRole)),
          or(
            endedLetters.length ? inArray(signatures.letter, endedLetters) : sql`0`,
            and(inArray(signatures.status, ['withdrawn', 'rejected']), lt(signatures.updatedAt, cutoff)),
          ),
        ),
      )
      .all()
      .map((row) => row.id);
    for (let start = 0; start < ids.length; start += 500) {
      const chunk = ids.slice(start, start + 500);
      tx.update(signatures)
        .set({ contactName: null, contactRole: null, email: null, emailKey: sql`'purged:' || ${signatures.id}`, clientHash: null })
        .where(inArray(signatures.id, chunk))
        .run();
      tx.delete(outbox).where(and(inArray(outbox.signatureId, chunk), ne(outbox.status, 'queued'))).run();
    }
    const mails = tx
      .update(outbox)
      .set({ textBody: null, htmlBody: null })
      .where(and(ne(outbox.status, 'queued'), or(isNotNull(outbox.textBody), isNotNull(outbox.htmlBody))))
      .run().changes;
    const result = { signatures: ids.length, mails, unconfirmed };
    recordAction(tx, { at: now, staff: options.by, action: 'purge', after: { olderThanDays: options.olderThanDays, ...result }, signatureIds: ids });
    return result;
  });
}

