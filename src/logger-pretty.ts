// Turns one pino JSON line into a readable terminal line (no pino-pretty needed at run time).

const COLOURS: Record<string, string> = { debug: '\x1b[90m', info: '\x1b[32m', warn: '\x1b[33m', error: '\x1b[31m', fatal: '\x1b[35m' };
const RESET = '\x1b[0m';

interface SerializedError {
  type?: string;
  message?: string;
  stack?: string;
}

function isSerializedError(value: unknown): value is SerializedError {
  return typeof value === 'object' && value !== null && typeof (value as SerializedError).stack === 'string';
}

function show(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/**
 * `12:00:01.123 INFO  [telegram] connected bot=hkbot` with error stacks indented on the lines below.
 * A line that is not JSON is passed through as it is.
 */
export function prettyLine(line: string, colour = true): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { level = 'info', time, msg = '', component, ...rest } = record;
  const label = String(level);
  const clock = typeof time === 'string' ? time.slice(11, 23) : '';
  const tag = colour ? `${COLOURS[label] ?? ''}${label.toUpperCase().padEnd(5)}${RESET}` : label.toUpperCase().padEnd(5);
  const stacks: string[] = [];
  const fields = Object.entries(rest).map(([key, value]) => {
    if (isSerializedError(value)) {
      stacks.push(value.stack!.replace(/^/gm, '    '));
      return `${key}=${show(value.message ?? value.type)}`;
    }
    return `${key}=${show(value)}`;
  });
  const head = [clock, tag, component ? `[${String(component)}]` : '', String(msg), ...fields].filter(Boolean).join(' ');
  return `${[head, ...stacks].join('\n')}\n`;
}
