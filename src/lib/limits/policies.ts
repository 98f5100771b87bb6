import type { LimitRule } from './consume-limit.ts';

/**
 * How much one source may do. Generous enough for a room of NGO staff behind one address at a
 * conference; past them a sign-up is answered as usual (a bot learns nothing) but nothing is
 * stored except the counter, and no email goes out, so the form can neither fill the disk nor
 * flood an inbox. A client is an IPv4 address or an IPv6 /64 (see client-network.ts).
 */
export const limits = {
  signPerClient: { limit: 20, windowSeconds: 3600 },
  signPerEmail: { limit: 3, windowSeconds: 3600 },
  signPerDomain: { limit: 30, windowSeconds: 24 * 3600 },
  resendPerClient: { limit: 20, windowSeconds: 3600 },
  resendPerEmail: { limit: 3, windowSeconds: 3600 },
  /** Every mail to one address, whatever caused it: the site is nobody's mail cannon. */
  mailPerRecipientHour: { limit: 5, windowSeconds: 3600 },
  mailPerRecipientDay: { limit: 12, windowSeconds: 24 * 3600 },
  staffSignInPerClient: { limit: 10, windowSeconds: 3600 },
  staffSignInPerEmail: { limit: 5, windowSeconds: 3600 },
  /** Form results kept for the page after the redirect, per client: a bot never collects them. */
  flashesPerClient: { limit: 30, windowSeconds: 600 },
} satisfies Record<string, LimitRule>;
