/**
 * `npm run purge -- --older-than <days>`: the retention rule (README, "Retention"). Removes contact
 * details of signatures on letters delivered or closed that long ago, of withdrawn and rejected
 * entries changed that long ago, and expired unconfirmed sign-ups; keeps public fields and counts.
 */
import { parseArgs } from 'node:util';
import { deliveryDates } from '#lib/delivery/find-delivery.ts';
import { purgeContactDetails } from '#lib/retention/purge-contact-details.ts';
import { fail, openCliDatabase, readLetters } from './support.ts';

const usage = 'Usage: npm run purge -- --older-than <days>   e.g. --older-than 90';
let days = Number.NaN;
try {
  days = Number(parseArgs({ options: { 'older-than': { type: 'string' } } }).values['older-than']);
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
if (!Number.isInteger(days) || days < 0) fail(usage, 2);

const { db } = openCliDatabase();
const delivered = deliveryDates(db);
const letterEnds = new Map([...readLetters()].map(([slug, letter]) => [slug, delivered.get(slug) ?? letter.deliveredAt ?? letter.closesAt]));
const result = purgeContactDetails(db, { olderThanDays: days, letterEnds, by: 'command line (npm run purge)' });
process.stdout.write(`Removed contact details from ${result.signatures} signatures, cleared ${result.mails} sent mails, deleted ${result.unconfirmed} expired unconfirmed sign-ups.\n`);
