import { parse } from 'node-html-parser';
import type { RunningServer } from './server.ts';
import { linkIn, type SmtpCapture } from './smtp.ts';

export type FormResult = { status: number; location: string | null; html: string };

/**
 * Posts a form the way a browser without JavaScript does: same-origin, urlencoded, then follows
 * the 303 with the result cookie and returns the page it lands on.
 */
export async function submitForm(
  server: RunningServer,
  path: string,
  fields: Record<string, string>,
  options: { origin?: string; headers?: Record<string, string> } = {},
): Promise<FormResult> {
  const response = await server.fetch(path, {
    method: 'POST',
    headers: { Origin: options.origin ?? server.url, 'Content-Type': 'application/x-www-form-urlencoded', ...options.headers },
    body: new URLSearchParams(fields),
  });
  const location = response.headers.get('location');
  if (response.status !== 303 || !location) return { status: response.status, location, html: await response.text() };
  const cookie = response.headers.get('set-cookie')?.split(';')[0] ?? '';
  const landing = await server.fetch(location, { headers: { Cookie: cookie } });
  return { status: response.status, location, html: await landing.text() };
}

/** The hidden `started` stamp of the sign form on a page. */
export async function formStamp(server: RunningServer, path: string): Promise<string> {
  const html = await (await server.fetch(path)).text();
  const stamp = parse(html).querySelector('input[name="started"]')?.getAttribute('value');
  if (!stamp) throw new Error(`no sign form on ${path}`);
  return stamp;
}

export const letterSlug = 'keep-kazakhstan-online';

let counter = 0;
/** A complete, valid sign-up; each call a different organization and address unless overridden. */
export function signUp(overrides: Record<string, string> = {}): Record<string, string> {
  counter += 1;
  return {
    letter: letterSlug,
    organization: `Civic Voice ${counter}`,
    country: 'KZ',
    website: `civicvoice${counter}.kz`,
    orgType: 'ngo',
    statement: 'Access to information saves lives.',
    listing: 'named',
    contactName: `Aigerim Test${counter}`,
    contactRole: 'Director',
    email: `aigerim${counter}@civicvoice${counter}.kz`,
    consent: 'on',
    ...overrides,
  };
}

/** Signs through the letter page's form in a language; returns the page shown after the redirect. */
export async function sign(server: RunningServer, fields: Record<string, string>, locale = ''): Promise<FormResult> {
  const page = `${locale}/letters/${fields.letter ?? letterSlug}/`;
  const started = await formStamp(server, page);
  return submitForm(server, `${page}?_action=sign`, { started, ...fields });
}

/**
 * What a browser would send for a form on a page: every named input, checked box and radio,
 * selected option and textarea, with `changes` typed over them.
 */
export function formFields(html: string, actionIncludes: string): { action: string; fields: Record<string, string> } {
  const form = parse(html)
    .querySelectorAll('form[method="POST"]')
    .find((candidate) => (candidate.getAttribute('action') ?? '').includes(actionIncludes));
  if (!form) throw new Error(`no form posting to …${actionIncludes}… on the page`);
  const fields: Record<string, string> = {};
  for (const input of form.querySelectorAll('input[name]')) {
    const type = input.getAttribute('type') ?? 'text';
    if ((type === 'radio' || type === 'checkbox') && !input.hasAttribute('checked')) continue;
    fields[input.getAttribute('name')!] = input.getAttribute('value') ?? (type === 'checkbox' ? 'on' : '');
  }
  for (const select of form.querySelectorAll('select[name]')) {
    fields[select.getAttribute('name')!] = select.querySelector('option[selected]')?.getAttribute('value') ?? '';
  }
  for (const textarea of form.querySelectorAll('textarea[name]')) fields[textarea.getAttribute('name')!] = textarea.text;
  return { action: form.getAttribute('action')!, fields };
}

/** Opens a page, fills in its form as shown (with `changes`), and submits it like a browser without JavaScript. */
export async function submitPageForm(server: RunningServer, page: URL | string, actionIncludes: string, changes: Record<string, string> = {}): Promise<FormResult> {
  const url = new URL(page, server.url);
  const html = await (await server.fetch(url.pathname + url.search)).text();
  const { action, fields } = formFields(html, actionIncludes);
  const target = new URL(action, url);
  return submitForm(server, target.pathname + target.search, { ...fields, ...changes });
}

/** Signs with `fields` and confirms with the link mailed to their address, as the signer would. */
export async function signAndConfirm(server: RunningServer, smtp: SmtpCapture, fields: Record<string, string>): Promise<void> {
  await sign(server, fields);
  const verify = await smtp.waitFor((mail) => mail.to.includes(fields.email!) && /\/confirm\/\?token=/.test(mail.text));
  await submitPageForm(server, linkIn(verify, '/confirm/'), '_action=confirm');
}
