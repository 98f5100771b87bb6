import { and, eq } from 'drizzle-orm';
import type { Database } from '#db/client.ts';
import { signatures, type Signature } from '#db/schema/index.ts';
import type { SignatureStatus } from './vocabulary.ts';

/**
 * Everything that can happen to a signature, with the statuses it may happen in and the
 * statuses it may lead to. Every status change in the app goes through `changeStatus`, which
 * refuses any other; `expire` and `purge` are listed here too, though one deletes the row and
 * the other clears its contact details without changing the status.
 */
export const lifecycle = {
  /** A new sign-up, or the holder of the address signing again over an unconfirmed one. */
  sign: { from: ['pending', 'held'], to: ['pending'] },
  /** A held sign-up sent its confirmation mail by staff: it looked like a bot but was not. */
  release: { from: ['held'], to: ['pending'] },
  /** Confirmed by the holder of the address: public at once when trusted, else waits for staff. */
  confirm: { from: ['pending'], to: ['published', 'verified'] },
  approve: { from: ['verified'], to: ['published'] },
  reject: { from: ['pending', 'held', 'verified', 'published', 'hidden'], to: ['rejected'] },
  hide: { from: ['published'], to: ['hidden'] },
  /** Back to where it was: a hidden entry to the list, a rejected one to the queue it came from. */
  restore: { from: ['hidden', 'rejected'], to: ['published', 'verified', 'pending'] },
  /** Corrected by its signer where staff approve entries: back to them before it is public again. */
  review: { from: ['published'], to: ['verified'] },
  withdraw: { from: ['verified', 'published', 'hidden'], to: ['withdrawn'] },
  expire: { from: ['pending', 'held'], to: [] },
  purge: { from: ['verified', 'published', 'hidden', 'rejected', 'withdrawn'], to: [] },
} as const satisfies Record<string, { from: readonly SignatureStatus[]; to: readonly SignatureStatus[] }>;

export type SignatureEvent = keyof typeof lifecycle;

export class LifecycleError extends Error {
  override name = 'LifecycleError';
  readonly event: SignatureEvent;
  readonly status: SignatureStatus;
  constructor(event: SignatureEvent, status: SignatureStatus) {
    super(`The "${event}" change does not apply to a signature that is ${status}.`);
    this.event = event;
    this.status = status;
  }
}

/** Whether `event` may happen to a signature in `status`. */
export function can(event: SignatureEvent, status: SignatureStatus): boolean {
  return (lifecycle[event].from as readonly SignatureStatus[]).includes(status);
}

/** Where `restore` takes an entry: a hidden one back to the list; a rejected one back to staff if it was confirmed, else to pending. */
export function restoredStatus(signature: Pick<Signature, 'status' | 'verifiedAt'>): SignatureStatus {
  if (signature.status === 'hidden') return 'published';
  return signature.verifiedAt ? 'verified' : 'pending';
}

type Writer = Pick<Database, 'update'>;
type Changes = Partial<Omit<typeof signatures.$inferInsert, 'id' | 'status'>>;

/**
 * Moves a signature through `event` to `to`, checking the lifecycle table, and keeps the
 * timestamps true: published_at only while published, verified_at from the first confirmation,
 * withdrawn_at when withdrawn. The update also requires the status it was read in, so two
 * changes racing for one row cannot both apply. Returns the updated row.
 */
export function changeStatus(
  tx: Writer,
  signature: Pick<Signature, 'id' | 'status'>,
  event: SignatureEvent,
  to: SignatureStatus,
  now: Date,
  changes: Changes = {},
): Signature {
  const rule = lifecycle[event];
  if (!can(event, signature.status) || !(rule.to as readonly SignatureStatus[]).includes(to)) throw new LifecycleError(event, signature.status);
  const updated = tx
    .update(signatures)
    .set({
      ...changes,
      status: to,
      updatedAt: now,
      publishedAt: to === 'published' ? (signature.status === 'published' ? undefined : now) : null,
      ...(event === 'confirm' ? { verifiedAt: now } : {}),
      ...(to === 'withdrawn' ? { withdrawnAt: now } : {}),
    })
    .where(and(eq(signatures.id, signature.id), eq(signatures.status, signature.status)))
    .returning()
    .get();
  if (!updated) throw new LifecycleError(event, signature.status);
  return updated;
}
