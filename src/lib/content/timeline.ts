import { getCollection, type CollectionEntry } from 'astro:content';
import type { Locale } from '#i18n/locales.ts';
import { pickTranslation, type Translated } from '#lib/campaign/pick-translation.ts';
import { splitId } from './split-id.ts';

export type TimelineEntry = CollectionEntry<'timeline'>;
export type TimelineEvent = TimelineEntry['data']['events'][number];

export async function getTimeline(locale: Locale): Promise<Translated<TimelineEntry> | undefined> {
  const versions: Partial<Record<Locale, TimelineEntry>> = {};
  for (const entry of await getCollection('timeline')) {
    const id = splitId('timeline', `${entry.id}/-`, 'locale/slug');
    versions[id.locale] = entry;
  }
  return pickTranslation(versions, locale);
}

/** Events grouped by calendar day (UTC), in date order, for a timeline with one heading per day. */
export function groupEventsByDay(events: TimelineEvent[]): { day: Date; events: TimelineEvent[] }[] {
  const days = new Map<string, { day: Date; events: TimelineEvent[] }>();
  for (const event of [...events].sort((a, b) => a.date.getTime() - b.date.getTime())) {
    const key = event.date.toISOString().slice(0, 10);
    const group = days.get(key) ?? { day: event.date, events: [] };
    group.events.push(event);
    days.set(key, group);
  }
  return [...days.values()];
}
