// A full disk while the console bot runs (every write of the store fails with SQLite's own SQLITE_FULL error): the
// commands that must write say so politely and it is logged; questions are still answered. The same on a real full
// tmpfs runs in `npm run test:services` (test/services/disk.test.ts), where mounting is allowed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runConsoleBot } from '../../src/adapters/console/console-bot.js';
import { loadConfig } from '../../src/config.js';
import { startObservability } from '../../src/observability/index.js';
import { startRoles } from '../../src/runtime/roles.js';
import { openState } from '../../src/runtime/state.js';
import { testApp } from '../adapters/telegram/harness.js';
import { memoryLogger } from '../alerts/helpers/env.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('a full disk under the console bot', () => {
  it('answers questions, replies politely to /subscribe and /announce, logs that the disk is full, and keeps running', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'full-disk-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const logger = memoryLogger();
    const config = loadConfig({ DATA_DIR: dataDir, FEEDS: '', ADMIN_IDS: '' }, { dotenv: false });
    const state = await openState(config, logger);
    const ops = await startObservability({ config, app: testApp(), logger, platforms: ['console'] });
    let full = false;
    const running = await startRoles({ config, logger, app: testApp(), state: { ...state, store: fillable(state.store, () => full) } as typeof state, ops });
    cleanups.push(async () => {
      await running.stop();
      await state.close();
      await ops.stop();
    });
    // The disk fills up.
    full = true;

    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const done = runConsoleBot(testApp(), { input, output, services: running.services });
    for (const line of ['/subscribe CATL', 'What did CATL announce?', '/announce CATL opens a lab | CATL will open a battery lab.', '/subscriptions', 'Who runs Cyberport?']) input.write(`${line}\n`);
    input.end();
    await done;

    const replies = text.split('bot> ').slice(1);
    expect(replies).toHaveLength(5);
    expect(replies[0]).toContain("Sorry, I couldn't finish /subscribe: the bot's storage is full, so nothing could be saved.");
    expect(replies[1]).toContain('hire 500 staff');
    expect(replies[2]).toContain("Sorry, I couldn't finish /announce: the bot's storage is full");
    expect(replies[3]).toContain('no subscriptions yet');
    expect(replies[4]).toContain('Jen King-shun');
    const logged = logger.lines.filter((l) => l.startsWith(`error the disk of DATA_DIR (${dataDir}) is full`));
    expect(logged).toHaveLength(2);
    expect(logged[0]).toContain('/subscribe could not save its change; free some space');
  });
});

/** The store's writes, as a full disk fails them: SQLite's SQLITE_FULL, as better-sqlite3 throws it. */
const WRITES = new Set(['keepAnswer', 'pruneUnrated', 'castVote', 'addSubscription', 'removeSubscriptions', 'deactivateChat', 'recordAnnouncement', 'ensureFeeds', 'feedFailed', 'feedFetched', 'feedOk', 'claimUpdate', 'pruneUpdates', 'saveChatState']);

function fillable<T extends object>(store: T, isFull: () => boolean): T {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== 'function' || !WRITES.has(String(key))) return value;
      return (...args: unknown[]) => {
        if (isFull()) return Promise.reject(new Database.SqliteError('database or disk is full', 'SQLITE_FULL'));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
