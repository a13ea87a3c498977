// The gateway's logger: pino, one JSON object per line on stdout (`npm run dev` pipes it through
// pino-pretty for people). LOG_LEVEL picks how much is said; the access log is at `info`.
import { pino, type DestinationStream, type Logger } from 'pino';
import type { YogaLogger } from 'graphql-yoga';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Stdout written asynchronously: lines logged while a write is in flight go out together in the
 * next one, rather than one blocking write per request (about 2 % of a request's CPU under
 * load). pino flushes what is pending when the process exits.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({ level }, destination ?? pino.destination({ dest: 1, sync: false }));
}

/** Yoga's own messages (debug traces, unexpected errors it masked) through the same logger. */
export function yogaLoggerOf(logger: Logger): YogaLogger {
  const yoga = logger.child({ component: 'yoga' });
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]): void => {
      // Yoga says a debug line on every request: nothing is built unless it is written.
      if (!yoga.isLevelEnabled(level)) return;
      const [first] = args;
      if (first instanceof Error) yoga[level]({ err: first }, first.message);
      else yoga[level](args.map(String).join(' '));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
