// Public entry of the alerts module: startAlerts wires storage, outbox, feed poller and knowledge watcher.
import { join } from 'node:path';
import type { Config } from '../config.js';
import type { QueryCore } from '../core/index.js';
import { createBudgets, memoryLimiters, type BudgetRules, type Budgets } from '../limits/index.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../observability/types.js';
import { isSqliteStore, openSqliteStore } from '../storage/sqlite-store.js';
import type { AlertsStore } from '../storage/types.js';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from './dispatcher.js';
import { createPoller, type Poller, type PollerOptions } from './poller.js';
import { createAlertsService, type AlertsService } from './service.js';
import type { Platform, Senders } from './types.js';
import { watchKnowledge } from './watcher.js';
import { recoverIngests } from './ingest-recovery.js';
import { defaultArticleLimits } from '../core/knowledge/article-text.js';

export interface StartAlertsOptions {
  app: { core: QueryCore };
  config: Pick<Config, 'DATA_DIR' | 'FEEDS' | 'FEED_POLL_SECONDS' | 'KNOWLEDGE_DIR'> &
    Partial<Pick<Config, 'ARTICLE_MAX_BYTES' | 'ARTICLE_MAX_SENTENCES' | 'FEEDS_ALLOW_ADDRESSES' | 'FEED_MAX_ITEMS_PER_POLL' | 'FEED_MAX_ITEMS_PER_DAY' | 'FEED_FULL_PAGE_BELOW' | 'FEED_PAGE_DEADLINE_SECONDS'>>;
  logger: Logger;
  /** Alerts queued, sent, failed, retried, 429s and feed polls are counted here (default: nowhere). */
  metrics?: Metrics;
  /** One sender per connected platform (Telegram, Discord, console). */
  senders: Senders;
  /** Where alerts live: SQLite in DATA_DIR unless given (the runtime passes PostgreSQL's store). */
  store?: AlertsStore;
  /** The platforms' outgoing budgets, shared with the bot's replies. Default: in this process, with each platform's limits. */
  budgets?: Budgets;
  /** Without `budgets`: the limits of each platform, or false for none (benchmarks). */
  limits?: Partial<Record<Platform, BudgetRules>> | false;
  /** What sends the deliveries: the SQLite dispatcher by default; the PostgreSQL worker from the runtime; null: not here. */
  outbox?: Dispatcher | null;
  /** Poll the feeds in this process (default true); `isLeader` keeps one poller active among several. */
  poll?: boolean;
  isLeader?: () => boolean;
  /** Reload the core when the knowledge folder changes (default true; a process that only delivers needs no core). */
  watch?: boolean;
  /** Tuning for tests and benchmarks. */
  dispatcher?: Pick<DispatcherOptions, 'maxInFlight' | 'idlePollMs' | 'retry' | 'clock'>;
  poller?: Pick<PollerOptions, 'fetch' | 'retryBaseMs' | 'maxBackoffMs' | 'tickMs' | 'clock' | 'pageDeadlineMs'>;
  watchIntervalMs?: number;
}

export interface RunningAlerts {
  service: AlertsService;
  store: AlertsStore;
  dispatcher: Dispatcher;
  poller: Poller;
  /** Stop polling and claiming, wait for messages in flight to be marked, close the store when it opened it. */
  stop(): Promise<void>;
}

const idleOutbox: Dispatcher = {
  start: () => undefined,
  kick: () => undefined,
  stop: async () => undefined,
  stats: () => ({ sent: 0, retried: 0, failed: 0, rateLimited: 0, resumedInFlight: 0, maxMarkLagMs: 0, inFlight: 0 }),
};

/** Start alerts: resume pending deliveries, poll the feeds, pick up ingested articles without a restart. */
export function startAlerts(options: StartAlertsOptions): RunningAlerts {
  const { app, config, logger, senders } = options;
  const metrics = options.metrics ?? noMetrics;
  const ownsStore = !options.store;
  const store = options.store ?? openSqliteStore(config.DATA_DIR);
  const connected = (Object.keys(senders) as Platform[]).filter((p) => senders[p]);
  const budgets =
    options.budgets ??
    createBudgets({ tokens: Object.fromEntries(connected.map((p) => [p, `local-${p}`])), limiter: memoryLimiters, ...(options.limits !== undefined ? { rules: options.limits } : {}) });
  let dispatcher: Dispatcher;
  if (options.outbox !== undefined) dispatcher = options.outbox ?? idleOutbox;
  else if (isSqliteStore(store)) dispatcher = createDispatcher({ db: store.db, senders, logger, metrics, budgets, ...options.dispatcher });
  else dispatcher = idleOutbox;
  const limits = { maxBytes: config.ARTICLE_MAX_BYTES ?? defaultArticleLimits.maxBytes, maxSentences: config.ARTICLE_MAX_SENTENCES ?? defaultArticleLimits.maxSentences };
  // An ingest stopped half-way (by a crash) is finished or rolled back first; the watcher then picks up what it finished.
  if (options.watch !== false) void recoverIngests(config.KNOWLEDGE_DIR, store, logger).catch((error: unknown) => logger.error('could not finish or roll back an interrupted ingest', { error }));
  const watcher = watchKnowledge({
    store,
    core: app.core,
    knowledgeDir: options.watch === false ? undefined : config.KNOWLEDGE_DIR,
    limits,
    readingsDir: join(config.DATA_DIR, 'cache', 'readings'),
    logger,
    // Every new announcement passes the watcher, whoever recorded it (this process, the ingest CLI): count its fan-out there.
    onAnnouncements: (after, upTo) => {
      void store.countQueued(after, upTo).then((n) => metrics.alertsQueued(n), () => undefined);
      dispatcher.kick();
    },
    ...(options.watchIntervalMs ? { intervalMs: options.watchIntervalMs } : {}),
  });
  const poller = createPoller({
    store,
    logger,
    metrics,
    feeds: options.poll === false ? [] : config.FEEDS,
    pollSeconds: config.FEED_POLL_SECONDS,
    policy: { allow: config.FEEDS_ALLOW_ADDRESSES ?? [] },
    ...(config.FEED_MAX_ITEMS_PER_POLL !== undefined ? { maxItemsPerPoll: config.FEED_MAX_ITEMS_PER_POLL } : {}),
    ...(config.FEED_MAX_ITEMS_PER_DAY !== undefined ? { maxItemsPerDay: config.FEED_MAX_ITEMS_PER_DAY } : {}),
    ...(config.FEED_FULL_PAGE_BELOW !== undefined ? { fullPageBelow: config.FEED_FULL_PAGE_BELOW } : {}),
    ...(config.FEED_PAGE_DEADLINE_SECONDS !== undefined ? { pageDeadlineMs: config.FEED_PAGE_DEADLINE_SECONDS * 1000 } : {}),
    core: () => app.core,
    knowledgeDir: config.KNOWLEDGE_DIR,
    limits,
    onRecorded: () => {
      void watcher.check();
      dispatcher.kick();
    },
    ...(options.isLeader ? { isLeader: options.isLeader } : {}),
    ...options.poller,
  });
  const service = createAlertsService({ store, core: () => app.core, connected, feeds: () => store.feedHealth(config.FEEDS), kick: () => dispatcher.kick() });
  dispatcher.start();
  poller.start();
  logger.info('started', { platforms: connected, feeds: options.poll === false ? 0 : config.FEEDS.length, store: store.engine });
  let stopped: Promise<void> | undefined;
  return {
    service,
    store,
    dispatcher,
    poller,
    stop() {
      stopped ??= (async () => {
        watcher.stop();
        await poller.stop();
        await dispatcher.stop();
        if (ownsStore) await store.close();
      })();
      return stopped;
    },
  };
}

export { createConsoleSender, alertText, alertLines } from './alert-text.js';
export { openDatabase, probeWritable, outboxState } from './db.js';
export { createDispatcher } from './dispatcher.js';
export { recordAnnouncement } from './announcements.js';
export { addSubscription, listSubscriptions, chatKey, MAX_SUBSCRIPTIONS_PER_CHAT } from './subscriptions.js';
export { ingestArticle, ingestArticleInto } from './ingest.js';
export { createFeedbackService, type FeedbackRecord, type FeedbackOptions } from './feedback.js';
export { IngestError } from './knowledge-writer.js';
export type { AlertsService } from './service.js';
export type * from './types.js';
export type { Dispatcher, DispatcherStats } from './dispatcher.js';
