import { defineAction } from 'astro:actions';
import { getConfig } from '#lib/config/config.ts';
import { log } from '#lib/log/logger.ts';
import { signingContext } from '#lib/runtime/signing-context.ts';
import { confirmSignature } from '#lib/signing/confirm-signature.ts';
import { resendVerification } from '#lib/signing/resend-verification.ts';
import { listAnonymously, updateSignature, withdrawSignature } from '#lib/signing/manage-signature.ts';
import { proveWebsite } from '#lib/signing/prove-website.ts';
import { signLetter } from '#lib/signing/sign-letter.ts';
import { confirmInput, resendInput, signInput, tokenInput, updateInput } from '#lib/signing/sign-input.ts';
import { callDomain } from './map-error.ts';
import { staffActions } from './staff.ts';

/** Forms that work without JavaScript; each validates with zod and calls one domain verb. */
export const server = {
  ...staffActions,
  sign: defineAction({
    accept: 'form',
    input: signInput,
    handler: (input, context) =>
      callDomain(async () => {
        const signing = await signingContext();
        const request = { ip: context.locals.clientAddress, locale: context.locals.locale, minSeconds: getConfig().signMinSeconds };
        const outcome = await signLetter(signing, input, request);
        log.info('signature.received', { letter: input.letter, outcome });
        return { letter: input.letter };
      }),
  }),

  resendVerification: defineAction({
    accept: 'form',
    input: resendInput,
    handler: (input, context) =>
      callDomain(async () => {
        const signing = await signingContext();
        const outcome = await resendVerification(signing, input, context.locals.clientAddress);
        log.info('verification.resend', { letter: input.letter, outcome });
        return { letter: input.letter };
      }),
  }),

  confirm: defineAction({
    accept: 'form',
    input: confirmInput,
    handler: (input) => callDomain(async () => confirmSignature(await signingContext(), input)),
  }),

  updateSignature: defineAction({
    accept: 'form',
    input: updateInput,
    handler: (input) =>
      callDomain(async () => {
        const entry = updateSignature(await signingContext(), input);
        return { saved: true, inReview: entry.status === 'verified' };
      }),
  }),

  listAnonymously: defineAction({
    accept: 'form',
    input: tokenInput,
    handler: ({ token }) =>
      callDomain(async () => {
        listAnonymously(await signingContext(), token);
        return { anonymous: true };
      }),
  }),

  proveWebsite: defineAction({
    accept: 'form',
    input: tokenInput,
    handler: ({ token }, context) => callDomain(async () => proveWebsite(await signingContext(), token, context.locals.clientAddress)),
  }),

  withdrawSignature: defineAction({
    accept: 'form',
    input: tokenInput,
    handler: ({ token }) => callDomain(async () => withdrawSignature(await signingContext(), token)),
  }),
};
