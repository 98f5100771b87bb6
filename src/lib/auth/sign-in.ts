import { eq, lt } from 'drizzle-orm';
import { write } from '#db/write.ts';
import { staffSignInTokens } from '#db/schema/index.ts';
import { hashToken, sameDigest } from '#lib/crypto/tokens.ts';
import { AuthError, type AuthContext } from './context.ts';
import { createSession } from './session.ts';
import { isStaff } from './staff-directory.ts';
import { learnStaffLocale } from './staff-preferences.ts';
import type { Locale } from '#i18n/locales.ts';

type Reader = Pick<AuthContext['db'], 'select'>;

function findLink(tx: Reader, token: string, now: Date) {
  const hash = hashToken(token);
  const row = tx.select().from(staffSignInTokens).where(eq(staffSignInTokens.tokenHash, hash)).get();
  if (!row || !sameDigest(row.tokenHash, hash)) throw new AuthError('invalid-link');
  if (row.usedAt) throw new AuthError('used-link');
  if (row.expiresAt <= now) throw new AuthError('expired-link');
  return row;
}

/** Looks a sign-in link up without using it, for the page with the "Sign in" button (a GET changes nothing). */
export function checkSignInLink(context: Pick<AuthContext, 'db' | 'now'>, token: string): { email: string } {
  return { email: findLink(context.db, token, context.now).email };
}

/**
 * Uses a sign-in link (POST only) and starts a new session, so every sign-in gets a new session
 * id. Returns the value for the session cookie.
 */
/** Signs in with an emailed link; the language of the page it was opened in becomes the staff member's if they have none. */
export function signIn(context: AuthContext, token: string, userAgent: string, locale?: Locale): { email: string; cookie: string } {
  const { db, now } = context;
  return write(db, (tx) => {
    const link = findLink(tx, token, now);
    tx.update(staffSignInTokens).set({ usedAt: now }).where(eq(staffSignInTokens.id, link.id)).run();
    if (!isStaff(db, context.staffEmails, link.email)) throw new AuthError('invalid-link');
    if (locale) learnStaffLocale(tx, link.email, locale);
    return { email: link.email, cookie: createSession(tx, link.email, userAgent, now) };
  });
}

/** Forgets sign-in links a day after they expired, used or not (housekeeping). */
export function pruneSignInLinks(db: AuthContext['db'], now = new Date()): number {
  return db.delete(staffSignInTokens).where(lt(staffSignInTokens.expiresAt, new Date(now.getTime() - 24 * 3600 * 1000))).run().changes;
}
