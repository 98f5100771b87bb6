import { randomBytes } from 'node:crypto';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { staffSessions } from '#db/schema/index.ts';
import { hashToken } from '#lib/crypto/tokens.ts';
import type { Staff } from './context.ts';
import { isStaff } from './staff-directory.ts';
import { staffPreferencesOf } from './staff-preferences.ts';

export const sessionIdleMs = 30 * 60 * 1000;
export const sessionMaxMs = 12 * 3600 * 1000;
/** lastSeenAt is written at most this often, so browsing the staff area is not a write per page. */
const touchEveryMs = 60 * 1000;

/** Starts a session: a new random value for the cookie, its SHA-256 as the row's id. Returns the cookie value. */
export function createSession(db: Pick<Database, 'insert'>, email: string, userAgent: string, now: Date): string {
  const cookie = randomBytes(32).toString('base64url');
  db.insert(staffSessions).values({ id: hashToken(cookie), email, createdAt: now, lastSeenAt: now, userAgent: userAgent.slice(0, 200) }).run();
  return cookie;
}

const expired = (now: Date) => or(lt(staffSessions.lastSeenAt, new Date(now.getTime() - sessionIdleMs)), lt(staffSessions.createdAt, new Date(now.getTime() - sessionMaxMs)));

/**
 * The staff member a session cookie belongs to, or undefined: unknown, idle for 30 minutes, older
 * than 12 hours, or no longer staff (removed, or dropped from STAFF_EMAILS). A valid session's
 * idle clock is reset.
 */
export function validateSession(db: Database, staffEmails: readonly string[], cookie: string | undefined, now: Date): Staff | undefined {
  if (!cookie || cookie.length > 100) return undefined;
  const id = hashToken(cookie);
  const session = db.select().from(staffSessions).where(eq(staffSessions.id, id)).get();
  if (!session) return undefined;
  const idle = now.getTime() - session.lastSeenAt.getTime();
  if (idle > sessionIdleMs || now.getTime() - session.createdAt.getTime() > sessionMaxMs || !isStaff(db, staffEmails, session.email)) {
    db.delete(staffSessions).where(eq(staffSessions.id, id)).run();
    return undefined;
  }
  if (idle > touchEveryMs) db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.id, id)).run();
  return { email: session.email, sessionId: id, locale: staffPreferencesOf(db, session.email).locale };
}

/** Ends a session on the server (sign-out, or ending one of your own sessions). Only its owner may end it. */
export function endSession(db: Database, staff: Pick<Staff, 'email'>, sessionId: string): boolean {
  return db.delete(staffSessions).where(and(eq(staffSessions.id, sessionId), eq(staffSessions.email, staff.email))).run().changes > 0;
}

export type SessionSummary = { id: string; createdAt: Date; lastSeenAt: Date; userAgent: string; current: boolean };

/** A staff member's live sessions, newest first, for the page where they can end them. */
export function listSessions(db: Database, staff: Staff, now: Date): SessionSummary[] {
  return db
    .select()
    .from(staffSessions)
    .where(eq(staffSessions.email, staff.email))
    .orderBy(desc(staffSessions.lastSeenAt))
    .all()
    .filter((session) => now.getTime() - session.lastSeenAt.getTime() <= sessionIdleMs && now.getTime() - session.createdAt.getTime() <= sessionMaxMs)
    .map(({ id, createdAt, lastSeenAt, userAgent }) => ({ id, createdAt, lastSeenAt, userAgent, current: id === staff.sessionId }));
}

/** Removes ended sessions (housekeeping). */
export function pruneSessions(db: Database, now = new Date()): number {
  return db.delete(staffSessions).where(expired(now)).run().changes;
}
