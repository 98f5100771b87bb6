import type { Locale } from '#i18n/locales.ts';
import { getLetter, type Letter } from '#lib/content/letters.ts';
import { deliveredCsv } from '#lib/delivery/delivered-list.ts';
import { findDelivery } from '#lib/delivery/find-delivery.ts';
import { getDatabase } from './database.ts';

/** A letter as the on-demand pages show it: its content, and its delivery if staff recorded one. */
export function currentLetter(slug: string, locale: Locale): Promise<Letter | undefined> {
  return getLetter(slug, locale, new Date(), findDelivery(getDatabase(), slug));
}

/** The list as delivered, as its public CSV (see delivered-list.ts), or undefined before delivery. */
export function currentDeliveredList(slug: string): string | undefined {
  return deliveredCsv(getDatabase(), slug);
}
