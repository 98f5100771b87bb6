/**
 * What the command-line tools share: the configuration (with .env), the migrated database, the
 * letters' dates and languages read straight from content/, and a clean exit on a usage error.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { openDatabase, type Database } from '#db/client.ts';
import { migrateDatabase } from '#db/migrate.ts';
import { ConfigError, readConfig, type Config } from '#lib/config/config.ts';
import { loadEnvFile } from '#lib/config/load-env-file.ts';
import { isLocale, type Locale } from '#i18n/locales.ts';

export const root = fileURLToPath(new URL('../../', import.meta.url));

/** Prints the message and exits with 2 (usage) or 1 (anything else the user can fix). */
export function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

export function openCliDatabase(): { config: Config; db: Database } {
  const config = readCliConfig();
  const db = openDatabase(config.databasePath);
  migrateDatabase(db, root);
  return { config, db };
}

/** The configuration, with the project's .env file; a bad setting ends the command with its message. */
export function readCliConfig(): Config {
  loadEnvFile(join(root, '.env'));
  try {
    return readConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

export type LetterFacts = { slug: string; canonicalLocale: Locale; closesAt: Date; deliveredAt: Date | undefined };

/** Every letter's original language and dates, from the frontmatter of content/letters/<slug>/<locale>.md. */
export function readLetters(): Map<string, LetterFacts> {
  const letters = new Map<string, LetterFacts>();
  const base = join(root, 'content/letters');
  for (const slug of readdirSync(base)) {
    const [file] = readdirSync(join(base, slug)).filter((name) => name.endsWith('.md'));
    if (!file) continue;
    const frontmatter = readFileSync(join(base, slug, file), 'utf8').match(/^---\n([\s\S]*?)\n---/)?.[1] ?? '';
    const data = parse(frontmatter) as { canonicalLocale?: string; closesAt?: string | Date; deliveredAt?: string | Date };
    const canonicalLocale = isLocale(data.canonicalLocale) ? data.canonicalLocale : 'en';
    letters.set(slug, {
      slug,
      canonicalLocale,
      closesAt: new Date(data.closesAt ?? 0),
      deliveredAt: data.deliveredAt ? new Date(data.deliveredAt) : undefined,
    });
  }
  return letters;
}

type Localized = Record<Locale, string>;
export type CampaignFile = { name: Localized; tagline: Localized; organizer: Localized; contactEmail: string; defaultLetter: string };

/** content/campaign.yaml as written (the build checks it against its schema). */
export function readCampaign(): CampaignFile {
  return (parse(readFileSync(join(root, 'content/campaign.yaml'), 'utf8')) as { campaign: CampaignFile }).campaign;
}
