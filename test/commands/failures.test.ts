// Every command whose services fail (a damaged or full database, a bug) answers with a friendly reply and never throws.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dispatchText, registry, runCommand, type CommandServices, type Reply } from '../../commands/index.js';
import { createFeedbackService } from '../../src/alerts/feedback.js';
import { createAlertsService } from '../../src/alerts/service.js';
import type { AlertsStore } from '../../src/storage/types.js';
import { bundledCore } from '../support/core.js';
import { testContext } from '../support/command-context.js';

/** The real alert and feedback services over a store whose every call fails with `error` (a damaged or full file). */
function failing(error: Error): CommandServices {
  const store = new Proxy({ engine: 'sqlite' }, {
    get: (target, key) => (key === 'engine' ? target.engine : key === 'then' || typeof key === 'symbol' ? undefined : () => Promise.reject(error)),
  }) as unknown as AlertsStore;
  const alerts = createAlertsService({ store, core: bundledCore, connected: ['console'], feeds: () => store.feedHealth([]), kick: () => undefined });
  return { alerts, feedback: createFeedbackService({ store }) };
}

/** Text a person would see for a reply. */
const shown = (reply: Reply | undefined) => JSON.stringify(reply);

describe('commands on a failing database', () => {
  it('/announce on a damaged database says so, and every command of the registry answers with a reply', async () => {
    const failures: Array<{ command: string; kind: string }> = [];
    const damaged = new Database.SqliteError('database disk image is malformed', 'SQLITE_CORRUPT');
    const services = { ...failing(damaged), onFailure: (_e: unknown, info: { command: string; kind: string }) => void failures.push(info) };
    const ctx = testContext({ isAdmin: true, services });
    const announced = await dispatchText('/announce CATL opens a lab | CATL will open a battery lab.', ctx);
    expect(announced).toMatchObject({ kind: 'notice', tone: 'error' });
    expect(shown(announced)).toContain("Sorry, I couldn't finish /announce: the bot's database has a problem. The administrators have been told. Questions still work.");
    expect(failures).toEqual([{ command: 'announce', kind: 'damaged', platform: 'console' }]);
    const samples: Record<string, string> = { subscribe: 'CATL', unsubscribe: 'everything', why: '1', feedback: 'up', announce: 'A title | text', ask: 'What did CATL announce?' };
    for (const command of registry) {
      const reply = await dispatchText(`/${command.name} ${samples[command.name] ?? 'CATL'}`, ctx);
      expect(reply, command.name).toBeDefined();
      expect(['notice', 'answer', 'profile', 'search', 'announcements', 'sources', 'help', 'list', 'ack']).toContain(reply!.kind);
    }
    expect(await dispatchText('What did CATL announce?', ctx)).toMatchObject({ kind: 'answer' });
  });

  it('a full disk, a busy database and a bug each get their own friendly words', async () => {
    const ctx = (error: Error) => testContext({ isAdmin: true, services: failing(error) });
    const full = await runCommand('subscribe', { topic: 'CATL' }, ctx(new Database.SqliteError('database or disk is full', 'SQLITE_FULL')));
    expect(shown(full)).toContain("the bot's storage is full, so nothing could be saved");
    const busy = await runCommand('subscriptions', {}, ctx(new Database.SqliteError('database is locked', 'SQLITE_BUSY')));
    expect(shown(busy)).toContain("the bot's database is busy. Please try again in a moment.");
    const bug = await runCommand('why', { announcement: '1' }, ctx(new TypeError('x is undefined')));
    expect(shown(bug)).toContain("Sorry, something went wrong on my side and I couldn't finish /why.");
  });
});
