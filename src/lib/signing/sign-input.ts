import { z } from 'zod';
import { listings, orgTypes } from './vocabulary.ts';
import { isCountryCode } from '#lib/countries/countries.ts';
import { tokenPattern } from '#lib/crypto/tokens.ts';
import { hasInvisibleCharacters, hasMixedScriptWord } from './look-alikes.ts';
import { hasWebAddress } from './web-address.ts';

/**
 * Error messages are dictionary keys (src/i18n), so the page shows each one next to its field
 * in the reader's language.
 */
export const fieldErrors = {
  required: 'form.error.required',
  tooLong: 'form.error.tooLong',
  control: 'form.error.control',
  markup: 'form.error.markup',
  formula: 'form.error.formula',
  webAddress: 'form.error.webAddress',
  invisible: 'form.error.invisible',
  mixedScript: 'form.error.mixedScript',
  email: 'form.error.email',
  website: 'form.error.website',
  choice: 'form.error.choice',
  consent: 'form.error.consent',
} as const;

// Control characters (newlines aside, where allowed) and bidirectional overrides, which can make
// a name display as something else.
const controlCharacters = /[\u0000-\u0009\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;
const lineBreaks = /[\r\n]/;
const markup = /[<>]/;
/**
 * What a spreadsheet runs as a formula (see src/lib/export/csv.ts, which escapes such cells in
 * every CSV anyway). Checked after trimming, so a leading tab or CR is already gone.
 */
const formulaStart = /^[=+\-@\t\r]/;

/** Text that a spreadsheet opening an export would not run: refused at input, escaped at output. */
const noFormula = <T extends z.ZodType<string | undefined>>(schema: T) =>
  schema.refine((value) => !value || !formulaStart.test(value), { error: fieldErrors.formula });

function plainText(max: number, { multiline = false } = {}) {
  return z
    .string({ error: fieldErrors.required })
    .trim()
    .max(max, { error: fieldErrors.tooLong })
    .refine((value) => !controlCharacters.test(value) && (multiline || !lineBreaks.test(value)), { error: fieldErrors.control })
    .refine((value) => !markup.test(value), { error: fieldErrors.markup });
}

const required = (max: number) => plainText(max).refine((value) => value.length > 0, { error: fieldErrors.required });

/**
 * A name people will read as an organization's or a person's: besides plain text, no invisible
 * characters and no word that mixes alphabets, the two ways to make a fake look identical.
 */
const name = (max: number) =>
  noFormula(
    required(max)
      .refine((value) => !hasInvisibleCharacters(value), { error: fieldErrors.invisible })
      .refine((value) => !hasMixedScriptWord(value), { error: fieldErrors.mixedScript }),
  );

/** "ngo.kz" → "https://ngo.kz/"; undefined when empty; null when it is not a web address. */
export function normalizeWebsite(value: string | undefined): string | undefined | null {
  if (!value) return undefined;
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`);
    const valid = (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') && !url.username && !url.password;
    return valid ? url.href : null;
  } catch {
    return null;
  }
}

// `.optional()` outermost, so a field missing from the form (not just empty) is accepted too.
const optionalText = (max: number, options?: { multiline?: boolean }) =>
  noFormula(plainText(max, options))
    .transform((value) => value || undefined)
    .optional();

/** The fields an organization shows publicly; the sign form and the manage form share them. */
export const publicFields = {
  // Quoted in mails to the address typed with it: no link a mail program would make clickable.
  organization: name(200).refine((value) => !hasWebAddress(value), { error: fieldErrors.webAddress }),
  country: z.string({ error: fieldErrors.choice }).refine(isCountryCode, { error: fieldErrors.choice }),
  website: plainText(300)
    .transform(normalizeWebsite)
    .refine((value) => value !== null, { error: fieldErrors.website })
    .transform((value) => value ?? undefined)
    .optional(),
  orgType: z.enum(orgTypes, { error: fieldErrors.choice }),
  statement: optionalText(280, { multiline: true }),
  listing: z.enum(listings, { error: fieldErrors.choice }),
};

const publicFieldsSchema = z.object(publicFields);
export type PublicFieldsInput = z.output<typeof publicFieldsSchema>;

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/);

/** Who at the organization confirmed: never public; staff see it, and the holder of the address decides it. */
const contactFields = { contactName: name(120), contactRole: name(120) };

/** The sign form. Unknown fields are refused (strict), so nothing unexpected is ever stored. */
export const signInput = z.strictObject({
  letter: slug,
  ...publicFields,
  ...contactFields,
  email: z
    .string({ error: fieldErrors.required })
    .trim()
    .max(254, { error: fieldErrors.tooLong })
    .pipe(z.email({ error: fieldErrors.email })),
  consent: z.literal('on', { error: fieldErrors.consent }),
  /** Honeypot: hidden from people, filled in by bots. */
  fax: z.string().max(200).optional(),
  /** When the form was rendered, signed by the server (see form-timestamp.ts). */
  started: z.string().max(200).optional(),
});
export type SignInput = z.output<typeof signInput>;

export const tokenField = z.string().regex(tokenPattern);

/** The manage form: the same public fields, and the private token from the email. */
export const updateInput = z.strictObject({ token: tokenField, ...publicFields });
export type UpdateInput = z.output<typeof updateInput>;

export const tokenInput = z.strictObject({ token: tokenField });

/**
 * The confirm form: the token from the email, the public fields as the confirmer left them, and
 * the contact name and role, which whoever typed the sign-up chose until the holder of the
 * address confirms.
 */
export const confirmInput = z.strictObject({ token: tokenField, ...publicFields, ...contactFields });
export type ConfirmInput = z.output<typeof confirmInput>;

export const resendInput = z.strictObject({
  letter: slug,
  email: z
    .string({ error: fieldErrors.required })
    .trim()
    .max(254, { error: fieldErrors.tooLong })
    .pipe(z.email({ error: fieldErrors.email })),
});
