import type { MessageKey } from '#i18n/translator.ts';
import { SigningError, type SigningContext } from '#lib/signing/context.ts';
import { signingErrors } from '#lib/signing/error-messages.ts';
import { tokenPattern } from '#lib/crypto/tokens.ts';
import { signingContext } from './signing-context.ts';

/**
 * Reads what an emailed link opens (without using it up), for the GET pages behind the links.
 * A malformed, unknown, used or expired token comes back as the message to show instead.
 */
export async function openLink<T>(token: string | null, read: (context: SigningContext, token: string) => T): Promise<{ value: T } | { error: MessageKey }> {
  if (!token || !tokenPattern.test(token)) return { error: 'token.error.invalid' };
  try {
    return { value: read(await signingContext(), token) };
  } catch (error) {
    if (error instanceof SigningError) return { error: signingErrors[error.code].message };
    throw error;
  }
}
