import { keyedHash, newToken } from '#lib/crypto/tokens.ts';
import { write } from '#db/write.ts';
import { clientNetwork } from '#lib/limits/client-network.ts';
import { consumeLimit } from '#lib/limits/consume-limit.ts';
import { limits } from '#lib/limits/policies.ts';
import { enqueueMail } from '#lib/mail/enqueue-mail.ts';
import { staffSignInTokens } from '#db/schema/index.ts';
import type { AuthContext } from './context.ts';
import { isStaff } from './staff-directory.ts';

/** A sign-in link works for 15 minutes, once. */
export const signInLinkMinutes = 15;

/**
 * Mails a one-time sign-in link if the address belongs to staff. Everyone gets the same answer
 * (the caller shows "check your email" whatever this returns), so the form cannot be used to find
 * out who the staff are; the result is for the log only.
 */
export function requestSignIn(context: AuthContext, email: string, ip: string): 'sent' | 'not-staff' | 'limited' {
  const { db, now, secret } = context;
  const address = email.trim().toLowerCase();
  const withinLimits =
    consumeLimit(db, `staff:client:${keyedHash(secret, clientNetwork(ip))}`, limits.staffSignInPerClient, now) &&
    consumeLimit(db, `staff:email:${keyedHash(secret, address)}`, limits.staffSignInPerEmail, now);
  if (!withinLimits) return 'limited';
  if (!isStaff(db, context.staffEmails, address)) return 'not-staff';
  return write(db, (tx) => {
    const { token, hash } = newToken();
    tx.insert(staffSignInTokens).values({ email: address, tokenHash: hash, createdAt: now, expiresAt: new Date(now.getTime() + signInLinkMinutes * 60_000) }).run();
    const link = new URL(`/admin/sign-in/?token=${token}`, context.siteUrl).href;
    enqueueMail(
      tx,
      { kind: 'staff-sign-in', to: address, locale: 'en', vars: { organization: '', letter: '', campaign: context.campaignName, site: context.siteUrl.host, contact: '', link } },
      context,
    );
    return 'sent';
  });
}
