// Tuning of the Telegram adapter (retries, throttle, flood protection, polling) with production defaults.
import { defaultFloodOptions, type FloodOptions } from '../../../commands/flood.js';
import type { BudgetRules } from '../../limits/index.js';

export interface RetryOptions {
  /** Retries of one API call (429, 5xx, network) before it fails. */
  maxRetryAttempts: number;
  /** A 429 asking to wait longer than this fails the call instead of waiting. */
  maxDelaySeconds: number;
  /** First wait after a 5xx or network error; doubles on each retry, capped at maxDelaySeconds. */
  firstBackoffMs: number;
}

/** Outgoing message limits (Telegram: ~30 messages/s overall, 1/s per chat, 20/min per group). */
export interface ThrottleOptions {
  globalPerSecond: number;
  perChatIntervalMs: number;
  perGroupPerMinute: number;
}


/** The command menu is registered in the background: this many attempts, with a capped backoff between them. */
export interface MenuRetryOptions {
  attempts: number;
  firstBackoffMs: number;
  maxBackoffMs: number;
}

export interface TelegramTuning {
  retry: RetryOptions;
  menu: MenuRetryOptions;
  /** false: no outgoing throttle (benchmarks against a stand-in). */
  throttle: ThrottleOptions | false;
  flood: FloodOptions;
  /** Long-polling timeout of getUpdates, seconds. */
  pollTimeoutSeconds: number;
  /** Updates handled at once (the runner's sink). */
  concurrency: number;
  /** stop() waits at most this long for handlers in flight. */
  stopTimeoutMs: number;
  /** Inline mode: results per query (Telegram allows 50). */
  inlineResults: number;
  /** Webhook mode: the interface to listen on. */
  webhookHost: string;
}

export const defaultTelegramTuning: TelegramTuning = {
  retry: { maxRetryAttempts: 5, maxDelaySeconds: 60, firstBackoffMs: 1000 },
  menu: { attempts: 4, firstBackoffMs: 2000, maxBackoffMs: 30_000 },
  throttle: { globalPerSecond: 30, perChatIntervalMs: 1000, perGroupPerMinute: 20 },
  flood: defaultFloodOptions,
  pollTimeoutSeconds: 30,
  concurrency: 500,
  stopTimeoutMs: 10_000,
  inlineResults: 50,
  webhookHost: '0.0.0.0',
};

/** Tuning options a caller may override, one level deep. */
export type TelegramTuningInput = Partial<Omit<TelegramTuning, 'retry' | 'menu' | 'flood' | 'throttle'>> & {
  retry?: Partial<RetryOptions>;
  menu?: Partial<MenuRetryOptions>;
  flood?: Partial<FloodOptions>;
  throttle?: Partial<ThrottleOptions> | false;
};

/** The tuning's limits as a budget's rules (a bot started without a shared budget gets its own). */
export function throttleRules(throttle: ThrottleOptions | false): BudgetRules {
  if (!throttle) return {};
  return {
    // Never more than the figure in any second, counted until each answer is back (src/limits/send-log.ts).
    global: { points: Math.max(1, Math.floor(throttle.globalPerSecond)), seconds: 1 },
    perChat: { points: 1, seconds: throttle.perChatIntervalMs / 1000 },
    perGroup: { points: 1, seconds: 60 / throttle.perGroupPerMinute },
  };
}

export function resolveTuning(input: TelegramTuningInput = {}): TelegramTuning {
  const d = defaultTelegramTuning;
  const throttle = input.throttle === false ? false : { ...(d.throttle as ThrottleOptions), ...input.throttle };
  return { ...d, ...input, retry: { ...d.retry, ...input.retry }, menu: { ...d.menu, ...input.menu }, flood: { ...d.flood, ...input.flood }, throttle };
}
