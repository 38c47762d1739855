// The shared outbox on pg-boss: jobs in the fan-out's transaction, one per announcement and chat, sent once.
import { afterEach, describe, expect, it } from 'vitest';
import type PgBoss from 'pg-boss';
import { createTelegramAlertSender } from '../../src/adapters/telegram/alert-sender.js';
import type { Dispatcher } from '../../src/alerts/dispatcher.js';
import { createBudgets, postgresLimiters } from '../../src/limits/index.js';
import { ALERT_QUEUE, createPgOutbox, jobIdOf, startQueue, uuidV5 } from '../../src/outbox/queue.js';
import { createPgWorker } from '../../src/outbox/pg-worker.js';
import { pgStore, type PgStore } from '../../src/storage/postgres/pg-store.js';
import { withTransaction } from '../../src/storage/postgres/pool.js';
import { startTelegramStandIn, type TelegramStandIn } from '../support/telegram-stand-in.js';
import { memoryLogger, waitUntil } from '../alerts/helpers/env.js';
import { eventually, freshDatabase, TEST_DATABASE_URL } from './helpers/postgres.js';

interface Setup {
  store: PgStore;
  boss: PgBoss;
  tg: TelegramStandIn;
  worker: Dispatcher;
  logger: ReturnType<typeof memoryLogger>;
  stop(): Promise<void>;
}

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.stop();
  setup = undefined;
});

async function start(options: { limits?: boolean; worker?: boolean; sweepMs?: number } = {}): Promise<Setup> {
  const db = await freshDatabase('outbox');
  const logger = memoryLogger();
  const boss = await startQueue({ connectionString: TEST_DATABASE_URL, schema: db.schema, logger, leaseSeconds: 20, maintenanceSeconds: 2 });
  const store = pgStore({ pool: db.pool, schema: db.schema, outbox: createPgOutbox(boss, db.schema) });
  const tg = await startTelegramStandIn();
  const budgets = createBudgets({ tokens: { telegram: tg.token }, limiter: postgresLimiters(db.pool, db.schema), ...(options.limits === false ? { rules: false as const } : {}) });
  const worker = createPgWorker({
    boss,
    store,
    budgets,
    logger,
    senders: { telegram: createTelegramAlertSender({ token: tg.token, apiRoot: tg.apiRoot, timeoutSeconds: 5 }) },
    workerId: 'test-worker',
    leaseMs: 20_000,
    idlePollMs: 100,
    retry: { baseMs: 100, maxMs: 1000 },
    ...(options.sweepMs ? { sweepMs: options.sweepMs } : {}),
  });
  if (options.worker !== false) worker.start();
  return {
    store,
    boss,
    tg,
    worker,
    logger,
    async stop() {
      await worker.stop();
      await boss.stop({ graceful: false, wait: true, close: true });
      await tg.stop();
      await db.drop();
    },
  };
}

const chat = (id: number) => ({ platform: 'telegram' as const, id: String(id), type: 'private' as const });
const input = (title: string) => ({ title, text: `${title}. Cyberport said so.`, origin: 'test', entities: [{ id: 'cyberport', name: 'Cyberport' }], sectors: [] });

describe('outbox on pg-boss', () => {
  it('makes version-5 ids: the same announcement and chat always give the same job id', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
    expect(jobIdOf(7, 'telegram:1')).toBe(jobIdOf(7, 'telegram:1'));
    expect(jobIdOf(7, 'telegram:1')).not.toBe(jobIdOf(7, 'telegram:2'));
  });

  it('enqueues one job per delivery in the fan-out transaction; a repeat enqueue is refused by the job id', async () => {
    setup = await start({ worker: false });
    const { store, boss } = setup;
    for (let i = 1; i <= 30; i++) await store.addSubscription(chat(i), { kind: 'all', value: '', label: 'all' });
    const result = await store.recordAnnouncement(input('Thirty chats'));
    expect(result).toMatchObject({ recorded: true, deliveries: 30 });
    expect(await boss.getQueueSize(ALERT_QUEUE)).toBe(30);
    // The same jobs again (a retried transaction, a migration run twice): refused, nothing doubles.
    if (!result.recorded) throw new Error('not recorded');
    const { rows } = await store.pool.query('SELECT id, chat, chat_type FROM deliveries');
    await withTransaction(store.pool, (client) => createPgOutbox(boss, store.schema).enqueue(client, rows.map((r) => ({ id: Number(r.id), chat: r.chat, chatType: r.chat_type, announcementId: result.announcement.id }))));
    expect(await boss.getQueueSize(ALERT_QUEUE)).toBe(30);
    const job = await boss.getJobById(ALERT_QUEUE, jobIdOf(result.announcement.id, 'telegram:7'));
    expect(job).toMatchObject({ singletonKey: 'telegram:7', data: { c: 'telegram:7', t: 'private' } });
    // A fan-out whose transaction fails leaves neither deliveries nor jobs.
    await expect(
      withTransaction(store.pool, async (client) => {
        await createPgOutbox(boss, store.schema).enqueue(client, [{ id: 999, chat: 'telegram:999', chatType: 'private', announcementId: 999 }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await boss.getJobById(ALERT_QUEUE, jobIdOf(999, 'telegram:999'))).toBeNull();
  });

  it('delivers every alert exactly once, records who sent it, and waits out a 429 for the whole token', async () => {
    setup = await start();
    const { store, tg } = setup;
    const ids = Array.from({ length: 40 }, (_, i) => 9001 + i);
    for (const id of ids) await store.addSubscription(chat(id), { kind: 'entity', value: 'cyberport', label: 'Cyberport' });
    tg.failNext('sendMessage', { status: 429, retry_after: 1 });
    tg.failNext('sendMessage', { status: 502 });
    const started = Date.now();
    await store.recordAnnouncement(input('Cyberport opens a lab'));
    setup.worker.kick();
    await waitUntil(() => ids.every((id) => tg.messages(id).length >= 1), 'every chat', 20_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(ids.map((id) => tg.messages(id).length)).toEqual(ids.map(() => 1));
    expect(tg.messages(9001)[0]!.text).toContain('Cyberport opens a lab');
    await eventually(async () => (await store.countDeliveries()).sent === 40, 'all marked sent');
    expect(await store.countDeliveries()).toMatchObject({ sent: 40, pending: 0, sending: 0 });
    const { rows } = await store.pool.query("SELECT DISTINCT claimed_by FROM deliveries WHERE status = 'sent'");
    expect(rows).toEqual([{ claimed_by: 'test-worker' }]);
    // A job done is deleted; the same jobs queued again (a replayed enqueue) find their deliveries sent: nothing twice.
    const delivered = await store.pool.query('SELECT id, announcement_id, chat, chat_type FROM deliveries');
    await withTransaction(store.pool, (client) =>
      createPgOutbox(setup!.boss, store.schema).enqueue(client, delivered.rows.map((r) => ({ id: Number(r.id), chat: r.chat, chatType: r.chat_type, announcementId: Number(r.announcement_id) }))),
    );
    setup.worker.kick();
    await eventually(async () => (await setup!.boss.getQueueSize(ALERT_QUEUE)) === 0 && (await setup!.boss.getJobById(ALERT_QUEUE, jobIdOf(Number(delivered.rows[0].announcement_id), 'telegram:9001'))) === null, 'the replayed jobs to be done');
    expect(ids.map((id) => tg.messages(id).length)).toEqual(ids.map(() => 1));
    // Nothing was accepted during the token's pause, whichever message hit the 429 (but what had passed its last
    // check already, at most 50 ms before its send time).
    const limited = tg.callsTo('sendMessage').find((c) => c.status === 429)!;
    const during = tg.callsTo('sendMessage').filter((c) => c.status === 200 && c.at > limited.at + 100 && c.at < limited.at + 900);
    expect(during).toEqual([]);
  });

  it('switches off a chat that blocked the bot; its job completes and nothing is retried', async () => {
    setup = await start({ limits: false });
    const { store, tg } = setup;
    await store.addSubscription(chat(7301), { kind: 'all', value: '', label: 'all' });
    tg.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    const r = await store.recordAnnouncement(input('Blocked chat test'));
    setup.worker.kick();
    await waitUntil(() => setup!.logger.lines.find((l) => l.includes('refused the bot')), 'the deactivation');
    if (!r.recorded) throw new Error('not recorded');
    expect(await store.getDelivery(r.announcement.id, 'telegram:7301')).toMatchObject({ status: 'failed', lastError: '403 Forbidden: bot was blocked by the user' });
    expect((await store.listSubscriptions(chat(7301), { all: true }))[0]).toMatchObject({ active: false });
    await eventually(async () => (await setup!.boss.getQueueSize(ALERT_QUEUE)) === 0, 'the queue to drain');
  });

  it('hands back a delivery whose job was lost, settles an announcement once nothing of it is open, and claims and sends without rewriting the indexes', async () => {
    setup = await start({ worker: false, limits: false, sweepMs: 200 });
    const { store, boss, tg } = setup;
    for (const id of [7401, 7402, 7403]) await store.addSubscription(chat(id), { kind: 'all', value: '', label: 'all' });
    const r = await store.recordAnnouncement(input('Lost job test'));
    if (!r.recorded) throw new Error('not recorded');
    // The job of one delivery is gone (it gave up, or was lost) and the delivery was due long ago.
    await boss.deleteJob(ALERT_QUEUE, jobIdOf(r.announcement.id, 'telegram:7403'));
    await store.pool.query("UPDATE deliveries SET next_attempt_at = $1 WHERE chat = 'telegram:7403'", [Date.now() - 3_600_000]);
    expect(await store.outboxState()).toMatchObject({ pending: 3 });
    setup.worker.start();
    await waitUntil(() => [7401, 7402, 7403].every((id) => tg.messages(id).length >= 1), 'every chat, the lost one through the sweep', 15_000);
    await eventually(async () => (await store.countDeliveries()).sent === 3, 'all marked sent');
    await eventually(async () => (await store.pool.query('SELECT settled_at FROM announcements WHERE id = $1', [r.announcement.id])).rows[0].settled_at !== null, 'the announcement settled');
    expect([7401, 7402, 7403].map((id) => tg.messages(id).length)).toEqual([1, 1, 1]);
    expect(await store.outboxState()).toEqual({ pending: 0, oldestAgeSeconds: 0 });
    // No index of deliveries holds a column that a claim or a send changes, so both are HOT updates.
    const { rows: indexes } = await store.pool.query('SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2', [store.schema, 'deliveries']);
    for (const { indexdef } of indexes as Array<{ indexdef: string }>) expect(indexdef).not.toMatch(/status|attempts|claimed|sent_at|last_error|next_attempt_at/);
    await eventually(async () => {
      const { rows } = await store.pool.query('SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2', [store.schema, 'deliveries']);
      // The test's own update of next_attempt_at, three claims and three sends.
      return Number(rows[0].upd) >= 7 && Number(rows[0].hot) === Number(rows[0].upd);
    }, 'every update of deliveries to be HOT', 15_000);
  });
});
