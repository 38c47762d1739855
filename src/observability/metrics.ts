// The Metrics port on prom-client: counters and a latency histogram fed by events, gauges read at scrape time.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Platform } from '../../commands/types.js';
import type { FeedHealth } from '../alerts/types.js';
import type { Metrics } from './types.js';

/** Readings taken when Prometheus scrapes, from whatever is running (set as each part starts). */
export interface MetricsSources {
  /** Deliveries waiting to be sent, and the age of the oldest one in seconds (0 when none waits). */
  outbox?: () => { pending: number; oldestAgeSeconds: number };
  feeds?: () => FeedHealth[];
  /** Each started platform: is it connected now? */
  platforms?: () => Partial<Record<Platform, boolean>>;
  knowledge?: () => { sources: number; facts: number };
  /** More readings, each metric created on first sight: the token budgets, the outbox in flight, the roles (src/runtime/metrics.ts). */
  extra?: () => MetricReading[];
}

/** One reading of a metric this module does not define itself. A counter's reading is its total so far. */
export interface MetricReading {
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  labels: Record<string, string>;
  value: number;
}

export interface PromMetrics {
  metrics: Metrics;
  /** The Prometheus text exposition of every metric. */
  render(): Promise<string>;
  readonly contentType: string;
  /** Add or replace scrape-time readings. */
  read(sources: MetricsSources): void;
}


/** A reading that fails (a database gone away) leaves its gauge out of this scrape, not the whole scrape. */
function reading<T>(read: (() => T) | undefined, fallback: T): T {
  try {
    return read ? read() : fallback;
  } catch {
    return fallback;
  }
}

/**
 * Every metric is registered in a registry of its own (tests can create several), named `hkbot_…`, with
 * the labelled counters of the platforms that run present at 0 from the start, so rates and alerts work
 * before the first event.
 */
export function createPromMetrics(options: { platforms?: readonly Platform[] } = {}): PromMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const sources: MetricsSources = {};

  const questions = new Counter({ name: 'hkbot_questions_total', help: 'Questions asked, by platform and whether the bot answered or declined', labelNames: ['platform', 'outcome'], registers });
  const replies = new Histogram({
    name: 'hkbot_answer_duration_seconds',
    help: 'From receiving a message or interaction to its reply being sent, by platform',
    labelNames: ['platform'],
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers,
  });
  const failures = new Counter({ name: 'hkbot_handler_errors_total', help: 'Messages or interactions whose handling failed, by platform', labelNames: ['platform'], registers });
  const alerts = new Counter({ name: 'hkbot_alerts_total', help: 'Alert delivery attempts by outcome (sent, failed for good, retried later) and platform', labelNames: ['outcome', 'platform'], registers });
  const queued = new Counter({ name: 'hkbot_alerts_queued_total', help: 'Alert deliveries recorded for new announcements', registers });
  const polls = new Counter({ name: 'hkbot_feed_polls_total', help: 'Feed polls by outcome (ok, unchanged, error)', labelNames: ['outcome'], registers });
  const limited = new Counter({ name: 'hkbot_rate_limited_total', help: '429 answers received from a platform, on replies or alerts', labelNames: ['platform', 'source'], registers });

  for (const platform of options.platforms ?? ['telegram', 'discord']) {
    for (const outcome of ['answered', 'declined']) questions.inc({ platform, outcome }, 0);
    failures.inc({ platform }, 0);
    for (const outcome of ['sent', 'failed', 'retried']) alerts.inc({ outcome, platform }, 0);
    for (const source of ['reply', 'alert']) limited.inc({ platform, source }, 0);
  }
  for (const outcome of ['ok', 'unchanged', 'error']) polls.inc({ outcome }, 0);

  new Gauge({
    name: 'hkbot_outbox_pending',
    help: 'Alert deliveries waiting to be sent',
    registers,
    collect() {
      this.set(reading(sources.outbox, { pending: 0, oldestAgeSeconds: 0 }).pending);
    },
  });
  new Gauge({
    name: 'hkbot_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest alert delivery still waiting (0 when none waits)',
    registers,
    collect() {
      this.set(reading(sources.outbox, { pending: 0, oldestAgeSeconds: 0 }).oldestAgeSeconds);
    },
  });
  new Gauge({
    name: 'hkbot_feed_up',
    help: 'Each configured feed: 1 when its last poll worked (or it was not polled yet), 0 when failing',
    labelNames: ['feed'],
    registers,
    collect() {
      this.reset();
      for (const feed of reading(sources.feeds, [])) this.set({ feed: feed.url }, feed.health === 'failing' ? 0 : 1);
    },
  });
  new Gauge({
    name: 'hkbot_feed_consecutive_failures',
    help: 'Each configured feed: failed polls in a row',
    labelNames: ['feed'],
    registers,
    collect() {
      this.reset();
      for (const feed of reading(sources.feeds, [])) this.set({ feed: feed.url }, feed.failures);
    },
  });
  new Gauge({
    name: 'hkbot_feed_items_skipped',
    help: 'Each configured feed: new items left out by the per-poll and per-day ceilings, in all',
    labelNames: ['feed'],
    registers,
    collect() {
      this.reset();
      for (const feed of reading(sources.feeds, [])) this.set({ feed: feed.url }, feed.skippedTotal ?? 0);
    },
  });
  new Gauge({
    name: 'hkbot_platform_connected',
    help: 'Each started platform: 1 when connected to its API or gateway',
    labelNames: ['platform'],
    registers,
    collect() {
      this.reset();
      for (const [platform, up] of Object.entries(reading(sources.platforms, {}))) this.set({ platform }, up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'hkbot_knowledge_sources',
    help: 'Articles in the loaded knowledge base',
    registers,
    collect() {
      this.set(reading(sources.knowledge, { sources: 0, facts: 0 }).sources);
    },
  });

  // Readings from elsewhere: a gauge is set, a counter moves by what its total grew since the last scrape.
  const extras = new Map<string, Gauge | Counter>();
  const totals = new Map<string, number>();
  const readExtras = () => {
    for (const r of reading(sources.extra, [])) {
      let metric = extras.get(r.name);
      if (!metric) {
        const spec = { name: r.name, help: r.help, labelNames: Object.keys(r.labels), registers };
        metric = r.type === 'counter' ? new Counter(spec) : new Gauge(spec);
        extras.set(r.name, metric);
      }
      if (metric instanceof Gauge) metric.set(r.labels, r.value);
      else {
        const key = `${r.name}${JSON.stringify(r.labels)}`;
        const grown = r.value - (totals.get(key) ?? 0);
        if (grown > 0) metric.inc(r.labels, grown);
        totals.set(key, r.value);
      }
    }
  };

  const metrics: Metrics = {
    replied(platform, reply, seconds) {
      replies.observe({ platform }, seconds);
      if (reply.kind === 'answer') questions.inc({ platform, outcome: reply.answered ? 'answered' : 'declined' });
    },
    handlerFailed: (platform) => failures.inc({ platform }),
    alert: (outcome, platform) => alerts.inc({ outcome, platform }),
    alertsQueued: (count) => queued.inc(count),
    feedPolled: (outcome) => polls.inc({ outcome }),
    rateLimited: (platform, source) => limited.inc({ platform, source }),
  };

  return {
    metrics,
    render: () => {
      readExtras();
      return registry.metrics();
    },
    contentType: registry.contentType,
    read(more) {
      Object.assign(sources, more);
    },
  };
}
