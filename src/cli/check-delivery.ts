/**
 * `npm run check-delivery -- <delivered.csv, its address, or - for standard input> [fingerprint]`: checks a letter's list
 * as delivered, as anyone can: every entry that shows its fields matches its hash, and the
 * fingerprint recomputed from all the hashes is printed, and compared with the one given (the
 * letter page shows it). Needs no database: it reads only the file.
 */
import { readFileSync } from 'node:fs';
import { checkDeliveredCsv } from '#lib/delivery/delivered-list.ts';

const usage = 'Usage: npm run -s check-delivery -- <delivered.csv | https://…/letters/<slug>/delivered.csv | - for standard input> [fingerprint]';
const [source, expected, ...rest] = process.argv.slice(2);
if (!source || rest.length > 0 || (expected !== undefined && !/^[0-9a-f]{64}$/i.test(expected))) {
  process.stderr.write(`${usage}\n`);
  process.exit(2);
}

let text: string;
try {
  text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : readFileSync(source === '-' ? 0 : source, 'utf8');
} catch (error) {
  process.stderr.write(`Could not read ${source}: ${(error as Error).message}\n`);
  process.exit(1);
}

const { fingerprint, entries, shown, mismatched } = checkDeliveredCsv(text);
process.stdout.write(`${entries} entries, ${shown} with their fields shown, ${entries - shown} with their hash only.\nFingerprint: ${fingerprint}\n`);
if (mismatched.length > 0) process.stdout.write(`Entries whose fields do not match their hash: ${mismatched.join(', ')}\n`);
const matches = expected === undefined || expected.toLowerCase() === fingerprint;
if (!matches) process.stdout.write(`It does not match the fingerprint given (${expected}).\n`);
process.exit(mismatched.length === 0 && matches ? 0 : 1);
