/**
 * The fields of our forms that are shown back after an error; secrets (the token) and the
 * anti-bot fields never are. Anything else a POST carries is dropped.
 */
const shownBack = new Set(['letter', 'organization', 'country', 'website', 'orgType', 'statement', 'listing', 'contactName', 'contactRole', 'email', 'consent']);
/** Longer than any field accepts (the website, 300), so nothing valid is cut. */
const longestKept = 320;

/** What the visitor typed, to put back in the form after a redirect: our fields only, trimmed to size. */
export function keptFormValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form) {
    if (typeof value === 'string' && shownBack.has(name)) values[name] = value.slice(0, longestKept);
  }
  return values;
}
