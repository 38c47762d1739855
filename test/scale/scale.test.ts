// Past one machine, proven on this one: 2 webhooks, 3 workers and a poller (with a standby) on one PostgreSQL,
// 10,000 subscribed chats, a Telegram stand-in that answers some calls with 429 and 5xx, workers and the poller killed.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../src/storage/postgres/migrations.js';
import { createPool, type Pool } from '../../src/storage/postgres/pool.js';
import { dropSchemas, freshSchema, TEST_DATABASE_URL } from '../services/helpers/postgres.js';
import { startFeedServer, type FeedEntry, type FeedServer } from '../support/feed-server.js';
import { maxInWindow, postUpdate, startBotProcess, startRemoteStandIn, webhookSecret, type BotProcess, type RemoteStandIn, type RemoteMessage } from './cluster.js';

const CHATS = Number(process.env.SCALE_CHATS ?? 10_000);
const GROUPS = Math.floor(CHATS / 10);
const PRIVATE = CHATS - GROUPS;
const privateId = (i: number) => 100_000 + i;
const groupId = (i: number) => -100_000 - i;
const HOOK = '/telegram/hook';
/** The processes log JSON lines (pino); the one that takes the poller's role says so. */
const ACTIVE_POLLER = /"component":"feed-poller".*"msg":"this process is now the active one"/;

const old: FeedEntry = { guid: 'old-1', title: 'CATL expands battery research', link: 'https://news.test/old-1', description: 'CATL said it will hire more battery researchers.' };
const news: FeedEntry = { guid: 'new-1', title: 'Cyberport opens a Web3 hub for 50 start-ups', link: 'https://news.test/cyberport-web3', description: 'Cyberport said its new Web3 hub will host 50 start-ups and investors.' };

let schema: string;
let pool: Pool;
let root: string;
let tg: RemoteStandIn;
let feeds: FeedServer;
const procs: BotProcess[] = [];
let ports: number[] = [];
const subscribed = new Set<number>();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const start = (name: string, roles: string, extra: Record<string, string> = {}) => {
  const p = startBotProcess(name, {
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    BOT_ROLES: roles,
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    DISCORD_TOKEN: '',
    KNOWLEDGE_DIR: join(root, 'knowledge'),
    DATA_DIR: join(root, 'data'),
    FEEDS: feeds.url('/news.rss'),
    FEEDS_ALLOW_ADDRESSES: '127.0.0.1',
    FEED_POLL_SECONDS: '5',
    OUTBOX_LEASE_SECONDS: '15',
    FAILOVER_SECONDS: '2',
    ADMIN_IDS: '',
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    ...extra,
  });
  procs.push(p);
  return p;
};

const message = (chatId: number, text: string, updateId: number) => ({
  update_id: updateId,
  message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: 'private', first_name: 'Ada' }, from: { id: chatId, is_bot: false, first_name: 'Ada' }, text },
});
const alertsTo = async (chatId: number) => (await tg.messages(chatId)).filter((m) => m.text.startsWith('🔔'));

let workers: BotProcess[];
let webhooks: BotProcess[];
let pollers: BotProcess[];

beforeAll(async () => {
  schema = freshSchema('scale');
  root = mkdtempSync(join(tmpdir(), 'scale-'));
  cpSync('knowledge', join(root, 'knowledge'), { recursive: true });
  pool = createPool({ connectionString: TEST_DATABASE_URL, schema, max: 2 });
  await migratePostgres(pool, schema);
  await pool.query(
    `INSERT INTO subscriptions (chat, platform, chat_id, chat_type, kind, value, label, created_at)
     SELECT 'telegram:' || id, 'telegram', id::text, CASE WHEN id < 0 THEN 'group' ELSE 'private' END, 'entity', 'cyberport', 'Cyberport', 0
     FROM (SELECT 100000 + i AS id FROM generate_series(1, $1::int) AS i UNION ALL SELECT -100000 - i FROM generate_series(1, $2::int) AS i) AS chats`,
    [PRIVATE, GROUPS],
  );
  for (let i = 1; i <= PRIVATE; i++) subscribed.add(privateId(i));
  for (let i = 1; i <= GROUPS; i++) subscribed.add(groupId(i));
  // Every 613th sendMessage is answered 429 (retry_after 1), every 257th 502 (test/scale/stand-in-process.ts).
  tg = await startRemoteStandIn();
  feeds = await startFeedServer();
  feeds.set('/news.rss', { kind: 'rss', entries: [old] });
  ports = [await freePort(), await freePort()];
  workers = [start('worker-1', 'worker'), start('worker-2', 'worker'), start('worker-3', 'worker')];
  webhooks = ports.map((port, i) => start(`webhook-${i + 1}`, 'webhook', { TELEGRAM_WEBHOOK_URL: `https://bot.test${HOOK}`, TELEGRAM_WEBHOOK_PORT: String(port), TELEGRAM_WEBHOOK_HOST: '127.0.0.1' }));
  pollers = [start('poller-1', 'poller')];
  await Promise.all([...workers, ...webhooks].map((p) => p.waitForLog(/"msg":"roles started"/, 120_000)));
  await pollers[0]!.waitForLog(ACTIVE_POLLER, 120_000);
  // The standby starts once the first poller holds the role.
  pollers.push(start('poller-2', 'poller'));
  await pollers[1]!.waitForLog(/"msg":"roles started"/, 120_000);
  await webhooks[0]!.waitForLog(/"msg":"webhook mode"/, 60_000);
  await webhooks[1]!.waitForLog(/"msg":"webhook mode"/, 60_000);
}, 300_000);

afterAll(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.kill('SIGTERM');
  await Promise.race([Promise.all(procs.map((p) => p.exited)), new Promise((r) => setTimeout(r, 20_000))]);
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.kill('SIGKILL');
  await pool?.end();
  await tg?.stop();
  await feeds?.stop();
  if (schema) await dropSchemas(schema, `${schema}_queue`);
  if (root) rmSync(root, { recursive: true, force: true });
}, 60_000);

describe(`at scale: ${CHATS.toLocaleString('en')} chats, 2 webhooks, 3 workers, a poller and its standby`, () => {
  it('answers an update delivered to both webhook instances once, and a follow-up on the other instance knows the topic', async () => {
    const secret = webhookSecret(tg.token);
    const statuses = await Promise.all(ports.map((port) => postUpdate(port, HOOK, secret, message(777, 'What did CATL announce?', 9_000_001))));
    expect(statuses).toEqual([200, 200]);
    const [answer] = await tg.waitForMessages(777, 1, 20_000);
    expect(answer!.text).toContain('CATL');
    await postUpdate(ports[0]!, HOOK, secret, message(778, 'What did CATL announce?', 9_000_002));
    await tg.waitForMessages(778, 1, 20_000);
    await postUpdate(ports[1]!, HOOK, secret, message(778, 'How many people will it hire?', 9_000_003));
    const replies = await tg.waitForMessages(778, 2, 20_000);
    expect(replies[1]!.text).toContain('500');
    await new Promise((r) => setTimeout(r, 1500));
    expect(await tg.messages(777)).toHaveLength(1);
    expect(Number((await pool.query('SELECT count(*) AS n FROM telegram_updates WHERE update_id = 9000001')).rows[0].n)).toBe(1);
  }, 120_000);

  it('delivers one alert to every chat within the limits, through 429s, 5xx, a killed worker and a killed poller', async () => {
    const secret = webhookSecret(tg.token);
    await expect.poll(async () => (await pool.query('SELECT baseline_done FROM feeds')).rows[0]?.baseline_done, { timeout: 60_000, interval: 500 }).toBe(true);
    const started = Date.now();
    feeds.set('/news.rss', { kind: 'rss', entries: [news, old] });
    // Replies are a handful; counting every message keeps the stand-in's event loop free while thousands arrive.
    const alertCount = async () => (await tg.sentCount()) - 4;
    await expect.poll(alertCount, { timeout: 120_000, interval: 200 }).toBeGreaterThan(0);
    const firstAlertAfterMs = Date.now() - started;

    // kill -9 a worker a third of the way in: the database says what it had in flight.
    await expect.poll(alertCount, { timeout: 600_000, interval: 100 }).toBeGreaterThanOrEqual(Math.floor(CHATS / 3));
    const killed = workers[0]!;
    killed.kill('SIGKILL');
    await killed.exited;
    const inFlight = (await pool.query("SELECT chat FROM deliveries WHERE status = 'sending' AND claimed_by = $1", [killed.workerId])).rows.map((r) => Number(String(r.chat).slice(9)));

    // A question during the fan-out is answered ahead of the alerts.
    const askedAt = Date.now();
    await postUpdate(ports[0]!, HOOK, secret, message(779, 'Who runs Cyberport?', 9_000_004));
    await tg.waitForMessages(779, 1, 30_000);
    const replyMs = Date.now() - askedAt;

    // kill -9 the active poller: the standby takes the role and polls the feed within 30 s.
    await expect.poll(alertCount, { timeout: 600_000, interval: 100 }).toBeGreaterThanOrEqual(Math.floor(CHATS / 2));
    const pollerKilledAt = Date.now();
    pollers[0]!.kill('SIGKILL');
    await pollers[0]!.exited;
    await pollers[1]!.waitForLog(ACTIVE_POLLER, 30_000);
    await expect.poll(() => feeds.requests('/news.rss').filter((r) => r.at > pollerKilledAt + 100).length, { timeout: 30_000, interval: 200 }).toBeGreaterThan(0);
    const standbyPolledAfterMs = feeds.requests('/news.rss').find((r) => r.at > pollerKilledAt + 100)!.at - pollerKilledAt;

    await expect
      .poll(async () => Number((await pool.query("SELECT count(*) AS n FROM deliveries WHERE status IN ('pending', 'sending')")).rows[0].n), { timeout: 900_000, interval: 1000 })
      .toBe(0);
    const fanOutMs = Date.now() - started;

    // Every chat reached; repeats only for what the killed worker had in flight.
    const perChat = new Map<number, RemoteMessage[]>();
    for (const m of await tg.messages()) if (m.text.startsWith('🔔')) perChat.set(m.chatId, [...(perChat.get(m.chatId) ?? []), m]);
    const missed = [...subscribed].filter((id) => !perChat.has(id));
    const repeated = [...perChat].filter(([, list]) => list.length > 1).map(([id]) => id);
    const counts = await pool.query('SELECT status, count(*) AS n, count(DISTINCT claimed_by) AS claimers FROM deliveries GROUP BY status');
    const claimers = (await pool.query("SELECT DISTINCT claimed_by FROM deliveries WHERE status = 'sent'")).rows.map((r) => r.claimed_by);

    // The token's limits, as the stand-in saw every message it accepted (alerts and replies alike).
    const calls = await tg.calls('sendMessage');
    const sent = calls.filter((c) => c.status === 200).map((c) => c.at);
    const busiestSecond = maxInWindow(sent, 1000);
    const perChatGaps = [...perChat.values()].flatMap((list) => list.slice(1).map((m, i) => m.at - list[i]!.at));
    const limited = calls.filter((c) => c.status === 429).map((c) => c.at);
    const duringPauses = limited.map((t) => sent.filter((s) => s > t + 100 && s < t + 1000).length);
    const standInDelay = await tg.loopDelay();
    if (busiestSecond > 30) {
      const i = sent.findIndex((t) => sent.filter((u) => u >= t && u < t + 1000).length === busiestSecond);
      console.log('busiest second, gaps in ms (10 before it, then the second):', sent.slice(Math.max(0, i - 10), i + busiestSecond).map((t, k, a) => (k ? Math.round(t - a[k - 1]!) : 0)).join(' '));
    }
    for (const w of workers.slice(1)) w.kill('SIGTERM');
    await Promise.all(workers.slice(1).map((w) => w.exited));
    for (const w of workers.slice(1)) console.log(w.name, w.output().split('\n').find((l) => l.includes('"msg":"budget used by this process"')));
    console.log(
      JSON.stringify({
        chats: CHATS,
        firstAlertAfterMs,
        fanOutMs,
        messages: sent.length,
        busiestSecond,
        injected429: limited.length,
        injected5xx: calls.filter((c) => c.status === 502).length,
        mostSentDuringA429Pause: Math.max(0, ...duringPauses),
        killedWorkerInFlight: inFlight.length,
        repeats: repeated.length,
        replyDuringFanOutMs: Math.round(replyMs),
        standInLoopDelayMs: standInDelay,
        standbyPolledAfterMs,
        deliveries: Object.fromEntries(counts.rows.map((r) => [r.status, Number(r.n)])),
      }),
    );

    expect(missed).toEqual([]);
    expect(repeated.length).toBeLessThanOrEqual(inFlight.length);
    expect(repeated.filter((id) => !inFlight.includes(id))).toEqual([]);
    expect(Object.fromEntries(counts.rows.map((r) => [r.status, Number(r.n)]))).toEqual({ sent: CHATS });
    expect(claimers.every((c) => workers.some((w) => w.workerId === c))).toBe(true);
    expect(busiestSecond).toBeLessThanOrEqual(30);
    expect(Math.min(Infinity, ...perChatGaps)).toBeGreaterThanOrEqual(1000);
    // Every 613th message is answered 429: a run of SCALE_CHATS below that (for a quick look) meets none.
    if (CHATS >= 613) expect(limited.length).toBeGreaterThan(0);
    expect(Math.max(0, ...duringPauses)).toBeLessThanOrEqual(2);
    expect(replyMs).toBeLessThan(5000);
    expect(standbyPolledAfterMs).toBeLessThan(30_000);
    expect((await alertsTo(privateId(1)))[0]!.text).toContain('Cyberport opens a Web3 hub');
  }, 1_200_000);
});
