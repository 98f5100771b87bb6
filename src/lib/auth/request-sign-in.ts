import { and, count, desc, eq, gt } from 'drizzle-orm';
import { keyedHash, newToken } from '#lib/crypto/tokens.ts';
import { write } from '#db/write.ts';
import { auditLog, staffPreferences, staffSignInTokens } from '#db/schema/index.ts';
import type { Locale } from '#i18n/locales.ts';
import { recordAction } from '#lib/audit/record-action.ts';
import { clientNetwork } from '#lib/limits/client-network.ts';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import { limits } from '#lib/limits/policies.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import type { AuthContext } from './context.ts';
import { isStaff } from './staff-directory.ts';

/** A sign-in link works for 15 minutes, once. */
export const signInLinkMinutes = 15;

/** What the audit log calls a sign-in request refused for too many from one network. */
export const throttledSignIn = 'sign-in-throttled';

/**
 * Mails a one-time sign-in link if the address belongs to staff. Everyone gets the same answer
 * (the caller shows "check your email" whatever this returns), so the form cannot be used to find
 * out who the staff are; the result is for the log only.
 *
 * The budget for an address is kept per client network, so a stranger asking again and again for
 * a staff member's link spends only their own network's share; sign-in links count against no
 * other mail budget. When a staff address is throttled, the audit log says so (once an hour per
 * network), and the staff member hears of it at their next sign-in.
 */
export function requestSignIn(context: AuthContext, email: string, ip: string, pageLocale: Locale = 'en'): 'sent' | 'not-staff' | 'limited' {
  const { db, now, secret } = context;
  const address = email.trim().toLowerCase();
  const network = clientNetwork(ip);
  return write(db, (tx) => {
    const withinLimits =
      consumeLimit(tx, `staff:client:${keyedHash(secret, network)}`, limits.staffSignInPerClient, now) &&
      consumeLimit(tx, `staff:email:${keyedHash(secret, `${address}|${network}`)}`, limits.staffSignInPerEmail, now);
    const staff = isStaff(tx, context.staffEmails, address);
    if (!withinLimits) {
      if (staff && consumeLimit(tx, `staff:throttle-noted:${keyedHash(secret, `${address}|${network}`)}`, { limit: 1, windowSeconds: 3600 }, now)) {
        recordAction(tx, { at: now, staff: address, action: throttledSignIn, note: `network ${keyedHash(secret, `network:${network}`).slice(0, 6)}` });
      }
      return 'limited';
    }
    if (!staff) return 'not-staff';
    const { token, hash } = newToken();
    tx.insert(staffSignInTokens).values({ email: address, tokenHash: hash, createdAt: now, expiresAt: new Date(now.getTime() + signInLinkMinutes * 60_000) }).run();
    // In the language the staff member chose, or else the one of the page they asked from.
    const chosen = tx.select({ locale: staffPreferences.locale }).from(staffPreferences).where(eq(staffPreferences.email, address)).get()?.locale;
    const locale = chosen ?? pageLocale;
    const link = new URL(`/admin/sign-in/?token=${token}&lang=${locale}`, context.siteUrl).href;
    enqueueMail(
      tx,
      { kind: 'staff-sign-in', to: address, locale, vars: { organization: '', letter: '', campaign: context.campaignName[locale], site: context.siteUrl.host, contact: '', link } },
      context,
    );
    return 'sent';
  });
}

/**
 * How often a staff member's sign-in requests were throttled (noted once an hour per network)
 * between their sign-in before this one and now: for the dashboard to tell them that someone
 * may be trying to lock them out.
 */
export function throttledSinceLastSignIn(db: AuthContext['db'], email: string): number {
  const signIns = db.select({ at: auditLog.at }).from(auditLog).where(and(eq(auditLog.staff, email), eq(auditLog.action, 'sign-in'))).orderBy(desc(auditLog.at)).limit(2).all();
  const since = signIns[1]?.at ?? new Date(0);
  return db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.staff, email), eq(auditLog.action, throttledSignIn), gt(auditLog.at, since))).get()?.n ?? 0;
}
