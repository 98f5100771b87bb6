import { defineMiddleware } from 'astro:middleware';
import { defaultLocale, isLocale, localeFromPath } from '#i18n/locales.ts';
import { getTranslator } from '#i18n/translator.ts';

/** Puts the page's language and its translator on `locals`; unknown language prefixes are 404s. */
export const onRequest = defineMiddleware((context, next) => {
  const locale = localeFromPath(context.url.pathname);
  context.locals.locale = locale;
  context.locals.t = getTranslator(locale);
  const { locale: param } = context.params;
  if (param !== undefined && (!isLocale(param) || param === defaultLocale)) {
    return context.rewrite('/404');
  }
  return next();
});
