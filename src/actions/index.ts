import { defineAction } from 'astro:actions';
import { getConfig } from '#lib/config/config.ts';
import { currentClientAddress } from '#lib/http/client-address.ts';
import { log } from '#lib/log/logger.ts';
import { publicPagesChanged } from '#lib/runtime/public-pages.ts';
import { signingContext } from '#lib/runtime/signing-context.ts';
import { batchedWrite } from '#lib/runtime/write-batch.ts';
import { confirmSignature } from '#lib/signing/confirm-signature.ts';
import { resendVerification } from '#lib/signing/resend-verification.ts';
import { listAnonymously, updateSignature, withdrawSignature } from '#lib/signing/manage-signature.ts';
import { signLetter } from '#lib/signing/sign-letter.ts';
import { confirmInput, resendInput, signInput, tokenInput, updateInput } from '#lib/signing/sign-input.ts';
import { callDomain } from './map-error.ts';
import { staffActions } from './staff.ts';

const clientIp = (context: { clientAddress: string }) => currentClientAddress(context.clientAddress);

/** Forms that work without JavaScript; each validates with zod and calls one domain verb. */
export const server = {
  ...staffActions,
  sign: defineAction({
    accept: 'form',
    input: signInput,
    handler: (input, context) =>
      callDomain(async () => {
        const signing = await signingContext();
        const request = { ip: clientIp(context), locale: context.locals.locale, minSeconds: getConfig().signMinSeconds };
        const outcome = await batchedWrite(() => signLetter(signing, input, request));
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
        const outcome = await batchedWrite(() => resendVerification(signing, input, clientIp(context)));
        log.info('verification.resend', { letter: input.letter, outcome });
        return { letter: input.letter };
      }),
  }),

  confirm: defineAction({
    accept: 'form',
    input: confirmInput,
    handler: (input) =>
      callDomain(async () => {
        const confirmation = confirmSignature(await signingContext(), input);
        publicPagesChanged(confirmation.letter);
        return confirmation;
      }),
  }),

  updateSignature: defineAction({
    accept: 'form',
    input: updateInput,
    handler: (input) =>
      callDomain(async () => {
        const entry = updateSignature(await signingContext(), input);
        publicPagesChanged(entry.letter);
        return { saved: true };
      }),
  }),

  listAnonymously: defineAction({
    accept: 'form',
    input: tokenInput,
    handler: ({ token }) =>
      callDomain(async () => {
        const entry = listAnonymously(await signingContext(), token);
        publicPagesChanged(entry.letter);
        return { anonymous: true };
      }),
  }),

  withdrawSignature: defineAction({
    accept: 'form',
    input: tokenInput,
    handler: ({ token }) =>
      callDomain(async () => {
        const withdrawn = withdrawSignature(await signingContext(), token);
        publicPagesChanged(withdrawn.letter);
        return withdrawn;
      }),
  }),
};
