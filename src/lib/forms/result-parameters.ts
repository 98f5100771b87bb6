/**
 * Where a form's result travels after its POST/redirect/GET (see src/middleware.ts).
 *
 * Actions whose success looks the same to everyone ("check your email", whatever happened) put it
 * in the redirect's address, `?done=<action>`: the page after it costs no write and can be kept
 * for everyone. Any other result is one visitor's own (errors with what they typed, a staff
 * decision): it is kept server-side for one read behind a cookie, and the redirect carries
 * `?result=<action>`. A page with that parameter is never kept, and so never answered from a kept
 * copy: the route cache decides before any middleware runs, by address alone.
 */
export const publicSuccess = new Set(['sign', 'resendVerification', 'requestStaffSignIn']);
export const personalResult = 'result';

/** The result parameters a page with a form accepts, for canonicalAddress(). */
export const formResultParameters = {
  done: (value: string) => publicSuccess.has(value),
  [personalResult]: (value: string) => /^[A-Za-z]{1,40}$/.test(value),
};
