/**
 * Takes secrets and personal data out of text bound for a log line or a stored error: emailed
 * tokens (as `token=` values, as the query of a /confirm or /manage link, or bare), and email
 * addresses. A log is copied around more freely than the database, so it must never hold either.
 */
const privateLinkQuery = /(\/(?:[a-z]{2}\/)?(?:confirm|manage)\/?)\?[^\s"'<>)]*/g;
const tokenParameter = /([?&;]token=)[^\s&"'<>)]*/gi;
/** Emailed tokens are exactly 43 URL-safe base64 characters (256 bits). */
const bareToken = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])/g;
const emailAddress = /[^\s@<>"'(),;:[\]]+@[^\s@<>"'(),;:[\]]+\.[^\s@<>"'(),;:[\]]+/g;

export function redactText(text: string): string {
  return text
    .replace(privateLinkQuery, '$1?[redacted]')
    .replace(tokenParameter, '$1[redacted]')
    .replace(bareToken, '[redacted]')
    .replace(emailAddress, '[address]');
}

/** The same for every string inside a log record; Error objects are left to the error serializer. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value && typeof value === 'object' && !(value instanceof Error) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, redactValue(inner)]));
  }
  if (value instanceof URL) return redactText(value.href);
  return value;
}
