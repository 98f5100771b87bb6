import { ActionError } from 'astro:actions';
import { SigningError } from '#lib/signing/context.ts';
import { signingErrors } from '#lib/signing/error-messages.ts';
import { log } from '#lib/log/logger.ts';

/**
 * Runs a domain verb and turns its refusals into ActionErrors whose message is a dictionary key,
 * so the page can say what went wrong in the reader's language. Anything else is a bug: it is
 * logged and answered with a generic message, never a stack trace.
 */
export async function callDomain<T>(verb: () => T | Promise<T>): Promise<T> {
  try {
    return await verb();
  } catch (error) {
    if (error instanceof SigningError) throw new ActionError(signingErrors[error.code]);
    log.error('action.failed', { error });
    throw new ActionError({ code: 'INTERNAL_SERVER_ERROR', message: 'form.error.unexpected' });
  }
}
