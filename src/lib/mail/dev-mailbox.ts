import { desc, eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { outbox } from '#db/schema/index.ts';

export type KeptMail = { id: number; to: string; subject: string; text: string; status: string; createdAt: Date };

/** The newest mail the dev mailbox kept, for /dev/mailbox (never served in production). */
export function listDevMailbox(db: Database, limit = 50): KeptMail[] {
  return db
    .select({ id: outbox.id, to: outbox.recipient, subject: outbox.subject, text: outbox.textBody, status: outbox.status, createdAt: outbox.createdAt })
    .from(outbox)
    .where(eq(outbox.status, 'sent'))
    .orderBy(desc(outbox.id))
    .limit(limit)
    .all()
    .map((mail) => ({ ...mail, text: mail.text ?? '' }));
}
