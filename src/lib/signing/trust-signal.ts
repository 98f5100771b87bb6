import type { TrustSignal } from '#db/schema/signatures.ts';

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

function registrableHost(url: string): string {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/**
 * Whether the contact address belongs to the website's domain (ana@hrw.kz for hrw.kz or
 * news.hrw.kz): a cheap signal against impersonation, shown to staff only.
 */
export function trustSignal(emailDomain: string, website: string | undefined): TrustSignal {
  if (isFreeMail(emailDomain)) return 'free-mail';
  if (!website) return 'no-website';
  const host = registrableHost(website);
  const domain = emailDomain.toLowerCase();
  const related = host === domain || host.endsWith(`.${domain}`) || domain.endsWith(`.${host}`);
  return related ? 'domain-match' : 'domain-mismatch';
}
