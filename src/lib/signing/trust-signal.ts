import { getDomain } from 'tldts';
import type { TrustSignal } from './vocabulary.ts';

/** Mail providers anyone can get an address at: a match with them says nothing about an organization. */
const freeMailDomains = new Set([
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'outlook.com', 'hotmail.com', 'live.com',
  'msn.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'tutanota.com',
  'tuta.io', 'tutamail.com', 'gmx.com', 'gmx.net', 'gmx.de', 'web.de', 'zoho.com', 'mail.com', 'yandex.ru',
  'yandex.kz', 'yandex.com', 'ya.ru', 'mail.ru', 'bk.ru', 'inbox.ru', 'list.ru', 'internet.ru', 'rambler.ru',
  'mail.kz', 'inbox.kz', 'riseup.net', 'disroot.org', 'posteo.de', 'posteo.net', 'fastmail.com',
]);

export function isFreeMail(domain: string): boolean {
  return freeMailDomains.has(domain.toLowerCase());
}

/**
 * How the contact address relates to the website, by registrable domain (Public Suffix List):
 * ana@mail.hrw.kz and https://news.hrw.kz/ match; ana@ngo.org.kz and https://other.org.kz/ do
 * not, since org.kz is a public suffix.
 */
export function trustSignal(emailDomain: string, website: string | undefined): TrustSignal {
  if (isFreeMail(emailDomain)) return 'free-mail';
  if (!website) return 'no-website';
  const site = getDomain(new URL(website).hostname);
  const mail = getDomain(emailDomain);
  return site && mail && site === mail ? 'domain-match' : 'domain-mismatch';
}

/** Only a confirmed address at the organization's own domain publishes at once; everything else waits for staff. */
export function publishesAtOnce(trust: TrustSignal): boolean {
  return trust === 'domain-match';
}
