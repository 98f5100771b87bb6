import { allSignatories, countAwaitingReview, countSignatories, firstSignatories, listSignatories } from '#lib/signing/list-signatories.ts';
import { getDatabase } from './database.ts';

/** The public list verbs bound to this process's database, for pages and endpoints. */
export const publicSignatories = {
  count: (letter: string) => countSignatories(getDatabase(), letter),
  awaitingReview: (letter: string) => countAwaitingReview(getDatabase(), letter),
  page: (letter: string, options: Parameters<typeof listSignatories>[2]) => listSignatories(getDatabase(), letter, options),
  all: (letter: string) => allSignatories(getDatabase(), letter),
  first: (letter: string, limit: number) => firstSignatories(getDatabase(), letter, limit),
};
