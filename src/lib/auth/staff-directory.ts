import { asc, eq } from 'drizzle-orm';
import { write } from '#db/write.ts';
import type { Database } from '#db/client.ts';
import { staffAccounts, staffSessions } from '#db/schema/index.ts';

const normalize = (email: string) => email.trim().toLowerCase();

/** Whether an address may sign in: in STAFF_EMAILS, or added with `npm run staff -- add`. */
export function isStaff(db: Pick<Database, 'select'>, staffEmails: readonly string[], email: string): boolean {
  const address = normalize(email);
  return staffEmails.includes(address) || db.select().from(staffAccounts).where(eq(staffAccounts.email, address)).get() !== undefined;
}

export function addStaff(db: Database, email: string, now = new Date()): boolean {
  return db.insert(staffAccounts).values({ email: normalize(email), addedAt: now }).onConflictDoNothing().run().changes > 0;
}

/** Removes an account and ends its sessions at once. */
export function removeStaff(db: Database, email: string): boolean {
  return write(db, (tx) => {
    tx.delete(staffSessions).where(eq(staffSessions.email, normalize(email))).run();
    return tx.delete(staffAccounts).where(eq(staffAccounts.email, normalize(email))).run().changes > 0;
  });
}

export function listStaff(db: Database): { email: string; addedAt: Date }[] {
  return db.select().from(staffAccounts).orderBy(asc(staffAccounts.email)).all();
}
