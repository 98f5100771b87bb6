import type { MessageKey } from '#i18n/translator.ts';
import type { SigningErrorCode } from './context.ts';

/** What each refusal tells the signer (a dictionary key), and the HTTP-like code an action reports. */
export const signingErrors: Record<SigningErrorCode, { code: 'NOT_FOUND' | 'FORBIDDEN' | 'CONFLICT' | 'BAD_REQUEST'; message: MessageKey }> = {
  'unknown-letter': { code: 'NOT_FOUND', message: 'form.error.unknownLetter' },
  closed: { code: 'FORBIDDEN', message: 'form.error.closed' },
  'invalid-token': { code: 'NOT_FOUND', message: 'token.error.invalid' },
  'expired-token': { code: 'NOT_FOUND', message: 'token.error.expired' },
  'used-token': { code: 'CONFLICT', message: 'token.error.used' },
  'stale-form': { code: 'BAD_REQUEST', message: 'form.error.stale' },
};
