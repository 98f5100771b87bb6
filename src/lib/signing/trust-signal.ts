import { getDomain } from 'tldts';
import { isMailProvider } from './mail-providers.ts';
import type { TrustSignal } from './vocabulary.ts';

/**
 * How the contact address relates to the website, by registrable domain (Public Suffix List):
 * ana@mail.hrw.kz and https://news.hrw.kz/ match; ana@ngo.org.kz and https://other.org.kz/ do
 * not, since org.kz is a public suffix. An address at a mail provider matches nothing.
 */
export function trustSignal(emailDomain: string, website: string | undefined): TrustSignal {
  if (isMailProvider(emailDomain)) return 'free-mail';
  if (!website) return 'no-website';
  const site = getDomain(new URL(website).hostname);
  const mail = getDomain(emailDomain);
  return site && mail && site === mail ? 'domain-match' : 'domain-mismatch';
}
