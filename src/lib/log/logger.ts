import { getConfig } from '#lib/config/config.ts';

const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;
type Fields = Record<string, unknown>;

function write(level: Level, event: string, fields: Fields = {}): void {
  if (levels[level] < levels[getConfig().logLevel]) return;
  const line = JSON.stringify({ time: new Date().toISOString(), level, event, ...fields }, (_key, value) =>
    value instanceof Error ? { name: value.name, message: value.message } : value,
  );
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
}

/** Structured logs: one JSON object per line, an event name plus fields. Never pass tokens or links. */
export const log = {
  debug: (event: string, fields?: Fields) => write('debug', event, fields),
  info: (event: string, fields?: Fields) => write('info', event, fields),
  warn: (event: string, fields?: Fields) => write('warn', event, fields),
  error: (event: string, fields?: Fields) => write('error', event, fields),
};
