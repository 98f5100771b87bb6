import type { Signature } from '#db/schema/index.ts';
import { isLocale, type Locale } from '#i18n/locales.ts';
import type { MailVars } from '#lib/mail/render-mail.ts';
import type { LetterInfo, SigningContext } from './context.ts';

export function signatureLocale(signature: Pick<Signature, 'locale'>): Locale {
  return isLocale(signature.locale) ? signature.locale : 'en';
}

/** The words every signing mail fills in, in the signer's language. */
export function mailVars(
  context: Pick<SigningContext, 'siteUrl' | 'campaign'>,
  letter: LetterInfo,
  signature: Pick<Signature, 'organization'>,
  locale: Locale,
  extra: Partial<MailVars> = {},
): MailVars {
  return {
    organization: signature.organization,
    letter: letter.title[locale],
    campaign: context.campaign.name[locale],
    site: context.siteUrl.host,
    contact: context.campaign.contactEmail,
    ...extra,
  };
}
