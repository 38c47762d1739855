// Sends pending deliveries through each platform's Sender within its rate limits, retrying without loss.
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../observability/types.js';
import { getAnnouncement } from './announcements.js';
import type { Db } from './db.js';
import { createRateLimiter, type RateLimiter } from './rate-limiter.js';
import { deactivateChat } from './subscriptions.js';
import type { Alert, Announcement, ChatType, Clock, Platform, SendResult, Senders } from './types.js';

export interface RetryPolicy {
  /** First retry after a transient error; doubles each time. */
  baseMs: number;
  maxMs: number;
  /** Transient failures before a delivery is given up as failed. 429s do not count. */
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseMs: 2000, maxMs: 10 * 60_000, maxAttempts: 10 };

export interface DispatcherOptions {
  db: Db;
  senders: Senders;
  logger: Logger;
  /** Sent, failed, retried and 429s are counted here (default: nowhere). */
  metrics?: Metrics;
  limiter?: RateLimiter;
  clock?: Clock;
  /** Messages on their way at once, over all platforms. Default 32. */
  maxInFlight?: number;
  /** How often to look for deliveries recorded by another process (the ingest CLI). Default 1000 ms. */
  idlePollMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface DispatcherStats {
  sent: number;
  retried: number;
  failed: number;
  rateLimited: number;
  /** Deliveries found half-sent at start-up (sent again: the only possible repeats). */
  resumedInFlight: number;
  /** Longest time between the platform accepting a message and its delivery being marked sent (ms). */
  maxMarkLagMs: number;
  inFlight: number;
}

export interface Dispatcher {
  start(): void;
  /** Look for due deliveries now (after recording an announcement). */
  kick(): void;
  /** Stop claiming; wait for the messages in flight to be sent and marked. */
  stop(): Promise<void>;
  stats(): DispatcherStats;
}

interface DueRow {
  id: number;
  announcement_id: number;
  chat: string;
  platform: Platform;
  chat_id: string;
  chat_type: ChatType;
  matched: string;
  unsubscribe: string;
  attempts: number;
}

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { db, senders, logger } = options;
  const metrics = options.metrics ?? noMetrics;
  const clock = options.clock ?? Date.now;
  const limiter = options.limiter ?? createRateLimiter();
  const maxInFlight = options.maxInFlight ?? 32;
  const idlePollMs = options.idlePollMs ?? 1000;
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const platforms = (Object.keys(senders) as Platform[]).filter((p) => senders[p]);
  const stats: DispatcherStats = { sent: 0, retried: 0, failed: 0, rateLimited: 0, resumedInFlight: 0, maxMarkLagMs: 0, inFlight: 0 };
  const inFlight = new Map<number, Promise<void>>();
  const busyChats = new Set<string>();
  const announcements = new Map<number, Announcement | undefined>();
  let timer: NodeJS.Timeout | undefined;
  let checkpointTimer: NodeJS.Timeout | undefined;
  let running = false;
  let pumping = false;
  let refillQueued = false;
  /** Completions in the same turn of the event loop refill together: one claim transaction for many rows. */
  const refill = () => {
    if (refillQueued) return;
    refillQueued = true;
    setImmediate(() => {
      refillQueued = false;
      pump();
    });
  };

  const selectDue = db.prepare(
    `SELECT id, announcement_id, chat, platform, chat_id, chat_type, matched, unsubscribe, attempts FROM deliveries
     WHERE status = 'pending' AND next_attempt_at <= ? AND platform IN (SELECT value FROM json_each(?))
     ORDER BY next_attempt_at, id LIMIT ?`,
  );
  const nextDue = db.prepare(
    `SELECT min(next_attempt_at) AS at FROM deliveries WHERE status = 'pending' AND platform IN (SELECT value FROM json_each(?))`,
  );
  const markSending = db.prepare("UPDATE deliveries SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status = 'pending'");
  const defer = db.prepare('UPDATE deliveries SET next_attempt_at = ? WHERE id = ?');
  const markSent = db.prepare("UPDATE deliveries SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?");
  const markRetry = db.prepare("UPDATE deliveries SET status = 'pending', next_attempt_at = ?, last_error = ?, attempts = attempts - ? WHERE id = ?");
  const markFailed = db.prepare("UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ?");
  const claim = db.transaction((claimed: DueRow[], deferred: Array<[number, number]>) => {
    for (const row of claimed) markSending.run(row.id);
    for (const [id, at] of deferred) defer.run(at, id);
  });

  const schedule = (ms: number) => {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      pump();
    }, Math.max(0, Math.min(ms, idlePollMs)));
  };

  const announcementOf = (id: number): Announcement | undefined => {
    if (!announcements.has(id)) {
      if (announcements.size > 1000) announcements.clear();
      announcements.set(id, getAnnouncement(db, id));
    }
    return announcements.get(id);
  };

  function pump(): void {
    if (!running || pumping) return;
    pumping = true;
    try {
      while (running && inFlight.size < maxInFlight) {
        const now = clock();
        const open = platforms.filter((p) => limiter.globalWait(p, now) === 0);
        if (open.length === 0) {
          schedule(Math.min(...platforms.map((p) => limiter.globalWait(p, now))));
          return;
        }
        const capacity = maxInFlight - inFlight.size;
        const rows = selectDue.all(now, JSON.stringify(open), capacity * 2 + 16) as DueRow[];
        const claimed: DueRow[] = [];
        const deferred: Array<[number, number]> = [];
        for (const row of rows) {
          if (claimed.length >= capacity) break;
          if (busyChats.has(row.chat) || limiter.globalWait(row.platform, now) > 0) continue;
          const wait = limiter.chatWait(row.platform, row.chat, row.chat_type, now);
          if (wait > 0) {
            deferred.push([row.id, now + wait]);
            continue;
          }
          limiter.take(row.platform, row.chat, row.chat_type, now);
          busyChats.add(row.chat);
          claimed.push(row);
        }
        claim(claimed, deferred);
        for (const row of claimed) {
          const job = deliver(row).finally(() => {
            inFlight.delete(row.id);
            busyChats.delete(row.chat);
            stats.inFlight = inFlight.size;
            refill();
          });
          inFlight.set(row.id, job);
        }
        stats.inFlight = inFlight.size;
        if (claimed.length === 0) {
          if (deferred.length > 0) continue;
          // Nothing to claim: wake for the first platform window, the next due retry, or the idle poll.
          let ms = idlePollMs;
          for (const p of platforms) {
            const wait = limiter.globalWait(p, now);
            if (wait > 0) ms = Math.min(ms, wait);
          }
          const at = (nextDue.get(JSON.stringify(open)) as { at: number | null }).at;
          if (at !== null && at > now) ms = Math.min(ms, at - now);
          schedule(ms);
          return;
        }
      }
    } catch (error) {
      logger.error('dispatcher error', { error });
      schedule(idlePollMs);
    } finally {
      pumping = false;
    }
  }

  async function deliver(row: DueRow): Promise<void> {
    const announcement = announcementOf(row.announcement_id);
    if (!announcement) {
      markFailed.run('announcement not found', row.id);
      return;
    }
    const alert: Alert = {
      announcementId: announcement.id,
      title: announcement.title,
      summary: announcement.summary,
      entities: announcement.entities.map((e) => e.name),
      ...(announcement.link ? { link: announcement.link } : {}),
      ...(announcement.publisher ? { publisher: announcement.publisher } : {}),
      ...(announcement.date ? { date: announcement.date } : {}),
      matched: row.matched,
      unsubscribe: row.unsubscribe,
    };
    let result: SendResult;
    try {
      result = (await senders[row.platform]?.send(row.chat_id, alert)) ?? { ok: false, kind: 'transient', error: 'no sender' };
    } catch (error) {
      result = { ok: false, kind: 'transient', error: error instanceof Error ? error.message : String(error) };
    }
    const accepted = performance.now();
    const now = clock();
    if (result.ok) {
      // Marked sent at once: the time between these two lines is the only window for a repeat.
      markSent.run(now, row.id);
      stats.maxMarkLagMs = Math.max(stats.maxMarkLagMs, performance.now() - accepted);
      stats.sent++;
      metrics.alert('sent', row.platform);
      return;
    }
    switch (result.kind) {
      case 'retry-after':
        stats.rateLimited++;
        metrics.rateLimited(row.platform, 'alert');
        limiter.pause(row.platform, now + result.ms);
        markRetry.run(now + result.ms, `rate limited: ${result.error}`, 1, row.id);
        logger.warn('rate limited, waiting', { platform: row.platform, ms: result.ms });
        return;
      case 'transient':
        if (row.attempts + 1 >= retry.maxAttempts) {
          stats.failed++;
          metrics.alert('failed', row.platform);
          markFailed.run(`gave up after ${row.attempts + 1} attempts: ${result.error}`, row.id);
          logger.error('delivery failed for good', { chat: row.chat, announcement: row.announcement_id, error: result.error });
        } else {
          stats.retried++;
          metrics.alert('retried', row.platform);
          const backoff = Math.min(retry.maxMs, retry.baseMs * 2 ** row.attempts);
          markRetry.run(now + backoff, result.error, 0, row.id);
          logger.warn('delivery will be retried', { chat: row.chat, inMs: backoff, error: result.error });
        }
        return;
      case 'rejected':
        stats.failed++;
        metrics.alert('failed', row.platform);
        markFailed.run(`refused by ${row.platform}: ${result.error}`, row.id);
        logger.error('the platform refused an alert', { chat: row.chat, announcement: row.announcement_id, error: result.error });
        return;
      case 'permanent': {
        stats.failed++;
        metrics.alert('failed', row.platform);
        markFailed.run(result.error, row.id);
        const off = deactivateChat(db, row.chat, result.error, now);
        logger.warn('chat refused the bot; its subscriptions are switched off', { chat: row.chat, error: result.error, ...off });
        return;
      }
    }
  }

  return {
    start() {
      if (running) return;
      // Half-sent deliveries of a previous run (crash or kill) are sent again: a repeat is possible only for these.
      stats.resumedInFlight = db.prepare("UPDATE deliveries SET status = 'pending' WHERE status = 'sending'").run().changes;
      if (stats.resumedInFlight > 0) logger.warn('resuming deliveries that were in flight when the bot stopped', { count: stats.resumedInFlight });
      running = true;
      // Checkpoint the WAL on a timer rather than inside a commit, so no checkpoint sits between the platform
      // accepting a message and its row being marked sent.
      db.pragma('wal_autocheckpoint = 0');
      checkpointTimer = setInterval(() => {
        try {
          db.pragma('wal_checkpoint(PASSIVE)');
        } catch (error) {
          logger.warn('WAL checkpoint failed', { error });
        }
      }, 1000);
      checkpointTimer.unref();
      pump();
    },
    kick() {
      if (running && !pumping) pump();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      clearInterval(checkpointTimer);
      timer = undefined;
      await Promise.allSettled([...inFlight.values()]);
      if (db.open) db.pragma('wal_autocheckpoint = 1000');
    },
    stats: () => ({ ...stats }),
  };
}
