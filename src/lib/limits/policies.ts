import type { LimitRule } from './consume-limit.ts';

/**
 * How much one source may do. Generous enough for a room of NGO staff behind one address at a
 * conference; past them a sign-up is answered as usual (a bot learns nothing) but nothing is
 * stored except the counter, and no email goes out, so the form can neither fill the disk nor
 * flood an inbox. A client is an IPv4 address or an IPv6 /64 (see client-network.ts).
 *
 * A budget on an address (or a domain) is kept per client network: a stranger who spends it
 * from their network has spent only their own share, and the owner, from theirs, still signs,
 * resends and signs in. Only the daily backstop on mail to one address is shared by everyone,
 * set well above what a person needs, so the site is nobody's mail cannon even from many networks.
 */
export const limits = {
  signPerClient: { limit: 20, windowSeconds: 3600 },
  signPerEmail: { limit: 3, windowSeconds: 3600 },
  signPerDomain: { limit: 30, windowSeconds: 24 * 3600 },
  /**
   * Sign-ups carrying one form stamp from one network. Everyone who opens the page within two
   * seconds shares a stamp (see form-stamp.ts), a crowd from many networks; a bot replaying one
   * stamp from its network is held past this.
   */
  signPerStamp: { limit: 3, windowSeconds: 6 * 3600 },
  resendPerClient: { limit: 20, windowSeconds: 3600 },
  resendPerEmail: { limit: 3, windowSeconds: 3600 },
  /** Mail to one address caused from one client network (sign-ups, resends). */
  mailPerRecipientHour: { limit: 5, windowSeconds: 3600 },
  mailPerRecipientDay: { limit: 12, windowSeconds: 24 * 3600 },
  /** Every mail to one address from the site, whoever caused it (staff sign-in links aside). */
  mailPerRecipientDayFromAll: { limit: 40, windowSeconds: 24 * 3600 },
  staffSignInPerClient: { limit: 10, windowSeconds: 3600 },
  staffSignInPerEmail: { limit: 5, windowSeconds: 3600 },
  /** Form results kept for the page after the redirect, per client: a bot never collects them. */
  flashesPerClient: { limit: 30, windowSeconds: 600 },
} satisfies Record<string, LimitRule>;
