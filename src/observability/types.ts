// What the bot reports about itself (the Metrics port) and how a health check answers; a no-op Metrics by default.
import type { Platform } from '../../commands/types.js';

export type AlertOutcome = 'sent' | 'failed' | 'retried';
export type FeedPollOutcome = 'ok' | 'unchanged' | 'error';

/**
 * Events the adapters and alerts report. Implemented with prom-client when METRICS_PORT is set
 * (src/observability/metrics.ts) and by `noMetrics` otherwise, so nothing else imports prom-client.
 */
export interface Metrics {
  /** A message or interaction got its reply; `answered: false` when the bot declined a question. */
  replied(platform: Platform, reply: { kind: string; answered?: boolean }, seconds: number): void;
  /** Handling a message or interaction threw. */
  handlerFailed(platform: Platform): void;
  alert(outcome: AlertOutcome, platform: Platform): void;
  /** Deliveries recorded for new announcements. */
  alertsQueued(count: number): void;
  feedPolled(outcome: FeedPollOutcome): void;
  /** A 429 from a platform, on a reply or on an alert. */
  rateLimited(platform: Platform, source: 'reply' | 'alert'): void;
}

export const noMetrics: Metrics = {
  replied: () => undefined,
  handlerFailed: () => undefined,
  alert: () => undefined,
  alertsQueued: () => undefined,
  feedPolled: () => undefined,
  rateLimited: () => undefined,
};

/** One check of /healthz: whether it passes, and what an operator needs to see why not. */
export interface CheckResult {
  ok: boolean;
  [detail: string]: unknown;
}

/** How a platform adapter is doing: connected to its API or gateway, and the last error if not. */
export interface PlatformStatus extends CheckResult {
  mode?: string;
  error?: string;
  since?: string;
}
