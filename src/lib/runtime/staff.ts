import { getConfig } from '#lib/config/config.ts';
import { getCampaignForSigning } from '#lib/content/letter-directory.ts';
import { getAppSecret } from '#lib/crypto/app-secret.ts';
import type { AuthContext, Staff } from '#lib/auth/context.ts';
import { validateSession } from '#lib/auth/session.ts';
import { getDatabase } from './database.ts';

/** The staff verbs' context in this server at this moment. */
export async function authContext(now = new Date()): Promise<AuthContext> {
  const db = getDatabase();
  const config = getConfig();
  return { db, now, secret: getAppSecret(db), siteUrl: config.siteUrl, staffEmails: config.staffEmails, campaignName: (await getCampaignForSigning()).name };
}

/**
 * The session cookie: `__Host-` (Secure, path /, no domain) wherever the site runs on https; on a
 * plain-http local copy a browser would drop a Secure cookie, so there it is the same cookie
 * without the prefix and the Secure flag. HttpOnly and SameSite=Strict either way.
 */
export function staffCookie(): { name: string; options: { httpOnly: true; sameSite: 'strict'; secure: boolean; path: '/' } } {
  const secure = getConfig().siteUrl.protocol === 'https:';
  return { name: secure ? '__Host-undersigned-staff' : 'undersigned-staff', options: { httpOnly: true, sameSite: 'strict', secure, path: '/' } };
}

/** Who a session cookie belongs to, if anyone. */
export function staffFromCookie(cookie: string | undefined): Staff | undefined {
  return validateSession(getDatabase(), getConfig().staffEmails, cookie, new Date());
}
