/**
 * `npm run export -- --letter <slug> --format csv|json|txt [--status …] [--country KZ] [--type ngo]
 *  [--from yyyy-mm-dd] [--to yyyy-mm-dd] [--q text] [--out file]`: the same export as the staff
 * area's download, byte for byte, written to a file (mode 0600: it holds contact details) or stdout.
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { exportFormats, exportSignatures, type ExportFormat } from '#lib/export/staff-export.ts';
import { readFilters } from '#lib/moderation/filters.ts';
import { fail, openCliDatabase, readLetters } from './support.ts';

const usage = 'Usage: npm run export -- --letter <slug> --format csv|json|txt [--status published] [--country KZ] [--type ngo] [--from 2026-01-01] [--to 2026-12-31] [--q text] [--out file]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      letter: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' },
      status: { type: 'string' }, country: { type: 'string' }, type: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, q: { type: 'string' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}
const { letter: slug, format, out, ...filterOptions } = values;
const letter = slug ? readLetters().get(slug) : undefined;
if (!letter) fail(`${slug ? `There is no letter "${slug}" in content/letters/.` : 'Which letter?'}\n${usage}`, 2);
if (!exportFormats.includes(format as ExportFormat)) fail(`--format must be csv, json or txt.\n${usage}`, 2);

const filters = readFilters(filterOptions);
for (const [name, value] of Object.entries(filterOptions)) {
  if (value !== undefined && filters[name as keyof typeof filters] === undefined) fail(`--${name} "${value}" is not a valid value.\n${usage}`, 2);
}

const { db } = openCliDatabase();
if (out) mkdirSync(dirname(out), { recursive: true, mode: 0o700 });
const target: NodeJS.WritableStream = out ? createWriteStream(out, { mode: 0o600, flags: 'wx' }) : process.stdout;
target.on('error', (error: Error) => fail(`Could not write ${out}: ${error.message}`));
for (const chunk of exportSignatures(db, { letter: letter.slug, filters, format: format as ExportFormat, locale: letter.canonicalLocale })) {
  if (!target.write(chunk)) await once(target, 'drain');
}
if (out) {
  target.end();
  await once(target, 'finish');
  process.stderr.write(`Wrote ${out}.\n`);
}
