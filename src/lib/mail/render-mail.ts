import type { Locale } from '#i18n/locales.ts';
import { escapeHtml } from '#lib/http/escape-html.ts';
import { getTranslator, type MessageKey } from '#i18n/translator.ts';

export type MailKind = 'verify' | 'confirmed' | 'already-signed' | 'approved' | 'rejected' | 'delivered' | 'delivered-without' | 'staff-sign-in' | 'staff-digest';

/**
 * What a mail may say. Typed text (the organization) is only ever quoted in the body as what was
 * typed, never put in the subject or a greeting, where it would read as the campaign's own words.
 */
export type MailVars = {
  /** The organization as typed on the form. */
  organization?: string;
  letter?: string;
  campaign: string;
  site: string;
  contact?: string;
  /** For `delivered`: when and to whom, and where the list as delivered can be checked. */
  date?: string;
  recipients?: string;
  /** The private link the mail carries, when it has one. */
  link?: string;
  /** For `confirmed`: whether the entry is public now or awaits review. */
  published?: boolean;
  /** For `rejected`: why, in the signer's words (a sentence), or empty. */
  reason?: string;
  /** For `staff-digest`: how many entries wait, and since when. */
  count?: number;
  since?: string;
};

export type RenderedMail = { subject: string; text: string; html: string };

type Paragraph = { text: string } | { link: string };

/** How much of a typed organization name a mail quotes: the form allows 200 characters, a spammer's sentence included. */
export const quotedNameLength = 80;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The first 80 characters of a typed name (whole letters, emoji and accents included), with an ellipsis when cut. */
export function quotedName(name: string): string {
  const letters = Array.from(graphemes.segment(name), (part) => part.segment);
  return letters.length <= quotedNameLength ? name : `${letters.slice(0, quotedNameLength).join('').trimEnd()}…`;
}

/** Which paragraphs each mail has, as dictionary keys; a link paragraph is the mail's private link. */
function paragraphs(kind: MailKind, vars: MailVars): { subject: MessageKey; body: (MessageKey | 'link')[]; footer?: MessageKey } {
  switch (kind) {
    case 'delivered':
      return { subject: 'mail.delivered.subject', body: ['mail.delivered.body', 'link', 'mail.delivered.thanks'] };
    case 'staff-sign-in':
      return { subject: 'mail.staffSignIn.subject', body: ['mail.staffSignIn.body', 'link', 'mail.staffSignIn.ignore'], footer: 'mail.staffSignIn.footer' };
    case 'verify':
      return { subject: 'mail.verify.subject', body: ['mail.verify.intro', 'mail.verify.action', 'link', 'mail.verify.ignore'] };
    case 'confirmed':
      return {
        subject: 'mail.confirmed.subject',
        body: [vars.published ? 'mail.confirmed.published' : 'mail.confirmed.review', 'mail.manage.action', 'link', 'mail.manage.keep'],
      };
    case 'approved':
      return { subject: 'mail.approved.subject', body: ['mail.approved.body', 'link', 'mail.delivered.thanks'] };
    case 'rejected':
      return { subject: 'mail.rejected.subject', body: vars.reason ? ['mail.rejected.body', 'mail.rejected.because', 'mail.rejected.contact'] : ['mail.rejected.body', 'mail.rejected.contact'] };
    case 'delivered-without':
      return { subject: 'mail.delivered.subject', body: ['mail.deliveredWithout.body', 'link', 'mail.deliveredWithout.after'] };
    case 'staff-digest':
      return { subject: 'mail.staffDigest.subject', body: ['mail.staffDigest.body', 'link', 'mail.staffDigest.off'], footer: 'mail.staffSignIn.footer' };
    case 'already-signed':
      return { subject: 'mail.already.subject', body: ['mail.already.body', 'mail.manage.action', 'link', 'mail.manage.keep'] };
  }
}

/** A mail in the signer's language: plain text, and the same words as simple HTML with no images or tracking. */
export function renderMail(kind: MailKind, locale: Locale, vars: MailVars): RenderedMail {
  const t = getTranslator(locale);
  const { published: _published, ...words } = vars;
  const values = { organization: '', letter: '', contact: '', date: '', recipients: '', reason: '', count: 0, since: '', ...words, link: vars.link ?? '' };
  values.organization = quotedName(values.organization);
  const layout = paragraphs(kind, vars);
  const body: Paragraph[] = [
    { text: t('mail.greeting') },
    ...layout.body.map((key): Paragraph => (key === 'link' ? { link: vars.link ?? '' } : { text: t(key, values) })),
    { text: t('mail.signoff', values) },
    { text: t(layout.footer ?? 'mail.footer', values) },
  ];
  const text = body.map((part) => ('link' in part ? part.link : part.text)).join('\n\n') + '\n';
  const html =
    `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;line-height:1.5;max-width:36rem">` +
    body
      .map((part) =>
        'link' in part
          ? `<p><a href="${escapeHtml(part.link)}" style="font-weight:bold">${escapeHtml(part.link)}</a></p>`
          : `<p>${escapeHtml(part.text)}</p>`,
      )
      .join('') +
    '</body></html>';
  return { subject: t(layout.subject, values), text, html };
}
