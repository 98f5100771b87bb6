import pino, { type DestinationStream, type Logger } from 'pino';
import { getConfig, type Config } from '#lib/config/config.ts';
import { redactValue } from './redact.ts';

type Fields = Record<string, unknown>;
export type Log = Record<Config['logLevel'], (event: string, fields?: Fields) => void>;

/** An error with its stack, every line of it redacted (a stack can quote a URL or an address). */
function serializeError(error: unknown): unknown {
  return redactValue(error instanceof Error ? { ...pino.stdSerializers.err(error) } : error);
}

/**
 * Structured logs with pino: one JSON object per line, by default on stdout and written
 * synchronously so the last lines before a crash are kept. Every record passes through
 * redaction; `error` fields keep their stack. Use it as `log.info('mail.sent', { id })`.
 */
export function createLog(level: Config['logLevel'], destination?: DestinationStream): Log {
  const logger: Logger = pino(
    {
      level,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (record) => redactValue(record) as Record<string, unknown>,
      },
      serializers: { error: serializeError, err: serializeError },
    },
    destination,
  );
  return {
    debug: (event, fields) => logger.debug({ event, ...fields }),
    info: (event, fields) => logger.info({ event, ...fields }),
    warn: (event, fields) => logger.warn({ event, ...fields }),
    error: (event, fields) => logger.error({ event, ...fields }),
  };
}

let processLog: Log | undefined;
const processLogger = () => (processLog ??= createLog(getConfig().logLevel));

/** This process's log, at LOG_LEVEL. Tokens, private links and email addresses are redacted. */
export const log: Log = {
  debug: (event, fields) => processLogger().debug(event, fields),
  info: (event, fields) => processLogger().info(event, fields),
  warn: (event, fields) => processLogger().warn(event, fields),
  error: (event, fields) => processLogger().error(event, fields),
};
