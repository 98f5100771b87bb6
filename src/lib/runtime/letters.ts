import type { Locale } from '#i18n/locales.ts';
import { getLetter, type Letter } from '#lib/content/letters.ts';
import { deliverySnapshot, findDelivery } from '#lib/delivery/find-delivery.ts';
import { getDatabase } from './database.ts';

/** A letter as the on-demand pages show it: its content, and its delivery if staff recorded one. */
export function currentLetter(slug: string, locale: Locale): Promise<Letter | undefined> {
  return getLetter(slug, locale, new Date(), findDelivery(getDatabase(), slug));
}

export function currentSnapshot(slug: string) {
  return deliverySnapshot(getDatabase(), slug);
}
