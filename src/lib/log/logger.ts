import pino, { type Logger } from 'pino';
import { getConfig } from '#lib/config/config.ts';
import { redactText, redactValue } from './redact.ts';

type Fields = Record<string, unknown>;

/** An error with its stack, every line of it redacted (a stack can quote a URL or an address). */
function serializeError(error: unknown): unknown {
  return redactValue(error instanceof Error ? pino.stdSerializers.err(error) : error);
}

let logger: Logger | undefined;

/**
 * Structured logs with pino: one JSON object per line on stdout, written synchronously so the
 * last lines before a crash are kept. Every record passes through redaction; `error` fields keep
 * their stack.
 */
function getLogger(): Logger {
  logger ??= pino({
    level: getConfig().logLevel,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (record) => redactValue(record) as Record<string, unknown>,
    },
    serializers: { error: serializeError, err: serializeError },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg)) as Parameters<typeof method>);
      },
    },
  });
  return logger;
}

/** An event name plus fields, e.g. `log.info('mail.sent', { id })`. Tokens, links and addresses are redacted. */
export const log = {
  debug: (event: string, fields?: Fields) => getLogger().debug({ event, ...fields }),
  info: (event: string, fields?: Fields) => getLogger().info({ event, ...fields }),
  warn: (event: string, fields?: Fields) => getLogger().warn({ event, ...fields }),
  error: (event: string, fields?: Fields) => getLogger().error({ event, ...fields }),
};
