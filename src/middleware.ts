import { getActionContext } from 'astro:actions';
import { defineMiddleware, sequence } from 'astro:middleware';
import { defaultLocale, isLocale, localeFromPath } from '#i18n/locales.ts';
import { getTranslator } from '#i18n/translator.ts';
import { getConfig } from '#lib/config/config.ts';
import { flashLifetimeMs } from '#lib/forms/flash.ts';
import { keptFormValues } from '#lib/forms/form-values.ts';
import { personalResult, publicSuccess } from '#lib/forms/result-parameters.ts';
import { resolveClientAddress } from '#lib/http/client-address.ts';
import { formResults } from '#lib/runtime/form-results.ts';
import { staffOnlyActions } from '#lib/auth/staff-actions.ts';
import { staffCookie, staffFromCookie } from '#lib/runtime/staff.ts';
import { sealSentAddress, sentCookie, sentLifetimeSeconds, sentPagePath } from '#lib/runtime/sent-address.ts';
import type { Locale } from '#i18n/locales.ts';

const flashCookie = 'form-result';
const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Actions whose forms sit on pages behind emailed links and carry the emailed token. */
const tokenActions = new Set(['confirm', 'updateSignature', 'withdrawSignature', 'listAnonymously', 'proveWebsite']);
/** Where each form's page should scroll back to after the redirect. */
const anchors: Record<string, string> = { sign: '#sign', resendVerification: '#resend' };

/** Where a successful sign-up goes next, and the sealed address for that page; undefined for a letter slug that names no page. */
function sentPage(locale: Locale, data: unknown, form: FormData | undefined): { path: string; sealed: string } | undefined {
  const letter = (data as { letter?: unknown } | undefined)?.letter;
  const email = form?.get('email');
  if (typeof letter !== 'string' || !/^[a-z0-9][a-z0-9-]{0,99}$/.test(letter) || typeof email !== 'string') return undefined;
  return { path: sentPagePath(locale, letter), sealed: sealSentAddress(email.trim()) };
}

type FlashPayload = { action: string; result: Parameters<ReturnType<typeof getActionContext>['setActionResult']>[1]; values: Record<string, string> };

/**
 * The page's language and its translator on `locals`, and the client's address (behind
 * TRUST_PROXY proxies, the one the nearest appended); unknown language prefixes are 404s.
 */
const localize = defineMiddleware((context, next) => {
  if (!context.isPrerendered) {
    context.locals.clientAddress = resolveClientAddress(context.clientAddress, context.request.headers.get('x-forwarded-for') ?? undefined, getConfig().trustProxy);
  }
  // The address the reader asked for, also after a rewrite to the 404 page.
  const locale = localeFromPath(context.originPathname);
  context.locals.locale = locale;
  context.locals.t = getTranslator(locale);
  context.locals.formValues = {};
  const { locale: param } = context.params;
  if (param !== undefined && (!isLocale(param) || param === defaultLocale)) {
    return context.rewrite('/404');
  }
  return next();
});

const plainText = (status: number, text: string) => new Response(`${text}\n`, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } });

/** Staff pages that work without a session: the sign-in form and the page behind the emailed link. */
const openStaffPages = new Set(['/admin', '/admin/', '/admin/sign-in', '/admin/sign-in/']);

/**
 * Who is signed in, on `locals.staff`, for every request (actions check it themselves, also when
 * called at /_actions/…). The staff area itself is closed without a session: its pages redirect
 * to the sign-in form, and nothing there is ever stored by a browser or a proxy.
 */
const staffArea = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  context.locals.staff = staffFromCookie(context.cookies.get(staffCookie().name)?.value);
  const action = getActionContext(context).action;
  if (action && staffOnlyActions.has(action.name) && !context.locals.staff) {
    return action.calledFrom === 'rpc' ? plainText(401, 'Sign in to the staff area first.') : context.redirect('/admin/', 303);
  }
  const path = context.url.pathname;
  if (path !== '/admin' && !path.startsWith('/admin/')) return next();
  // The staff area speaks each staff member's language; before sign-in, the one picked with ?lang=.
  const asked = context.url.searchParams.get('lang');
  context.locals.locale = context.locals.staff?.locale ?? (isLocale(asked) ? asked : defaultLocale);
  context.locals.t = getTranslator(context.locals.locale);
  const response = !context.locals.staff && !openStaffPages.has(path) ? context.redirect('/admin/', 303) : await next();
  response.headers.set('Cache-Control', 'no-store');
  response.headers.set('Referrer-Policy', 'no-referrer');
  response.headers.set('X-Robots-Tag', 'noindex, nofollow');
  return response;
});

/**
 * Refuses state-changing requests from other sites. Astro's own check compares with the request's
 * URL, which behind a TLS proxy is http://, so the allowed origin here is SITE_URL's (or the
 * request's own, for direct access); the browser's Sec-Fetch-Site counts as well.
 */
const sameOrigin = defineMiddleware((context, next) => {
  if (context.isPrerendered || !unsafeMethods.has(context.request.method)) return next();
  const origin = context.request.headers.get('origin');
  const fetchSite = context.request.headers.get('sec-fetch-site');
  if (fetchSite === 'same-origin' || origin === getConfig().siteUrl.origin || origin === context.url.origin) return next();
  // Pages behind emailed links send no Referer, so older browsers post from them with
  // `Origin: null`; those forms carry the emailed token, which no other site can know. The
  // exemption follows the action that will actually run: at /_actions/<name> Astro takes the
  // name from the path, whatever ?_action= says.
  if (origin === 'null' && tokenActions.has(getActionContext(context).action?.name ?? '')) return next();
  return new Response('Cross-site form submissions are refused.', { status: 403, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
});

const formTypes = /^(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;

/**
 * Reads an action's body before the action does, so that a body over the size limit, of the wrong
 * type or broken gets a clear 4xx instead of failing deep inside Astro with a 500. Every action
 * here takes a web form, whether posted by a page (?_action=) or called at /_actions/<name>.
 */
const readableActionBody = defineMiddleware(async (context, next) => {
  if (context.isPrerendered || !getActionContext(context).action) return next();
  if (!formTypes.test(context.request.headers.get('content-type') ?? '')) {
    return plainText(415, 'Send the form as a web form (application/x-www-form-urlencoded or multipart/form-data).');
  }
  try {
    context.locals.postedForm = await context.request.clone().formData();
  } catch (error) {
    if (/body size limit/i.test((error as Error).message)) return plainText(413, 'The form is too large to be read.');
    return plainText(400, 'The form could not be read.');
  }
  return next();
});

/**
 * POST/redirect/GET for forms: the action runs on the POST, its result (and what was typed, for
 * re-display) is kept server-side for one read, and the browser is sent back to the page with a
 * 303, so a refresh never submits twice.
 */
const postRedirectGet = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  const { action, setActionResult, serializeActionResult } = getActionContext(context);
  const secure = getConfig().siteUrl.protocol === 'https:';

  if (action?.calledFrom === 'form') {
    // Read by readableActionBody, which runs first for every action.
    const typed = keptFormValues(context.locals.postedForm ?? new FormData());
    const result = await action.handler();
    // A sign-up goes on to its "sent" page, with the address it mailed in a sealed cookie for that page alone.
    const sent = action.name === 'sign' && !result.error ? sentPage(context.locals.locale, result.data, context.locals.postedForm) : undefined;
    if (sent) {
      context.cookies.set(sentCookie, sent.sealed, { httpOnly: true, sameSite: 'lax', secure, path: sent.path, maxAge: sentLifetimeSeconds });
      return context.redirect(sent.path, 303);
    }
    const target = new URL(context.url);
    for (const name of ['_action', 'done', personalResult]) target.searchParams.delete(name);
    if (!result.error && publicSuccess.has(action.name)) {
      target.searchParams.set('done', action.name);
    } else {
      const payload: FlashPayload = { action: action.name, result: serializeActionResult(result), values: result.error ? typed : {} };
      const kept = formResults.keep(payload, context.locals.clientAddress);
      if (kept) context.cookies.set(flashCookie, kept, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: flashLifetimeMs / 1000 });
      target.searchParams.set(personalResult, action.name);
    }
    return context.redirect(`${target.pathname}${target.search}${anchors[action.name] ?? ''}`, 303);
  }

  const done = context.url.searchParams.get('done');
  if (done && publicSuccess.has(done)) setActionResult(done, serializeActionResult({ data: { done: true }, error: undefined }));

  const personal = context.url.searchParams.has(personalResult);
  const cookie = personal ? context.cookies.get(flashCookie)?.value : undefined;
  if (cookie) {
    context.cookies.delete(flashCookie, { path: '/' });
    const flash = formResults.take(cookie) as FlashPayload | undefined;
    if (flash) {
      setActionResult(flash.action, flash.result);
      context.locals.formValues = flash.values;
    }
  }
  const response = await next();
  // A page that may show this visitor's form result, or was rendered for signed-in staff, is
  // theirs alone: nobody may keep it, whatever the page said. Other pages rendered per request
  // may carry private links, so they are not kept unless they say so.
  if (personal || context.locals.staff) {
    context.cache.set(false);
    response.headers.set('Cache-Control', 'no-store');
    response.headers.delete('Expires');
  } else if (!response.headers.has('Cache-Control')) {
    response.headers.set('Cache-Control', 'no-store');
  }
  return response;
});

export const onRequest = sequence(localize, sameOrigin, staffArea, readableActionBody, postRedirectGet);
