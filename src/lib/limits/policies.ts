import type { LimitRule } from './consume-limit.ts';

/**
 * How much one source may do. Generous enough for a room of NGO staff behind one address at a
 * conference; past them a sign-up is held for review (never answered differently, so a bot
 * learns nothing) and no email goes out, so the form cannot be used to flood an inbox.
 */
export const limits = {
  signPerIp: { limit: 20, windowSeconds: 3600 },
  signPerEmail: { limit: 3, windowSeconds: 3600 },
  signPerDomain: { limit: 30, windowSeconds: 24 * 3600 },
  resendPerIp: { limit: 20, windowSeconds: 3600 },
  resendPerEmail: { limit: 3, windowSeconds: 3600 },
} satisfies Record<string, LimitRule>;
