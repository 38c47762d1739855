// A delivery worker on PostgreSQL: takes jobs from the shared outbox, draws on the token's budget, sends, records.
import { setMaxListeners } from 'node:events';
import type PgBoss from 'pg-boss';
import { alertOf, defaultRetryPolicy, outcomeOf, sendAlert, type RetryPolicy } from '../alerts/deliver.js';
import type { Dispatcher, DispatcherStats } from '../alerts/dispatcher.js';
import type { Announcement, ChatType, Platform, Senders } from '../alerts/types.js';
import { sleep, type Budgets } from '../limits/index.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../observability/types.js';
import type { PgStore } from '../storage/postgres/pg-store.js';
import { createBatcher } from './batcher.js';
import { ALERT_QUEUE, jobIdOf, type DeliveryJob } from './queue.js';

export interface PgWorkerOptions {
  boss: PgBoss;
  store: PgStore;
  senders: Senders;
  budgets: Budgets;
  logger: Logger;
  /** Sent, failed, retried and 429s are counted here (default: nowhere). */
  metrics?: Metrics;
  /** Who claims (host:pid): the deliveries table records it. */
  workerId: string;
  /** The queue's lease (its expireInSeconds) in ms: no send starts in its last quarter. */
  leaseMs: number;
  /** Jobs held at once. Default 64. */
  maxInFlight?: number;
  /** How often to look for jobs when there were none. Default 500 ms. */
  idlePollMs?: number;
  retry?: Partial<RetryPolicy>;
  /** How often to hand deliveries left pending without a live job back to the queue. Default 60 s. */
  sweepMs?: number;
}

interface ClaimedRow {
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

export function createPgWorker(options: PgWorkerOptions): Dispatcher {
  const { boss, store, senders, budgets, logger, workerId } = options;
  const metrics = options.metrics ?? noMetrics;
  const { pool } = store;
  const maxInFlight = options.maxInFlight ?? 64;
  const idlePollMs = options.idlePollMs ?? 500;
  const retry = { ...defaultRetryPolicy, ...options.retry };
  const stats: DispatcherStats = { sent: 0, retried: 0, failed: 0, rateLimited: 0, resumedInFlight: 0, maxMarkLagMs: 0, inFlight: 0 };
  const inFlight = new Map<string, Promise<void>>();
  const announcements = new Map<number, Promise<Announcement | undefined>>();
  const abort = new AbortController();
  // Every job waiting for its send time listens for the stop.
  setMaxListeners(0, abort.signal);
  let running = false;
  let pumping = false;
  let refillQueued = false;
  let timer: NodeJS.Timeout | undefined;
  let sweeper: NodeJS.Timeout | undefined;

  const claim = createBatcher<number, ClaimedRow | undefined>(async (ids) => {
    const { rows } = await pool.query(
      `UPDATE deliveries SET status = 'sending', attempts = attempts + 1, claimed_by = $2, claimed_at = $3
       WHERE id = ANY($1) AND status IN ('pending', 'sending')
       RETURNING id, announcement_id, chat, platform, chat_id, chat_type, matched, unsubscribe, attempts`,
      [ids, workerId, Date.now()],
    );
    return new Map((rows as ClaimedRow[]).map((r) => [Number(r.id), r]));
  }, { missing: undefined });
  // What the platform accepted: rows marked sent, then their jobs done (in that order: a job whose row is still
  // 'sending' is handed out again if this process dies, and finds the row sent). PostgreSQL's cost per row falls
  // steeply with the batch (measured: 115-122 µs a delivery for fetch, claim, mark and completion in batches of 40,
  // 72 µs in batches of 200), so the sends that finish within 20 ms of each other are recorded together. Rows wait
  // that much longer in 'sending', which counts them among what this process has in flight.
  // A job done is deleted, not completed: the delivery row is the record (who sent it, when), and a job sent again
  // by mistake finds its row closed. Completing rewrote the job's row and its key, and left pg-boss a copy to
  // archive later: a delete took 8 µs a job against 15 (measured here, batches of 256).
  const finish = (ids: string[]) => boss.deleteJob(ALERT_QUEUE, ids);
  const markSent = createBatcher<{ id: number; job: string }, true>(async (sent) => {
    await pool.query("UPDATE deliveries SET status = 'sent', sent_at = $2, last_error = NULL WHERE id = ANY($1)", [sent.map((s) => s.id), Date.now()]);
    await finish(sent.map((s) => s.job));
    return new Map(sent.map((s) => [s, true as const]));
  }, { missing: true, windowMs: 20 });
  const jobDone = createBatcher<string, true>(async (ids) => {
    await finish(ids);
    return new Map(ids.map((id) => [id, true as const]));
  }, { missing: true });
  const markPending = (id: number, at: number, error: string, refund: boolean) =>
    pool.query("UPDATE deliveries SET status = 'pending', next_attempt_at = $2, last_error = $3, attempts = attempts - $4 WHERE id = $1 AND status IN ('pending', 'sending')", [id, at, error, refund ? 1 : 0]);
  const markFailed = (id: number, error: string) => pool.query("UPDATE deliveries SET status = 'failed', last_error = $2 WHERE id = $1", [id, error]);

  const announcementOf = (id: number): Promise<Announcement | undefined> => {
    let found = announcements.get(id);
    if (!found) {
      if (announcements.size > 1000) announcements.clear();
      found = store.getAnnouncement(id);
      found.catch(() => announcements.delete(id));
      announcements.set(id, found);
    }
    return found;
  };

  /** Give the job back to the queue (it comes back with the queue's backoff); the delivery stays pending. */
  async function giveBack(job: PgBoss.Job<DeliveryJob>, retryAt: number, reason: string): Promise<void> {
    await markPending(job.data.d, retryAt, reason, false);
    await boss.fail(ALERT_QUEUE, job.id, { reason });
  }

  async function handle(job: PgBoss.Job<DeliveryJob>, fetchedAt: number): Promise<void> {
    const { d: id, c: chat, t: chatType } = job.data;
    const platform = chat.slice(0, chat.indexOf(':')) as Platform;
    const budget = budgets[platform];
    // No send starts in the lease's last quarter: a send in flight never outlives the claim.
    const deadline = fetchedAt + (options.leaseMs * 3) / 4;
    for (;;) {
      // The row is claimed just before the send time (not while waiting for it): what the database shows as
      // 'sending' under this worker is what it may have in flight, the bound on repeats if it dies.
      let claimed: Promise<ClaimedRow | undefined> | undefined;
      const prepare = () => (claimed ??= claim.add(id));
      // The send time counts against the token's overall limit until the platform's answer is here (or nothing went).
      let sent = () => {};
      if (budget) {
        const permit = await budget.acquire({ chat, chatType, priority: 'alert', maxWaitMs: Math.max(0, deadline - Date.now()), signal: abort.signal, prepare });
        if (!permit.ok) {
          if (claimed && (await claimed)) await markPending(id, permit.retryAt, 'waiting for a rate limit', true);
          return giveBack(job, permit.retryAt, permit.reason === 'chat' ? "waiting for the chat's rate limit" : 'waiting out a rate limit');
        }
        sent = permit.done;
      }
      let result: Awaited<ReturnType<typeof sendAlert>>;
      let row: ClaimedRow | undefined;
      try {
        row = await (claimed ?? prepare());
        if (Date.now() > deadline || !running) {
          if (row) await markPending(id, Date.now(), 'handed to another worker', true);
          return giveBack(job, Date.now(), 'handed to another worker');
        }
        // Sent, failed or skipped already (by another worker before a takeover, or a deactivation): nothing to do.
        if (!row) return void (await jobDone.add(job.id));
        const announcement = await announcementOf(Number(row.announcement_id));
        if (!announcement) {
          await markFailed(id, 'announcement not found');
          return void (await jobDone.add(job.id));
        }
        result = await sendAlert(senders[platform], row.chat_id, alertOf(announcement, row));
      } finally {
        sent();
      }
      const accepted = performance.now();
      const now = Date.now();
      const outcome = outcomeOf(result, Number(row.attempts), now, retry, platform);
      switch (outcome.kind) {
        case 'sent':
          await markSent.add({ id, job: job.id });
          stats.maxMarkLagMs = Math.max(stats.maxMarkLagMs, performance.now() - accepted);
          stats.sent++;
          metrics.alert('sent', platform);
          return;
        case 'retry': {
          await markPending(id, outcome.at, outcome.error, outcome.refund);
          if (outcome.rateLimited) {
            stats.rateLimited++;
            metrics.rateLimited(platform, 'alert');
            await budget?.pause(outcome.at - now);
            logger.warn('rate limited, the token waits', { platform, ms: outcome.at - now });
            if (budget) continue;
          } else {
            stats.retried++;
            metrics.alert('retried', platform);
            logger.warn('delivery will be retried', { chat, inMs: outcome.at - now, error: outcome.error });
          }
          // A short wait is waited out holding the job, which keeps the chat's alerts in order.
          if (outcome.at < deadline && outcome.at - now <= 20_000) {
            await sleep(outcome.at - now, abort.signal);
            continue;
          }
          return void (await boss.fail(ALERT_QUEUE, job.id, { reason: outcome.error }));
        }
        case 'failed':
          stats.failed++;
          metrics.alert('failed', platform);
          await markFailed(id, outcome.error);
          logger.error(outcome.reason === 'rejected' ? 'the platform refused an alert' : 'delivery failed for good', { chat, announcement: row.announcement_id, error: outcome.error });
          return void (await jobDone.add(job.id));
        case 'deactivate': {
          stats.failed++;
          metrics.alert('failed', platform);
          await markFailed(id, outcome.error);
          const off = await store.deactivateChat(chat, outcome.error, now);
          logger.warn('chat refused the bot; its subscriptions are switched off', { chat, error: outcome.error, ...off });
          return void (await jobDone.add(job.id));
        }
      }
    }
  }

  const schedule = (ms: number) => {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void pump();
    }, ms);
  };
  const refill = () => {
    if (refillQueued || inFlight.size > maxInFlight / 2) return;
    refillQueued = true;
    setImmediate(() => {
      refillQueued = false;
      void pump();
    });
  };

  async function pump(): Promise<void> {
    if (!running || pumping) return;
    pumping = true;
    try {
      while (running && inFlight.size < maxInFlight) {
        // Oldest first (no priorities here), which the fetch index serves in order.
        const jobs = await boss.fetch<DeliveryJob>(ALERT_QUEUE, { batchSize: Math.min(500, maxInFlight - inFlight.size), priority: false });
        if (jobs.length === 0) return schedule(idlePollMs);
        const fetchedAt = Date.now();
        for (const job of jobs) {
          const work = handle(job, fetchedAt)
            .catch(async (error: unknown) => {
              if (!abort.signal.aborted) logger.error('delivery crashed; the queue will hand it out again', { job: job.id, err: error });
              await boss.fail(ALERT_QUEUE, job.id, { reason: 'worker error' }).catch(() => undefined);
            })
            .finally(() => {
              inFlight.delete(job.id);
              stats.inFlight = inFlight.size;
              refill();
            });
          inFlight.set(job.id, work);
        }
        stats.inFlight = inFlight.size;
      }
    } catch (error) {
      logger.error('could not fetch jobs', { err: error });
      schedule(idlePollMs * 4);
    } finally {
      pumping = false;
    }
  }

  /**
   * Deliveries still pending long after they were due: their job gave up (or vanished); hand them back. Open
   * deliveries are looked for among the announcements not yet settled, and an announcement none of whose deliveries
   * is open is settled here (for good: a closed delivery never opens again, and an announcement's deliveries are
   * all recorded in the transaction that records it).
   */
  async function sweep(): Promise<void> {
    await pool.query(
      `UPDATE announcements a SET settled_at = $1 WHERE a.settled_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.announcement_id = a.id AND d.status IN ('pending', 'sending'))`,
      [Date.now()],
    );
    const { rows } = await pool.query(
      `SELECT id, announcement_id, chat, chat_type FROM deliveries
       WHERE announcement_id IN (SELECT id FROM announcements WHERE settled_at IS NULL) AND status = 'pending' AND next_attempt_at < $1
       LIMIT 1000`,
      [Date.now() - 10 * 60_000],
    );
    if (rows.length === 0) return;
    const jobs = (rows as Array<{ id: number; announcement_id: number; chat: string; chat_type: ChatType }>).map((r) => ({
      id: jobIdOf(Number(r.announcement_id), r.chat),
      name: ALERT_QUEUE,
      data: { d: Number(r.id), c: r.chat, t: r.chat_type } satisfies DeliveryJob,
      singletonKey: r.chat,
    }));
    await boss.retry(ALERT_QUEUE, jobs.map((j) => j.id));
    await boss.insert(jobs);
  }

  return {
    start() {
      if (running) return;
      running = true;
      void pump();
      sweeper = setInterval(() => void sweep().catch((error: unknown) => logger.warn('sweep failed', { err: error })), options.sweepMs ?? 60_000);
      sweeper.unref();
    },
    kick() {
      if (running && !pumping && inFlight.size < maxInFlight) void pump();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      clearInterval(sweeper);
      abort.abort(new Error('outbox: stopping'));
      await Promise.allSettled([...inFlight.values()]);
      await Promise.allSettled([claim.flush(), markSent.flush(), jobDone.flush()]);
    },
    stats: () => ({ ...stats }),
  };
}
