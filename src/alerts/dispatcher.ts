// The SQLite outbox: sends pending deliveries through each platform's Sender within its budget, retrying without loss.
import type { Acquired, Budgets } from '../limits/index.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../observability/types.js';
import { getAnnouncement } from './announcements.js';
import type { Db } from './db.js';
import { alertOf, defaultRetryPolicy, outcomeOf, sendAlert, type RetryPolicy } from './deliver.js';
import { deactivateChat } from './subscriptions.js';
import type { Announcement, ChatType, Clock, Platform, Senders } from './types.js';

export { defaultRetryPolicy, type RetryPolicy } from './deliver.js';

export interface DispatcherOptions {
  db: Db;
  senders: Senders;
  logger: Logger;
  /** The outgoing budget of each platform's token, shared with the bot's replies. None: no limits. */
  budgets?: Budgets;
  /** Sent, failed, retried and 429s are counted here (default: nowhere). */
  metrics?: Metrics;
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
  const clock = options.clock ?? Date.now;
  const budgets = options.budgets ?? {};
  const metrics = options.metrics ?? noMetrics;
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
  const markSent = db.prepare("UPDATE deliveries SET status = 'sent', sent_at = ?, last_error = NULL WHERE id = ?");
  const markRetry = db.prepare("UPDATE deliveries SET status = 'pending', next_attempt_at = ?, last_error = ?, attempts = attempts - ? WHERE id = ?");
  const markFailed = db.prepare("UPDATE deliveries SET status = 'failed', last_error = ? WHERE id = ?");
  const claim = db.transaction((claimed: DueRow[]) => {
    for (const row of claimed) markSending.run(row.id);
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
        const capacity = maxInFlight - inFlight.size;
        const rows = selectDue.all(now, JSON.stringify(platforms), capacity * 2 + 16) as DueRow[];
        // One message per chat at a time keeps a chat's alerts in order; the budget spaces them.
        const claimed: DueRow[] = [];
        for (const row of rows) {
          if (claimed.length >= capacity) break;
          if (busyChats.has(row.chat)) continue;
          busyChats.add(row.chat);
          claimed.push(row);
        }
        claim(claimed);
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
          // Nothing to claim: wake for the next due retry, or the idle poll.
          let ms = idlePollMs;
          const at = (nextDue.get(JSON.stringify(platforms)) as { at: number | null }).at;
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
    const budget = budgets[row.platform];
    let permit: Acquired | undefined;
    if (budget) {
      try {
        permit = await budget.acquire({ chat: row.chat, chatType: row.chat_type, priority: 'alert' });
      } catch (error) {
        markRetry.run(clock() + 1000, `rate limits unavailable: ${error instanceof Error ? error.message : String(error)}`, 1, row.id);
        return;
      }
      if (!permit.ok) {
        // Held back longer than is worth holding a slot for: back to pending, without counting an attempt.
        markRetry.run(permit.retryAt, permit.reason === 'chat' ? 'waiting for the chat\'s rate limit' : 'waiting out a rate limit', 1, row.id);
        return;
      }
    }
    const result = await sendAlert(senders[row.platform], row.chat_id, alertOf(announcement, row));
    // The message counted against the token's overall limit until the platform's answer was here (sendAlert never throws).
    if (permit?.ok) permit.done();
    const accepted = performance.now();
    const now = clock();
    const outcome = outcomeOf(result, row.attempts + 1, now, retry, row.platform);
    switch (outcome.kind) {
      case 'sent':
        // Marked sent at once: the time between these two lines is the only window for a repeat.
        markSent.run(now, row.id);
        stats.maxMarkLagMs = Math.max(stats.maxMarkLagMs, performance.now() - accepted);
        stats.sent++;
        metrics.alert('sent', row.platform);
        return;
      case 'retry':
        if (outcome.rateLimited) {
          stats.rateLimited++;
          metrics.rateLimited(row.platform, 'alert');
          await budget?.pause(outcome.at - now);
          logger.warn('rate limited, waiting', { platform: row.platform, ms: outcome.at - now });
        } else {
          stats.retried++;
          metrics.alert('retried', row.platform);
          logger.warn('delivery will be retried', { chat: row.chat, inMs: outcome.at - now, error: outcome.error });
        }
        markRetry.run(outcome.at, outcome.error, outcome.refund ? 1 : 0, row.id);
        return;
      case 'failed':
        stats.failed++;
        metrics.alert('failed', row.platform);
        markFailed.run(outcome.error, row.id);
        logger.error(outcome.reason === 'rejected' ? 'the platform refused an alert' : 'delivery failed for good', { chat: row.chat, announcement: row.announcement_id, error: outcome.error });
        return;
      case 'deactivate': {
        stats.failed++;
        metrics.alert('failed', row.platform);
        markFailed.run(outcome.error, row.id);
        const off = deactivateChat(db, row.chat, outcome.error, now);
        logger.warn('chat refused the bot; its subscriptions are switched off', { chat: row.chat, error: outcome.error, ...off });
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
