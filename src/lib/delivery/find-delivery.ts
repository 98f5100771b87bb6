import { eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { letterDeliveries } from '#db/schema/index.ts';
import { preparedOnce } from '#db/prepared.ts';
import type { LetterDelivery } from '#lib/content/letters.ts';

/** A letter's recorded delivery, without its snapshot. */
export function findDelivery(db: Database, letter: string): LetterDelivery | undefined {
  return db
    .select({ deliveredAt: letterDeliveries.deliveredAt, recipients: letterDeliveries.recipients, snapshotSha256: letterDeliveries.snapshotSha256, signatories: letterDeliveries.signatories })
    .from(letterDeliveries)
    .where(eq(letterDeliveries.letter, letter))
    .get();
}

/** When each delivered letter was delivered, for the signing directory. */
export function deliveryDates(db: Database): Map<string, Date> {
  // Read for every sign-up and every mail sent: built once (see db/prepared.ts).
  const rows = preparedOnce(db, 'letterDeliveries.dates', () => db.select({ letter: letterDeliveries.letter, at: letterDeliveries.deliveredAt }).from(letterDeliveries).prepare()).all();
  return new Map(rows.map((row) => [row.letter, row.at]));
}

