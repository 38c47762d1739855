// A real full disk and a read-only DATA_DIR, on small tmpfs mounts (this suite runs as root on CI; mounting needs it).
// The injected-failure twin that runs everywhere is test/runtime/full-disk.test.ts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/alerts/db.js';
import { killMains, startMain } from '../support/main-process.js';

const mounts: string[] = [];

function mountTmpfs(options: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('test:services mounts small tmpfs file systems: run it as root (CI does)');
});

afterEach(() => {
  killMains();
  for (const dir of mounts.splice(0)) {
    execFileSync('umount', ['-l', dir]);
    rmdirSync(dir);
  }
});

const STACK = /^\s+at .+:\d+:\d+\)?$/m;

/** Wait until the output has `count` replies of the console bot. */
async function replies(output: () => string, count: number, timeoutMs = 15_000): Promise<string[]> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const list = output().split('bot> ').slice(1);
    if (list.length >= count) return list;
    if (Date.now() > end) throw new Error(`timed out waiting for ${count} replies:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('DATA_DIR on a disk that fills up', () => {
  it('answers questions, replies politely to the commands that must write, logs that the disk is full', async () => {
    const dataDir = mountTmpfs('size=24m');
    const bot = startMain({ DATA_DIR: dataDir, LOG_FORMAT: 'json' }, { stdin: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (bot.output().includes('/quit to leave')) resolve(void clearInterval(timer));
        else if (bot.child.exitCode !== null) reject(new Error(bot.output()));
      }, 50);
    });
    // The write-ahead log gives back its room, then another file takes every byte left.
    const other = new Database(join(dataDir, 'alerts.sqlite'));
    other.pragma('wal_checkpoint(TRUNCATE)');
    other.close();
    expect(() => execFileSync('dd', ['if=/dev/zero', `of=${join(dataDir, 'filler')}`, 'bs=1M'], { stdio: 'ignore' })).toThrow();

    bot.type('/subscribe CATL');
    await replies(bot.output, 1);
    bot.type('What did CATL announce?');
    await replies(bot.output, 2);
    bot.type('/announce CATL opens a lab | CATL will open a battery lab.');
    await replies(bot.output, 3);
    bot.type('Who runs Cyberport?');
    const list = await replies(bot.output, 4);
    expect(list[0]).toContain("Sorry, I couldn't finish /subscribe: the bot's storage is full, so nothing could be saved.");
    expect(list[1]).toContain('hire 500 staff');
    expect(list[2]).toContain("Sorry, I couldn't finish /announce: the bot's storage is full");
    expect(list[3]).toContain('Jen King-shun');
    expect(bot.output()).toContain(`"msg":"the disk of DATA_DIR (${dataDir}) is full: /subscribe could not save its change; free some space (questions are still answered)"`);
    bot.type('/quit');
    expect(await bot.exited).toBe(0);
  }, 40_000);
});

describe('npm start refuses a read-only DATA_DIR', () => {
  it('an empty read-only file system, or one holding the database: names DATA_DIR, no stack', async () => {
    const empty = mountTmpfs('size=1m,ro');
    const withDb = mountTmpfs('size=8m');
    openDatabase(withDb).close();
    execFileSync('mount', ['-o', 'remount,ro', withDb]);
    for (const dataDir of [empty, join(empty, 'data'), withDb]) {
      const bot = startMain({ DATA_DIR: dataDir });
      expect(await bot.exited).toBe(1);
      expect(bot.output()).toContain(`DATA_DIR: cannot keep the bot's data in "${dataDir}"`);
      expect(bot.output()).toMatch(/read-only file system/);
      expect(bot.output()).not.toMatch(STACK);
    }
  }, 30_000);

  it('a DATA_DIR where no folder can be made (under /proc): names DATA_DIR and exits at once', async () => {
    const bot = startMain({ DATA_DIR: '/proc/hkbot-data' });
    expect(await bot.exited).toBe(1);
    expect(bot.output()).toContain('DATA_DIR: cannot keep the bot\'s data in "/proc/hkbot-data"');
    expect(bot.output()).not.toMatch(STACK);
  }, 30_000);
});
