// /healthz and /metrics over real HTTP on the alerts database: the outbox and feeds as an operator sees them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { recordAnnouncement } from '../../src/alerts/announcements.js';
import { openDatabase, outboxState, probeWritable, type Db } from '../../src/alerts/db.js';
import { addSubscription } from '../../src/alerts/subscriptions.js';
import type { FeedHealth } from '../../src/alerts/types.js';
import { silentLogger } from '../../src/logger.js';
import { createHealth } from '../../src/observability/health.js';
import { createPromMetrics } from '../../src/observability/metrics.js';
import { startOpsServer, type OpsServer } from '../../src/observability/server.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(feeds: FeedHealth[]): Promise<{ db: Db; server: OpsServer; get: (path: string, init?: RequestInit) => Promise<Response> }> {
  const dir = mkdtempSync(join(tmpdir(), 'ops-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const db = openDatabase(dir);
  cleanups.push(() => {
    if (db.open) db.close();
  });
  const prom = createPromMetrics({ platforms: ['telegram', 'discord'] });
  const health = createHealth();
  health.add('database', () => probeWritable(db));
  health.add('feeds', () => ({ ok: feeds.every((f) => f.health !== 'failing'), feeds }), { critical: false });
  prom.read({ outbox: () => outboxState(db), feeds: () => feeds });
  const server = await startOpsServer({ port: 0, health, metrics: prom, logger: silentLogger });
  cleanups.push(() => server.stop());
  return { db, server, get: (path, init) => fetch(`http://127.0.0.1:${server.port}${path}`, init) };
}

const feed = (url: string, health: FeedHealth['health'], failures = 0): FeedHealth => ({ url, health, failures, nextPollAt: 0, baselineDone: true, items: 3 });

describe('operations endpoint', () => {
  it('shows the outbox depth, the age of the oldest waiting alert and each feed', async () => {
    const { db, get } = await setUp([feed('https://ok.example/rss', 'ok'), feed('https://down.example/rss', 'failing', 4)]);
    for (const id of ['1', '2', '3']) addSubscription(db, { platform: 'telegram', id, type: 'private' }, { kind: 'entity', value: 'cyberport', label: 'Cyberport' });
    recordAnnouncement(db, { title: 'Cyberport news', text: 'Cyberport announced news.', origin: 'test', entities: [{ id: 'cyberport', name: 'Cyberport' }], sectors: [] }, { now: Date.now() - 120_000 });

    const response = await get('/metrics');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^hkbot_outbox_pending 3$/m);
    const age = Number(/^hkbot_outbox_oldest_pending_age_seconds (\S+)$/m.exec(text)?.[1]);
    expect(age).toBeGreaterThanOrEqual(120);
    expect(age).toBeLessThan(180);
    expect(text).toContain('hkbot_feed_up{feed="https://ok.example/rss"} 1');
    expect(text).toContain('hkbot_feed_up{feed="https://down.example/rss"} 0');
    expect(text).toContain('hkbot_feed_consecutive_failures{feed="https://down.example/rss"} 4');
    // Counters are there at 0 before anything happened, so alerts on their rate work from the start.
    expect(text).toContain('hkbot_questions_total{platform="discord",outcome="declined"} 0');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('answers 200 "degraded" when only a feed fails, and 503 "failing" when the database is gone', async () => {
    const { db, get } = await setUp([feed('https://down.example/rss', 'failing', 1)]);
    const degraded = await get('/healthz');
    expect(degraded.status).toBe(200);
    expect(degraded.headers.get('content-type')).toContain('application/json');
    expect(await degraded.json()).toMatchObject({ status: 'degraded', checks: { database: { ok: true }, feeds: { ok: false } } });
    db.close();
    const failing = await get('/healthz');
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({ status: 'failing', checks: { database: { ok: false, error: 'the database is closed' } } });
    // The scrape still works without the database: its gauges read 0.
    expect(await (await get('/metrics')).text()).toMatch(/^hkbot_outbox_pending 0$/m);
  });

  it('refuses other paths and methods plainly', async () => {
    const { get } = await setUp([]);
    expect((await get('/')).status).toBe(404);
    expect(await (await get('/nope')).text()).toContain('try /healthz or /metrics');
    expect((await get('/metrics', { method: 'POST' })).status).toBe(405);
  });
});
