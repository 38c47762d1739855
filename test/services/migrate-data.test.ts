// npm run migrate-data: a SQLite DATA_DIR copied into PostgreSQL without losing or repeating a delivery.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTelegramAlertSender } from '../../src/adapters/telegram/alert-sender.js';
import { createFeedbackService } from '../../src/alerts/feedback.js';
import { createBudgets, postgresLimiters } from '../../src/limits/index.js';
import { createPgWorker } from '../../src/outbox/pg-worker.js';
import { ALERT_QUEUE, createPgOutbox, startQueue } from '../../src/outbox/queue.js';
import { pgStore } from '../../src/storage/postgres/pg-store.js';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';
import { memoryLogger, waitUntil } from '../alerts/helpers/env.js';
import { startTelegramStandIn } from '../support/telegram-stand-in.js';
import { eventually, freshDatabase, TEST_DATABASE_URL } from './helpers/postgres.js';

function migrate(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/storage/migrate-data-cli.ts'], { env: { ...process.env, TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '', FEEDS: '', ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code: code ?? -1, out }));
  });
}

describe('migrate-data', () => {
  it('copies subscriptions, announcements, deliveries and feeds; queues only what is pending, once, however often it runs', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'migrate-'));
    const db = await freshDatabase('migrate');
    const tg = await startTelegramStandIn();
    const logger = memoryLogger();
    try {
      const sqlite = openSqliteStore(dataDir);
      const chat = (id: number) => ({ platform: 'telegram' as const, id: String(id), type: 'private' as const });
      for (let id = 1; id <= 6; id++) await sqlite.addSubscription(chat(id), { kind: 'all', value: '', label: 'all' });
      await sqlite.recordAnnouncement({ title: 'Older news', text: 'Nothing new.', origin: 'test', entities: [], sectors: [] }, { baseline: true });
      const r = await sqlite.recordAnnouncement({ title: 'Cyberport opens a lab', text: 'Cyberport opened a lab.', origin: 'test', entities: [{ id: 'cyberport', name: 'Cyberport' }], sectors: [] });
      if (!r.recorded) throw new Error('not recorded');
      const set = sqlite.db.prepare('UPDATE deliveries SET status = ?, sent_at = ? WHERE chat = ?');
      set.run('sent', 1000, 'telegram:1');
      set.run('sent', 1000, 'telegram:2');
      set.run('failed', null, 'telegram:3');
      set.run('sending', null, 'telegram:4');
      await sqlite.ensureFeeds(['https://news.test/feed']);
      await sqlite.feedFetched('https://news.test/feed', { etag: '"e1"', newItems: 4 });
      const rated = await createFeedbackService({ store: sqlite }).record({ question: 'What did CATL announce?', answered: true, factIds: ['f1'], platform: 'telegram' });
      expect(await createFeedbackService({ store: sqlite }).vote({ answerId: rated!, voter: 'telegram:42', vote: 'up' })).toMatchObject({ status: 'added' });
      await sqlite.close();

      const env = { DATA_DIR: dataDir, DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: db.schema };
      const first = await migrate(env);
      expect(first.code).toBe(0);
      expect(first.out).toContain('deliveries: 6 read, 6 copied');
      expect(first.out).toContain('pending deliveries queued: 3');
      const again = await migrate(env);
      expect(again.out).toContain('deliveries: 6 read, 0 copied, 6 already there');
      expect(again.out).toContain('pending deliveries queued: 0');

      const boss = await startQueue({ connectionString: TEST_DATABASE_URL, schema: db.schema, logger });
      const store = pgStore({ pool: db.pool, schema: db.schema, outbox: createPgOutbox(boss, db.schema) });
      expect(await boss.getQueueSize(ALERT_QUEUE)).toBe(3);
      expect(await store.getAnnouncement(r.announcement.id)).toMatchObject({ title: 'Cyberport opens a lab', entities: [{ id: 'cyberport', name: 'Cyberport' }] });
      expect(await store.countDeliveries()).toEqual({ pending: 3, sending: 0, sent: 2, failed: 1, skipped: 0 });
      expect(await store.getFeed('https://news.test/feed')).toMatchObject({ etag: '"e1"', items: 4, baselineDone: true });
      expect(await store.feedbackRecords()).toEqual([expect.objectContaining({ question: 'What did CATL announce?', vote: 'up', factIds: ['f1'] })]);
      // The salt came along: the same person's second vote on PostgreSQL replaces the first.
      expect(await createFeedbackService({ store }).vote({ answerId: rated!, voter: 'telegram:42', vote: 'down' })).toEqual({ status: 'changed', vote: 'down' });
      expect((await store.listSubscriptions(chat(6))).map((s) => s.kind)).toEqual(['all']);
      // New rows continue after the copied ids.
      const added = await store.addSubscription(chat(7), { kind: 'all', value: '', label: 'all' });
      expect(added.status === 'added' && added.subscription.id).toBe(7);

      const worker = createPgWorker({
        boss,
        store,
        logger,
        senders: { telegram: createTelegramAlertSender({ token: tg.token, apiRoot: tg.apiRoot, timeoutSeconds: 5 }) },
        budgets: createBudgets({ tokens: { telegram: tg.token }, limiter: postgresLimiters(db.pool, db.schema), rules: false }),
        workerId: 'migrated-worker',
        leaseMs: 20_000,
        idlePollMs: 100,
      });
      worker.start();
      await waitUntil(() => [4, 5, 6].every((id) => tg.messages(id).length === 1), 'the three pending alerts', 10_000);
      await eventually(async () => (await store.countDeliveries()).sent === 5, 'the alerts marked sent');
      await worker.stop();
      // A third run after the move changes nothing and sends nothing again.
      const third = await migrate(env);
      expect(third.out).toContain('pending deliveries queued: 0');
      expect(await boss.getQueueSize(ALERT_QUEUE)).toBe(0);
      expect([1, 2, 3, 4, 5, 6].map((id) => tg.messages(id).length)).toEqual([0, 0, 0, 1, 1, 1]);
      await boss.stop({ graceful: false, wait: true, close: true });
    } finally {
      await tg.stop();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
