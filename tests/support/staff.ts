import { parse } from 'node-html-parser';
import { formFields } from './forms.ts';
import type { RunningServer } from './server.ts';
import { linkIn, type SmtpCapture } from './smtp.ts';

/** The session cookie's name on a plain-http test server (https would add the __Host- prefix). */
export const staffCookieName = 'undersigned-staff';

/** Posts a form with a cookie and returns the raw answer (status, Location, any new cookie), without following it. */
export async function postAs(server: RunningServer, cookie: string, path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
  const response = await server.fetch(path, { method: 'POST', headers: { Origin: server.url, Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
  const setCookie = response.headers.getSetCookie().map((line) => line.split(';')[0]!);
  return { status: response.status, location: response.headers.get('location'), setCookie, text: await response.text() };
}

/** GETs a page as the holder of `cookie`, following the result cookie of a form if given. */
export async function getAs(server: RunningServer, cookie: string, path: string) {
  const response = await server.fetch(path, { headers: { Cookie: cookie } });
  return { status: response.status, location: response.headers.get('location'), headers: response.headers, text: await response.text() };
}

let office = 0;

/**
 * Signs in as a browser would: asks for a link at /admin/, opens the mailed link and presses
 * "Sign in". Returns the session cookie as a Cookie header. Each sign-in comes from an address
 * of its own (the server must trust one proxy), as staff in different places would.
 */
export async function signInAs(server: RunningServer, smtp: SmtpCapture, email: string): Promise<string> {
  const signInMails = () => smtp.received.filter((mail) => mail.to.includes(email) && mail.text.includes('/admin/sign-in/?token='));
  const before = signInMails().length;
  await postAs(server, '', '/admin/?_action=requestStaffSignIn', { email }, { 'X-Forwarded-For': `203.0.113.${(office++ % 250) + 1}` });
  const mail = await smtp.waitFor((candidate) => signInMails().indexOf(candidate) >= before);
  const link = linkIn(mail, '/admin/sign-in/');
  const page = await getAs(server, '', link.pathname + link.search);
  const { action, fields } = formFields(page.text, '_action=staffSignIn');
  const answer = await postAs(server, '', action, fields);
  const session = answer.setCookie.find((cookie) => cookie.startsWith(`${staffCookieName}=`));
  if (!session) throw new Error(`sign-in set no session cookie (status ${answer.status})`);
  return session;
}

/** The text of an element on a page, for assertions. */
export const textOf = (html: string, selector: string) => parse(html).querySelector(selector)?.text.trim();
