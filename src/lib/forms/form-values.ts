/** Fields never written to the flash store: secrets and anti-bot fields are not shown back. */
const neverKept = new Set(['token', 'fax', 'started']);

/** What the visitor typed, to put back in the form after a redirect (text values only, trimmed to size). */
export function keptFormValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form) {
    if (typeof value === 'string' && !neverKept.has(name) && name.length <= 40) values[name] = value.slice(0, 2000);
  }
  return values;
}
