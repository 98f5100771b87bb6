import { escapeHtml } from '#lib/http/escape-html.ts';
import type { PublicSignatory } from '#lib/signing/list-signatories.ts';

/** The most a single-file letter may weigh: small enough to pass on by any messenger or USB stick. */
const letterFileMaxBytes = 100_000;

export type LetterFileInput = {
  lang: string;
  title: string;
  recipients: string[];
  /** The letter's body as rendered from its markdown (our own content, trusted). */
  bodyHtml: string;
  signatories: PublicSignatory[];
  /** Whether the list may be shown (false during an embargo). */
  listPublic: boolean;
  text: {
    to: string;
    signatories: string;
    none: string;
    made: string;
    sign?: string;
    more: (count: number) => string;
    anonymous: (country: string) => string;
    country: (code: string) => string;
  };
};

/** The file's only style, inline so the file needs nothing else; the route allows it by its hash. */
export const letterFileStyle =
  ':root{color-scheme:light dark}body{font:1.05rem/1.55 system-ui,sans-serif;max-width:42rem;margin:0 auto;padding:1rem}' +
  'h1{font-size:1.6rem;line-height:1.25}.made{font-size:.9rem;border:1px solid;padding:.5rem .75rem}' +
  'ol{padding-left:1.5rem}li{margin:.15rem 0}@media print{.made{border:0;padding:0}}';

/**
 * The whole letter in one self-contained HTML file: recipients, text and as much of the
 * signatory list as fits under `letterFileMaxBytes`, with a line saying how many more there are
 * and where to see them. No stylesheet, image or script to fetch: it opens from a file during a
 * shutdown.
 */
export function letterFile(input: LetterFileInput): string {
  const { text } = input;
  const head =
    `<!doctype html><html lang="${escapeHtml(input.lang)}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(input.title)}</title>` +
    `<style>${letterFileStyle}</style></head><body><main>` +
    `<p class="made" role="note">${escapeHtml(text.made)}${text.sign ? ` ${escapeHtml(text.sign)}` : ''}</p>` +
    `<h1>${escapeHtml(input.title)}</h1><h2>${escapeHtml(text.to)}</h2><ul>${input.recipients.map((recipient) => `<li>${escapeHtml(recipient)}</li>`).join('')}</ul>` +
    `${input.bodyHtml}<h2>${escapeHtml(text.signatories)}</h2>`;
  const tail = '</main></body></html>\n';
  if (!input.listPublic) return head + tail;
  if (input.signatories.length === 0) return `${head}<p>${escapeHtml(text.none)}</p>${tail}`;

  const encoder = new TextEncoder();
  // Room for the closing tags and the "… and N more" line, whatever N is.
  let budget = letterFileMaxBytes - encoder.encode(head + tail).length - encoder.encode(text.more(input.signatories.length)).length - 64;
  const items: string[] = [];
  for (const entry of input.signatories) {
    const item =
      entry.listing === 'anonymous'
        ? `<li>${escapeHtml(text.anonymous(text.country(entry.country)))}</li>`
        : `<li>${escapeHtml(entry.organization)} (${escapeHtml(text.country(entry.country))})</li>`;
    budget -= encoder.encode(item).length;
    if (budget < 0) break;
    items.push(item);
  }
  const rest = input.signatories.length - items.length;
  return `${head}<ol class="signatories">${items.join('')}</ol>${rest > 0 ? `<p class="more">${escapeHtml(text.more(rest))}</p>` : ''}${tail}`;
}
