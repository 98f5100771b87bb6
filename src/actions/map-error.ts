import { ActionError } from 'astro:actions';
import { AuthError } from '#lib/auth/context.ts';
import { DeliveryError } from '#lib/delivery/deliver-letter.ts';
import { ModerationError } from '#lib/moderation/edit-entry.ts';
import { SigningError } from '#lib/signing/context.ts';
import { LifecycleError } from '#lib/signing/lifecycle.ts';
import { signingErrors } from '#lib/signing/error-messages.ts';
import { log } from '#lib/log/logger.ts';

const authErrors = {
  'invalid-link': { code: 'NOT_FOUND', message: 'token.error.invalid' },
  'expired-link': { code: 'NOT_FOUND', message: 'token.error.expired' },
  'used-link': { code: 'CONFLICT', message: 'token.error.used' },
} as const;

/**
 * Runs a domain verb and turns its refusals into ActionErrors whose message is a dictionary key,
 * so the page can say what went wrong in the reader's language. Anything else is a bug: it is
 * logged and answered with a generic message, never a stack trace.
 */
export async function callDomain<T>(verb: () => T | Promise<T>): Promise<T> {
  try {
    return await verb();
  } catch (error) {
    if (error instanceof ActionError) throw error;
    if (error instanceof SigningError) throw new ActionError(signingErrors[error.code]);
    if (error instanceof AuthError) throw new ActionError(authErrors[error.code]);
    // Staff-only refusals, each as the staff area's words for it (admin.* in src/i18n).
    if (error instanceof ModerationError) throw new ActionError({ code: 'CONFLICT', message: `admin.entry.error.${error.code}` });
    if (error instanceof DeliveryError) throw new ActionError({ code: 'CONFLICT', message: `admin.deliver.refused.${error.code}` });
    if (error instanceof LifecycleError) throw new ActionError({ code: 'CONFLICT', message: 'admin.entry.notApplicable' });
    log.error('action.failed', { error });
    throw new ActionError({ code: 'INTERNAL_SERVER_ERROR', message: 'form.error.unexpected' });
  }
}
