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
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, { error: 'SMTP_URL must look like smtp://user:pass@host:587 or smtps://user:pass@host:465' })
    .optional(),
  MAIL_FROM: z.string().min(3).optional(),
  TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
  SIGN_MIN_SECONDS: z.coerce.number().min(0).max(600).default(3),
  MAIL_RETRY_SECONDS: z.coerce.number().min(0.1).max(3600).default(30),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(24),
  MAIL_CONNECTIONS: z.coerce.number().int().min(1).max(200).default(50),
  MAIL_RATE_PER_SECOND: z.coerce.number().int().min(1).max(10_000).optional(),
  STAFF_EMAILS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((email) => email.trim().toLowerCase()).filter(Boolean))
    .pipe(z.array(z.email({ error: 'STAFF_EMAILS must be email addresses separated by commas, e.g. STAFF_EMAILS=ana@ngo.kz,bob@ngo.kz' }))),
  REPLICA_URL: z
    .string()
    .regex(/^(?:file|sftp|s3):\/\/\S+$/, { error: 'REPLICA_URL must be a Litestream replica URL: file:///mnt/backup/undersigned, sftp://user@host:22/path or s3://bucket/path' })
    .optional(),
  REPLICA_KEY_PATH: z.string().min(1).optional(),
  REPLICA_ENDPOINT: z.url({ error: 'REPLICA_ENDPOINT must be the address of an S3-compatible store, e.g. https://s3.eu-central-1.example.com' }).optional(),
  REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(1).max(86_400).default(60),
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
  /** Where mail goes: an SMTP server, or (outside production) the dev mailbox at /dev/mailbox. */
  mail: { transport: 'smtp'; url: string; from: string } | { transport: 'dev-mailbox'; from: string };
  /** How many reverse proxies append to X-Forwarded-For in front of the server (0: use the socket address). */
  trustProxy: number;
  /** A sign-up submitted sooner than this after the form was rendered is held for review (bots fill forms instantly). */
  signMinSeconds: number;
  /** First retry delay for mail the SMTP server did not take; doubles per attempt, up to an hour. */
  mailRetrySeconds: number;
  /** Attempts before a mail is given up as failed (24 with the default delays: about 17 hours). */
  mailMaxAttempts: number;
  /** SMTP connections kept open at once, each with one mail in flight. */
  mailConnections: number;
  /** At most this many mails a second, for a provider that limits the rate; undefined: as fast as the connections go. */
  mailRatePerSecond: number | undefined;
  /** Who may sign in to /admin (lower case), besides accounts added with `npm run staff -- add`. */
  staffEmails: string[];
  /** Continuous replication with Litestream (src/server/replicate.ts); undefined: off. */
  replica: ReplicaConfig | undefined;
};

export type ReplicaConfig = {
  /** The Litestream replica URL; written into Litestream's configuration as `${REPLICA_URL}`, never as text. */
  url: string;
  /** The private key for an sftp:// replica. */
  keyPath: string | undefined;
  /** The endpoint of an S3-compatible store, for an s3:// replica. */
  endpoint: string | undefined;
  /** /healthz says `degraded` when the replica is further behind than this. */
  maxLagSeconds: number;
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
  if (production && !vars.SMTP_URL) {
    throw new ConfigError(
      'SMTP_URL is required when NODE_ENV=production: without it no verification email can be sent. ' +
        'Set it to your mail provider, e.g. SMTP_URL=smtps://user:password@smtp.example.org:465 (and MAIL_FROM).',
    );
  }
  if (production && !vars.MAIL_FROM) {
    throw new ConfigError('MAIL_FROM is required when NODE_ENV=production, e.g. MAIL_FROM="Keep Kazakhstan online <letter@example.org>".');
  }
  const siteUrl = new URL(vars.SITE_URL ?? `http://localhost:${vars.PORT || 4321}`);
  const from = vars.MAIL_FROM ?? `undersigned <no-reply@${siteUrl.hostname}>`;
  return {
    production,
    siteUrl,
    host: vars.HOST,
    port: vars.PORT,
    databasePath: vars.DATABASE_PATH,
    logLevel: vars.LOG_LEVEL,
    hsts: vars.HSTS ?? (production && siteUrl.protocol === 'https:'),
    mail: vars.SMTP_URL ? { transport: 'smtp', url: vars.SMTP_URL, from } : { transport: 'dev-mailbox', from },
    trustProxy: vars.TRUST_PROXY,
    signMinSeconds: vars.SIGN_MIN_SECONDS,
    mailRetrySeconds: vars.MAIL_RETRY_SECONDS,
    mailMaxAttempts: vars.MAIL_MAX_ATTEMPTS,
    mailConnections: vars.MAIL_CONNECTIONS,
    mailRatePerSecond: vars.MAIL_RATE_PER_SECOND,
    staffEmails: vars.STAFF_EMAILS,
    replica: vars.REPLICA_URL
      ? { url: vars.REPLICA_URL, keyPath: vars.REPLICA_KEY_PATH, endpoint: vars.REPLICA_ENDPOINT, maxLagSeconds: vars.REPLICA_MAX_LAG_SECONDS }
      : undefined,
  };
}

/** Where the server listens, as an origin (an IPv6 host in brackets): `port` is the one it got. */
export function listenOrigin(config: Pick<Config, 'host'>, port: number): string {
  return `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
}

let cached: Config | undefined;

/** The configuration of this process, parsed once. */
export function getConfig(): Config {
  cached ??= readConfig();
  return cached;
}
