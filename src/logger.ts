// Structured logs with pino: JSON lines off a terminal, readable lines on one, child loggers, no secret ever written.
import { pino, stdSerializers } from 'pino';
import { prettyLine } from './logger-pretty.js';
import { redact } from './redact.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFormat = 'json' | 'pretty';

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
  /** A logger whose every line also carries these fields (a component; a chat, an update, a command). */
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  /** `json`: one object per line; `pretty`: a readable line. Default: pretty on a terminal, JSON otherwise. */
  format?: LogFormat;
  /** Where each finished line goes (default: standard error). */
  write?: (line: string) => void;
}

export { redact, registerSecret } from './redact.js';

/**
 * A logger on pino. Errors under `err` or `error` keep their type, message, stack and cause; every line passes
 * through `redact` just before it is written, whatever field holds the secret.
 *
 * @example
 * const log = createLogger({ level: 'info' }).child({ component: 'telegram' });
 * log.info('connected', { bot: 'hkbot' }); // {"level":"info","time":"…","component":"telegram","bot":"hkbot","msg":"connected"}
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stderr.write(line));
  const format = options.format ?? (process.stderr.isTTY ? 'pretty' : 'json');
  const base = pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: stdSerializers.err, error: stdSerializers.err },
      hooks: { streamWrite: redact },
    },
    { write: format === 'json' ? write : (line: string) => write(prettyLine(line)) },
  );
  return wrap(base);
}

function wrap(target: pino.Logger): Logger {
  const at = (level: LogLevel) => (message: string, context?: Record<string, unknown>) => {
    if (context) target[level](context, message);
    else target[level](message);
  };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (bindings) => wrap(target.child(bindings)),
  };
}

/** A logger that writes nothing (scripts that report on their own). */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
