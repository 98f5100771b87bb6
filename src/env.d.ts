/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The page's language, from the URL prefix (none = English). */
    locale: import('./i18n/locales.ts').Locale;
    /** Translates UI strings into `locale`. */
    t: import('./i18n/translator.ts').Translator;
    /** What the visitor typed into the form they just submitted, when it came back with errors. */
    formValues: Record<string, string>;
    /** The form an action was posted with, read once by the middleware (the action reads its own copy). */
    postedForm: FormData | undefined;
    /** The client's address: the socket's peer, or what a trusted proxy appended to X-Forwarded-For (see client-address.ts). */
    clientAddress: string;
    /** The signed-in staff member, from a valid session cookie; undefined for everyone else. */
    staff: import('./lib/auth/context.ts').Staff | undefined;
  }
}
