// `npm start` with an unusable DATA_DIR, a damaged database or a bad variable: one clear message that says what to do.
import { closeSync, mkdtempSync, openSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/alerts/db.js';
import { killMains, startMain } from './support/main-process.js';

afterEach(() => killMains());

/** A stack trace line, which a person cannot act on. */
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** A database with 3,000 subscriptions whose middle page is overwritten: the header is sound, a table is not. */
export function damagedDatabase(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'damaged-'));
  const file = join(dir, 'alerts.sqlite');
  const db = openDatabase(dir);
  const insert = db.prepare("INSERT INTO subscriptions (chat, platform, chat_id, chat_type, kind, value, label, created_at) VALUES (?, 'telegram', ?, 'private', 'keyword', ?, ?, 0)");
  db.transaction(() => {
    for (let i = 0; i < 3000; i++) insert.run(`telegram:${i}`, String(i), `word ${i}`, `keyword ${i}`);
  })();
  db.close();
  const pages = statSync(file).size / 4096;
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, Math.floor(pages / 2) * 4096);
  closeSync(fd);
  return { dir, file };
}

describe('npm start refuses to run on', () => {
  it('a partly damaged database: names the file, says how to restore or move it aside, exits non-zero', async () => {
    const { dir, file } = damagedDatabase();
    const bot = startMain({ DATA_DIR: dir });
    expect(await bot.exited).toBe(1);
    const output = bot.output();
    expect(output).toContain(`the database ${file} is damaged`);
    expect(output).toMatch(/restore .* from a backup/);
    expect(output).toContain(`mv ${file} ${file}.damaged`);
    expect(output).not.toMatch(STACK);
  }, 30_000);

  it('a DATA_DIR that is a file, or lies under a file: names DATA_DIR, no stack', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'datadir-')), 'not-a-folder');
    writeFileSync(file, 'just a file');
    for (const dataDir of [file, join(file, 'data')]) {
      const bot = startMain({ DATA_DIR: dataDir });
      expect(await bot.exited).toBe(1);
      expect(bot.output()).toContain(`DATA_DIR: cannot keep the bot's data in "${dataDir}"`);
      expect(bot.output()).toMatch(/is a file, not a folder/);
      expect(bot.output()).toMatch(/Set DATA_DIR .* to a folder the bot may create and write/);
      expect(bot.output()).not.toMatch(STACK);
    }
  }, 30_000);

  it('a bad variable: names it and what it must be, no stack and no token', async () => {
    const bot = startMain({ TELEGRAM_WEBHOOK_PORT: 'eighty', TELEGRAM_BOT_TOKEN: 'not a token 9876:secret-value-here' });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain('TELEGRAM_WEBHOOK_PORT: must be a whole number from 1 to 65535');
    expect(bot.output()).toContain('TELEGRAM_BOT_TOKEN: must look like 123456:ABC-DEF');
    expect(bot.output()).not.toContain('secret-value-here');
    expect(bot.output()).not.toMatch(STACK);
  }, 30_000);
});
