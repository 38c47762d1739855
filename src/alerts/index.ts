// Public entry of the alerts module: startAlerts wires storage, dispatcher, feed poller and knowledge watcher.
import type { Config } from '../config.js';
import type { QueryCore } from '../core/index.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../observability/types.js';
import { openDatabase, outboxState, probeWritable, type Db } from './db.js';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.js';
import { createPoller, type Poller, type PollerOptions } from './poller.js';
import { createRateLimiter, defaultLimits, type PlatformLimits } from './rate-limiter.js';
import { createAlertsService, type AlertsService } from './service.js';
import type { Platform, Senders } from './types.js';
import { watchKnowledge } from './watcher.js';

export interface StartAlertsOptions {
  app: { core: QueryCore };
  config: Pick<Config, 'DATA_DIR' | 'FEEDS' | 'FEED_POLL_SECONDS' | 'KNOWLEDGE_DIR'>;
  logger: Logger;
  /** Alerts queued, sent, failed, retried, 429s and feed polls are counted here (default: nowhere). */
  metrics?: Metrics;
  /** One sender per connected platform (Telegram, Discord, console). */
  senders: Senders;
  /** Tuning for tests and benchmarks. */
  limits?: Partial<Record<Platform, PlatformLimits>>;
  dispatcher?: Pick<DispatcherOptions, 'maxInFlight' | 'idlePollMs' | 'retry' | 'clock'>;
  poller?: Pick<PollerOptions, 'fetch' | 'retryBaseMs' | 'maxBackoffMs' | 'tickMs' | 'clock'>;
  watchIntervalMs?: number;
}

export interface RunningAlerts {
  service: AlertsService;
  db: Db;
  dispatcher: Dispatcher;
  poller: Poller;
  /** Can the database take a write now (for /healthz)? */
  databaseStatus(): { ok: boolean; error?: string };
  /** Deliveries waiting and the age of the oldest (for /metrics). */
  outbox(): { pending: number; oldestAgeSeconds: number };
  /** Stop polling and claiming, wait for messages in flight to be marked, close the database. */
  stop(): Promise<void>;
}

/** Start alerts: resume pending deliveries, poll the feeds, pick up ingested articles without a restart. */
export function startAlerts(options: StartAlertsOptions): RunningAlerts {
  const { app, config, logger, senders } = options;
  const metrics = options.metrics ?? noMetrics;
  const db = openDatabase(config.DATA_DIR);
  const dispatcher = createDispatcher({ db, senders, logger, metrics, limiter: createRateLimiter(options.limits ?? defaultLimits), ...options.dispatcher });
  // Every new announcement passes the watcher, whoever recorded it (this process, the ingest CLI): count its fan-out there.
  const queued = db.prepare('SELECT count(*) AS n FROM deliveries WHERE announcement_id > ? AND announcement_id <= ?');
  const watcher = watchKnowledge({
    db,
    core: app.core,
    knowledgeDir: config.KNOWLEDGE_DIR,
    logger,
    onAnnouncements: (after, upTo) => {
      metrics.alertsQueued((queued.get(after, upTo) as { n: number }).n);
      dispatcher.kick();
    },
    ...(options.watchIntervalMs ? { intervalMs: options.watchIntervalMs } : {}),
  });
  const poller = createPoller({
    db,
    logger,
    metrics,
    feeds: config.FEEDS,
    pollSeconds: config.FEED_POLL_SECONDS,
    core: () => app.core,
    knowledgeDir: config.KNOWLEDGE_DIR,
    onRecorded: () => {
      watcher.check();
      dispatcher.kick();
    },
    ...options.poller,
  });
  const connected = (Object.keys(senders) as Platform[]).filter((p) => senders[p]);
  const service = createAlertsService({ db, core: () => app.core, connected, feeds: () => poller.health(), kick: () => dispatcher.kick() });
  dispatcher.start();
  poller.start();
  logger.info('started', { platforms: connected, feeds: config.FEEDS.length });
  let stopped: Promise<void> | undefined;
  return {
    service,
    db,
    dispatcher,
    poller,
    databaseStatus: () => probeWritable(db),
    outbox: () => outboxState(db),
    stop() {
      stopped ??= (async () => {
        watcher.stop();
        await poller.stop();
        await dispatcher.stop();
        db.close();
      })();
      return stopped;
    },
  };
}

export { createConsoleSender, alertText, alertLines } from './alert-text.js';
export { openDatabase, probeWritable, outboxState } from './db.js';
export { createDispatcher } from './dispatcher.js';
export { createRateLimiter, telegramLimits, discordLimits, defaultLimits } from './rate-limiter.js';
export { recordAnnouncement } from './announcements.js';
export { addSubscription, listSubscriptions, chatKey, MAX_SUBSCRIPTIONS_PER_CHAT } from './subscriptions.js';
export { ingestArticle } from './ingest.js';
export { createFeedbackService, feedbackRecords, feedbackCounts, type FeedbackRecord, type FeedbackOptions } from './feedback.js';
export { IngestError } from './knowledge-writer.js';
export type { AlertsService } from './service.js';
export type * from './types.js';
export type { PlatformLimits, RateRule } from './rate-limiter.js';
export type { Dispatcher, DispatcherStats } from './dispatcher.js';
