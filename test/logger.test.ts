// Logs as an operator reads them: JSON lines with their context and stacks, readable lines on a terminal, no token ever.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createLogger, registerSecret, type LoggerOptions } from '../src/logger.js';
import { prettyLine } from '../src/logger-pretty.js';
import { logRecords } from './support/logs.js';

function capture(options: LoggerOptions = {}) {
  const lines: string[] = [];
  return { lines, logger: createLogger({ format: 'json', ...options, write: (line) => lines.push(line) }) };
}

describe('logger', () => {
  it('writes one JSON object per line, with level, time, message and the child loggers’ fields', () => {
    const { lines, logger } = capture();
    logger.child({ component: 'telegram' }).child({ chat: 42, update: 7, command: 'org' }).info('replied', { latencyMs: 12 });
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const [record] = logRecords(lines);
    expect(record).toEqual({ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), component: 'telegram', chat: 42, update: 7, command: 'org', latencyMs: 12, msg: 'replied' });
  });

  it('keeps the type, message, stack and cause of an error under err or error', () => {
    const { lines, logger } = capture();
    const error = new TypeError('bad input', { cause: new Error('root cause') });
    logger.error('handler failed', { err: error });
    logger.warn('feed item not added', { error });
    const [first, second] = logRecords(lines) as Array<{ err?: Record<string, string>; error?: Record<string, string> }>;
    expect(first!.err).toMatchObject({ type: 'TypeError', message: 'bad input: root cause' });
    expect(first!.err!.stack).toMatch(/^TypeError: bad input\n\s+at .*logger\.test\.ts/);
    expect(first!.err!.stack).toContain('caused by: Error: root cause');
    expect(second!.error).toMatchObject({ type: 'TypeError', message: 'bad input: root cause' });
  });

  it('never writes a registered token, wherever it appears, nor a Telegram token in a URL', () => {
    const { lines, logger } = capture({ level: 'debug' });
    const token = '987654321:AAH-registered-secret-token-value';
    registerSecret(token);
    logger.debug(`calling https://api.telegram.org/bot${token}/getMe`);
    logger.info('config', { token, nested: { list: [token] } });
    logger.error('request failed', { err: new Error(`GET /bot${token}/getUpdates failed`) });
    logger.warn('unregistered', { url: 'https://api.telegram.org/bot123456789:AAAbbbCCCdddEEEfffGGGhhhIII/sendMessage' });
    const all = lines.join('');
    expect(all).not.toContain(token);
    expect(all).not.toContain('AAAbbbCCCdddEEEfffGGGhhhIII');
    expect(all.match(/\[redacted\]/g)!.length).toBeGreaterThanOrEqual(5);
    expect(logRecords(lines)[3]).toMatchObject({ url: 'https://api.telegram.org/bot[redacted]/sendMessage' });
  });

  it('never writes a token URL-encoded, its secret half alone, nor an unregistered one with %3A', () => {
    const { lines, logger } = capture();
    const token = '55512345:AAEk-secret-half-of-a-registered-token';
    registerSecret(token);
    logger.warn('echoed', { description: `GET /bot${encodeURIComponent(token)}/getMe; key=${token.split(':')[1]}` });
    logger.warn('unregistered', { url: '/bot777777%3AZZZyyyXXXwwwVVVuuuTTTsss/getMe' });
    const all = lines.join('');
    expect(all).not.toContain('AAEk-secret-half-of-a-registered-token');
    expect(all).not.toContain('ZZZyyyXXXwwwVVVuuuTTTsss');
    expect(logRecords(lines)[0]).toMatchObject({ description: 'GET /bot[redacted]/getMe; key=[redacted]' });
  });

  it('leaves out what is below its level', () => {
    const { lines, logger } = capture({ level: 'warn' });
    logger.debug('no');
    logger.info('no');
    logger.warn('yes');
    logger.error('yes');
    expect(logRecords(lines).map((r) => r.level)).toEqual(['warn', 'error']);
  });

  it('prints readable lines in pretty format: time, level, component, message, fields, then the stack', () => {
    const { lines, logger } = capture({ format: 'pretty' });
    logger.child({ component: 'alerts' }).error('delivery failed for good', { chat: 'telegram:7', err: new Error('403 Forbidden') });
    const text = lines.join('');
    const [head, ...stack] = text.trimEnd().split('\n');
    expect(head).toMatch(/^\d\d:\d\d:\d\d\.\d{3} \x1b\[31mERROR\x1b\[0m \[alerts\] delivery failed for good chat=telegram:7 err="403 Forbidden"$/);
    expect(stack[0]).toBe('    Error: 403 Forbidden');
    expect(stack[1]).toMatch(/^\s+at /);
    expect(prettyLine('not json\n')).toBe('not json\n');
  });

  it('chooses JSON when standard error is not a terminal', () => {
    const script = "import('./dist/src/logger.js').then(({ createLogger }) => createLogger().info('hello', { a: 1 }))";
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stderr)).toMatchObject({ level: 'info', a: 1, msg: 'hello' });
  });
});
