import type { AstroLoggerDestination, AstroLoggerMessage } from 'astro';
import nodeDestination from 'astro/logger/node';
import { log } from './logger.ts';
import { redactText } from './redact.ts';

/**
 * Where Astro's own log lines go (astro.config.mjs `logger`). Astro prints the request URL when
 * a page fails to render, and for /confirm and /manage that URL holds the emailed token, so
 * every line is redacted. In the built server the lines join ours as JSON; under `astro build`
 * and `astro dev` they stay in Astro's readable format.
 */
export default function astroDestination(): AstroLoggerDestination {
  const builtServer = import.meta.env?.PROD === true;
  const readable = nodeDestination();
  return {
    write(event: AstroLoggerMessage) {
      const message = redactText(event.message);
      if (!builtServer) return readable.write({ ...event, message });
      if (event.level === 'silent') return;
      log[event.level]('astro', { label: event.label, message });
    },
  };
}
