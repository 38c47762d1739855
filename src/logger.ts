// A small leveled logger to stderr that never prints a secret.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const secrets = new Set<string>();

/** Register values (tokens) that must never appear in logs. */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function redact(text: string): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join('[redacted]');
  // Telegram tokens in URLs (…/bot123:ABC/…) even when not registered.
  return out.replace(/bot\d+:[\w-]{20,}/g, 'bot[redacted]');
}

export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (l) => process.stderr.write(`${l}\n`)): Logger {
  const log = (at: LogLevel) => (message: string, context?: Record<string, unknown>) => {
    if (ORDER[at] < ORDER[level]) return;
    const extra = context ? ` ${safeJson(context)}` : '';
    write(redact(`${new Date().toISOString()} ${at.toUpperCase()} ${message}${extra}`));
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function safeJson(value: Record<string, unknown>): string {
  try {
    return JSON.stringify(value, (_k, v) => (v instanceof Error ? { name: v.name, message: v.message } : v));
  } catch {
    return '[unserialisable context]';
  }
}
