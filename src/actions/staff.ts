import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import { z } from 'zod';
import type { Staff } from '#lib/auth/context.ts';
import { requestSignIn } from '#lib/auth/request-sign-in.ts';
import { endSession } from '#lib/auth/session.ts';
import { setStaffPreferences } from '#lib/auth/staff-preferences.ts';
import { locales } from '#i18n/locales.ts';
import { signIn } from '#lib/auth/sign-in.ts';
import { recordAction } from '#lib/audit/record-action.ts';
import { deliverLetter } from '#lib/delivery/deliver-letter.ts';
import { log } from '#lib/log/logger.ts';
import { editEntry } from '#lib/moderation/edit-entry.ts';
import { decisions, moderate, moderateMatching, rejectionReasons } from '#lib/moderation/moderate.ts';
import { readFilters } from '#lib/moderation/filters.ts';
import { signingContext } from '#lib/runtime/signing-context.ts';
import { authContext, staffCookie } from '#lib/runtime/staff.ts';
import { publicFields, tokenField } from '#lib/signing/sign-input.ts';
import { callDomain } from './map-error.ts';

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/);
const note = z.string().trim().max(1000).optional();

/**
 * The signed-in staff member, or a refusal. Middleware keeps the staff pages closed, but actions
 * are also public at /_actions/<name>, so each staff action calls this before it does anything.
 */
function requireStaff(context: ActionAPIContext): Staff {
  const staff = context.locals.staff;
  if (!staff) throw new ActionError({ code: 'UNAUTHORIZED', message: 'admin.error.session' });
  return staff;
}

/** The staff area's forms: sign-in by emailed link, sessions, moderation, corrections, delivery. */
export const staffActions = {
  requestStaffSignIn: defineAction({
    accept: 'form',
    input: z.strictObject({ email: z.string().trim().max(254).pipe(z.email({ error: 'form.error.email' })), locale: z.enum(locales).optional() }),
    handler: ({ email, locale }, context) =>
      callDomain(async () => {
        const outcome = requestSignIn(await authContext(), email, context.locals.clientAddress, locale);
        log.info('staff.sign_in_requested', { outcome });
        return { requested: true };
      }),
  }),

  staffSignIn: defineAction({
    accept: 'form',
    input: z.strictObject({ token: tokenField, locale: z.enum(locales).optional() }),
    handler: ({ token, locale }, context) =>
      callDomain(async () => {
        const auth = await authContext();
        const { email, cookie } = signIn(auth, token, context.request.headers.get('user-agent') ?? '', locale);
        const { name, options } = staffCookie();
        context.cookies.set(name, cookie, options);
        recordAction(auth.db, { at: auth.now, staff: email, action: 'sign-in' });
        return { email };
      }),
  }),

  signOut: defineAction({
    accept: 'form',
    input: z.strictObject({}),
    handler: (_input, context) =>
      callDomain(async () => {
        const staff = requireStaff(context);
        const auth = await authContext();
        endSession(auth.db, staff, staff.sessionId);
        recordAction(auth.db, { at: auth.now, staff: staff.email, action: 'sign-out' });
        context.cookies.delete(staffCookie().name, { path: '/' });
        return { signedOut: true };
      }),
  }),

  setStaffPreferences: defineAction({
    accept: 'form',
    input: z.strictObject({ locale: z.enum(locales), dailyDigest: z.literal('on').optional() }),
    handler: ({ locale, dailyDigest }, context) =>
      callDomain(async () => {
        const staff = requireStaff(context);
        setStaffPreferences((await authContext()).db, staff.email, { locale, dailyDigest: dailyDigest === 'on' });
        return { saved: true };
      }),
  }),

  endSession: defineAction({
    accept: 'form',
    input: z.strictObject({ session: z.string().regex(/^[0-9a-f]{64}$/) }),
    handler: ({ session }, context) =>
      callDomain(async () => {
        const staff = requireStaff(context);
        const auth = await authContext();
        const ended = endSession(auth.db, staff, session);
        if (ended) recordAction(auth.db, { at: auth.now, staff: staff.email, action: 'end-session' });
        return { ended };
      }),
  }),

  moderate: defineAction({
    accept: 'form',
    input: z
      .strictObject({
        letter: slug,
        ids: z.array(z.coerce.number().int().positive()).max(500).default([]),
        /** One decision for the ticked entries. */
        decision: z.enum(decisions).optional(),
        /** Or: approve or reject every entry the queue's filter (a query string) matches. */
        all: z.enum(['approve', 'reject']).optional(),
        filter: z.string().max(1000).optional(),
        /** The newest matching entry the page showed; "all" decides none newer. */
        upTo: z.coerce.number().int().nonnegative().default(0),
        reason: z.union([z.enum(rejectionReasons), z.literal('').transform(() => undefined)]).optional(),
        note,
      })
      .refine((input) => input.all || (input.decision && input.ids.length > 0), { error: 'admin.queue.error.choose', path: ['ids'] }),
    handler: ({ all, filter, decision, ...input }, context) =>
      callDomain(async () => {
        const staff = requireStaff(context);
        const signing = await signingContext();
        return all
          ? moderateMatching(signing, staff, { ...input, decision: all, filters: readFilters(new URLSearchParams(filter ?? '')) })
          : moderate(signing, staff, { ...input, decision: decision! });
      }),
  }),

  editSignature: defineAction({
    accept: 'form',
    input: z.strictObject({ id: z.coerce.number().int().positive(), ...publicFields, note }),
    handler: ({ id, ...fields }, context) =>
      callDomain(async () => {
        const staff = requireStaff(context);
        editEntry(await signingContext(), staff, id, fields);
        return { saved: true };
      }),
  }),

  deliverLetter: defineAction({
    accept: 'form',
    input: z.strictObject({
      letter: slug,
      deliveredOn: z.iso.date({ error: 'admin.deliver.error.date' }),
      recipients: z.array(z.coerce.number().int().min(0).max(100)).min(1, { error: 'admin.deliver.error.recipients' }).max(100),
      backlog: z.literal('without').optional(),
      note,
    }),
    handler: ({ deliveredOn, ...input }, context) =>
      callDomain(async () => {
        const staff = requireStaff(context);
        return deliverLetter(await signingContext(), staff, { ...input, deliveredOn: new Date(`${deliveredOn}T00:00:00Z`) });
      }),
  }),
};
