import { isInputError } from 'astro:actions';
import { isMessageKey, type MessageKey } from '#i18n/translator.ts';

export type FormErrors = { fields: Record<string, MessageKey | undefined>; general?: MessageKey };

/**
 * An action's error as the page shows it: one message per field, and a general one for what
 * belongs to no field (an unknown field, a closed letter, a server fault). Every message is a
 * dictionary key; anything else becomes "the form could not be read".
 */
export function formErrors(error: unknown): FormErrors {
  if (!error) return { fields: {} };
  if (isInputError(error)) {
    const fields: FormErrors['fields'] = {};
    for (const [name, messages] of Object.entries(error.fields as Record<string, string[] | undefined>)) {
      const [first] = messages ?? [];
      fields[name] = isMessageKey(first) ? first : 'form.error.invalid';
    }
    const unplaced = error.issues.some((issue) => issue.path.length === 0);
    return unplaced ? { fields, general: 'form.error.invalid' } : { fields };
  }
  const message = (error as { message?: unknown }).message;
  return { fields: {}, general: isMessageKey(message) ? message : 'form.error.unexpected' };
}
