import { z } from 'zod';

const booleanFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((value) => ['1', 'true', 'yes'].includes(value));

/** Environment variables the server reads; every one has an embedded default for a first run. */
const environmentSchema = z.object({
  NODE_ENV: z.string().default('development'),
  SITE_URL: z.url({ error: 'SITE_URL must be an absolute http(s) URL, e.g. https://letter.example.org' }).optional(),
  HOST: z.string().min(1).default('localhost'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4321),
  DATABASE_PATH: z.string().min(1).default('./data/undersigned.db'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  HSTS: booleanFlag.optional(),
});

export type Config = {
  production: boolean;
  siteUrl: URL;
  host: string;
  port: number;
  databasePath: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Send Strict-Transport-Security: on by default in production when SITE_URL is https. */
  hsts: boolean;
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment; throws a ConfigError naming each bad variable and how to fix it. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}\nSee "Configuration" in README.md.`);
  }
  const vars = parsed.data;
  const production = vars.NODE_ENV === 'production';
  if (production && !vars.SITE_URL) {
    throw new ConfigError(
      'SITE_URL is required when NODE_ENV=production: links in emails and feeds are built from it. ' +
        'Set it to the public address of the site, e.g. SITE_URL=https://letter.example.org',
    );
  }
  const siteUrl = new URL(vars.SITE_URL ?? `http://localhost:${vars.PORT || 4321}`);
  return {
    production,
    siteUrl,
    host: vars.HOST,
    port: vars.PORT,
    databasePath: vars.DATABASE_PATH,
    logLevel: vars.LOG_LEVEL,
    hsts: vars.HSTS ?? (production && siteUrl.protocol === 'https:'),
  };
}

let cached: Config | undefined;

/** The configuration of this process, parsed once. */
export function getConfig(): Config {
  cached ??= readConfig();
  return cached;
}
