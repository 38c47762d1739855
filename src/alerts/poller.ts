// Polls the configured RSS/Atom feeds: conditional GET, first-run baseline, dedupe, backoff, health.
import type { QueryCore } from '../core/index.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../observability/types.js';
import { contentHash, findDuplicate, recordAnnouncement } from './announcements.js';
import type { Db } from './db.js';
import { fetchFeed, type FeedItem, type FetchOptions } from './feed-fetch.js';
import { describeArticle } from './ingest.js';
import { writeSource } from './knowledge-writer.js';
import type { Clock, FeedHealth } from './types.js';

export interface PollerOptions {
  db: Db;
  logger: Logger;
  /** Polls by outcome are counted here (default: nowhere). */
  metrics?: Metrics;
  feeds: string[];
  /** Seconds between polls of a healthy feed. */
  pollSeconds: number;
  /** The current core (entities of new items are found with it). */
  core: () => QueryCore;
  /** When set, new items are also written into the knowledge base as sources. */
  knowledgeDir?: string;
  /** Called after new announcements were recorded (kick the dispatcher). */
  onRecorded?: (count: number) => void;
  fetch?: Omit<FetchOptions, 'etag' | 'lastModified'>;
  /** First retry of a failing feed; doubles per failure up to `maxBackoffMs`. */
  retryBaseMs?: number;
  maxBackoffMs?: number;
  /** How often to look for due feeds. Default 1000 ms. */
  tickMs?: number;
  clock?: Clock;
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
  /** Poll every configured feed now, whatever its schedule; resolves when all are done. */
  pollAll(): Promise<void>;
  health(): FeedHealth[];
}

interface FeedRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  health: FeedHealth['health'];
  failures: number;
  last_error: string | null;
  last_checked_at: number | null;
  last_ok_at: number | null;
  next_poll_at: number;
  baseline_done: number;
  items: number;
}

export function createPoller(options: PollerOptions): Poller {
  const { db, logger } = options;
  const metrics = options.metrics ?? noMetrics;
  const clock = options.clock ?? Date.now;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 6 * 3600_000;
  const busy = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const insert = db.prepare('INSERT OR IGNORE INTO feeds (url, next_poll_at) VALUES (?, 0)');
  for (const url of options.feeds) insert.run(url);
  const get = db.prepare('SELECT * FROM feeds WHERE url = ?');

  async function poll(url: string): Promise<void> {
    const row = get.get(url) as FeedRow;
    const outcome = await fetchFeed(url, {
      ...options.fetch,
      ...(row.etag ? { etag: row.etag } : {}),
      ...(row.last_modified ? { lastModified: row.last_modified } : {}),
    });
    const now = clock();
    metrics.feedPolled(outcome.status);
    if (outcome.status === 'error') {
      const failures = row.failures + 1;
      const backoff = Math.min(maxBackoffMs, retryBaseMs * 2 ** (failures - 1));
      db.prepare("UPDATE feeds SET health = 'failing', failures = ?, last_error = ?, last_checked_at = ?, next_poll_at = ? WHERE url = ?").run(failures, outcome.error, now, now + backoff, url);
      logger.warn('feed failed', { url, error: outcome.error, failures, retryInMs: backoff });
      return;
    }
    let recorded = 0;
    if (outcome.status === 'ok') {
      const baseline = row.baseline_done === 0;
      for (const item of outcome.items) if (recordItem(url, item, baseline)) recorded++;
      db.prepare('UPDATE feeds SET etag = ?, last_modified = ?, baseline_done = 1, items = items + ? WHERE url = ?').run(outcome.etag ?? null, outcome.lastModified ?? null, baseline ? outcome.items.length : recorded, url);
      if (baseline) logger.info('feed baseline recorded (no alerts for existing items)', { url, items: outcome.items.length });
    }
    db.prepare("UPDATE feeds SET health = 'ok', failures = 0, last_error = NULL, last_checked_at = ?, last_ok_at = ?, next_poll_at = ? WHERE url = ?").run(now, now, now + options.pollSeconds * 1000, url);
    if (recorded > 0) {
      logger.info('new feed items', { url, count: recorded });
      options.onRecorded?.(recorded);
    }
  }

  /** Record one item; true when it is new and not a baseline item. */
  function recordItem(feedUrl: string, item: FeedItem, baseline: boolean): boolean {
    const guid = item.guid ? `${feedUrl}#${item.guid}` : undefined;
    if (findDuplicate(db, { guid, link: item.link, hash: contentHash(item.title, item.text) })) return false;
    const core = options.core();
    let sourceId: string | undefined;
    if (!baseline && options.knowledgeDir && item.text.length >= 40) {
      try {
        sourceId = writeSource(options.knowledgeDir, {
          title: item.title,
          body: item.text,
          origin: item.link ?? feedUrl,
          ...(item.date ? { date: item.date } : {}),
          ...(item.author ? { publisher: item.author } : {}),
          ...(item.link && /^https?:/.test(item.link) ? { url: item.link } : {}),
        }, { validate: 'file', takenIds: core.knowledge.sources.map((s) => s.id) }).id;
      } catch (error) {
        logger.warn('feed item not added to the knowledge base', { feed: feedUrl, title: item.title, error });
      }
    }
    const result = recordAnnouncement(
      db,
      {
        title: item.title,
        text: item.text,
        origin: `feed:${feedUrl}`,
        ...describeArticle(core, item.title, item.text),
        ...(guid ? { guid } : {}),
        ...(item.link ? { link: item.link } : {}),
        ...(item.date ? { date: item.date } : {}),
        ...(item.author ? { publisher: item.author } : {}),
        ...(sourceId ? { sourceId } : {}),
      },
      { baseline, now: clock() },
    );
    return result.recorded && !baseline;
  }

  const run = (url: string): Promise<void> => {
    const current = busy.get(url);
    if (current) return current;
    const job = poll(url)
      .catch((error: unknown) => {
        metrics.feedPolled('error');
        logger.error('feed poll crashed', { url, err: error });
      })
      .finally(() => busy.delete(url));
    busy.set(url, job);
    return job;
  };

  const tick = () => {
    timer = undefined;
    if (!running) return;
    const due = db.prepare('SELECT url FROM feeds WHERE next_poll_at <= ? AND url IN (SELECT value FROM json_each(?))').all(clock(), JSON.stringify(options.feeds)) as Array<{ url: string }>;
    for (const { url } of due) void run(url);
    timer = setTimeout(tick, options.tickMs ?? 1000);
  };

  return {
    start() {
      if (running || options.feeds.length === 0) return;
      running = true;
      tick();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...busy.values()]);
    },
    async pollAll() {
      await Promise.all(options.feeds.map(run));
    },
    health() {
      const rows = db.prepare('SELECT * FROM feeds WHERE url IN (SELECT value FROM json_each(?)) ORDER BY url').all(JSON.stringify(options.feeds)) as FeedRow[];
      return rows.map((r) => ({
        url: r.url,
        health: r.health,
        failures: r.failures,
        nextPollAt: r.next_poll_at,
        baselineDone: r.baseline_done === 1,
        items: r.items,
        ...(r.last_error ? { lastError: r.last_error } : {}),
        ...(r.last_checked_at ? { lastCheckedAt: r.last_checked_at } : {}),
        ...(r.last_ok_at ? { lastOkAt: r.last_ok_at } : {}),
      }));
    },
  };
}
