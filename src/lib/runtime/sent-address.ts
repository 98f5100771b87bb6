import { getAppSecret } from '#lib/crypto/app-secret.ts';
import { openSealedValue, sealValue } from '#lib/crypto/sealed-value.ts';
import { localePath, type Locale } from '#i18n/locales.ts';
import { getDatabase } from './database.ts';

/**
 * After a sign-up the browser goes to the letter's "sent" page, which shows the address the mail
 * went to, so a typo is seen at once. The address travels only in this browser's cookie, sealed
 * with the server secret (nothing more is written: a sign-up stays one database write), for ten
 * minutes, sent only to that page, and cleared there on first read.
 */
export const sentCookie = 'sign-sent';
const purpose = 'sent-address';
export const sentLifetimeSeconds = 600;

export const sentPagePath = (locale: Locale, letter: string) => localePath(locale, `/letters/${letter}/sent/`);

export function sealSentAddress(email: string, now = new Date()): string {
  return sealValue(getAppSecret(getDatabase()), purpose, email, new Date(now.getTime() + sentLifetimeSeconds * 1000));
}

export function openSentAddress(sealed: string | undefined, now = new Date()): string | undefined {
  return sealed ? openSealedValue(getAppSecret(getDatabase()), purpose, sealed, now) : undefined;
}
