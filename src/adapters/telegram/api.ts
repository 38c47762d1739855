// Outgoing Bot API calls: 429 retries (auto-retry), bounded backoff on 5xx and network errors, and a throttle.
import { autoRetry } from '@grammyjs/auto-retry';
import { apiThrottler } from '@grammyjs/transformer-throttler';
import { HttpError, type Api, type Transformer } from 'grammy';
import type { RetryOptions, ThrottleOptions } from './options.js';

/** Methods that post a message and count against Telegram's per-chat and global limits. */
const SENDING = new Set([
  'sendMessage', 'sendPhoto', 'sendDocument', 'sendAnimation', 'sendMediaGroup', 'sendVideo', 'sendAudio', 'sendVoice',
  'sendSticker', 'sendPoll', 'sendLocation', 'copyMessage', 'copyMessages', 'forwardMessage', 'forwardMessages',
]);

/**
 * 5xx answers and network failures, retried with exponential backoff a bounded number of times.
 * (auto-retry also does this, but with a fixed 3-second first wait; ours is configurable.)
 * getUpdates is left to the runner, which has its own retry loop and must stop promptly.
 */
export function retryTransient(options: RetryOptions): Transformer {
  return async (prev, method, payload, signal) => {
    let delay = options.firstBackoffMs;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= options.maxRetryAttempts || method === 'getUpdates';
      try {
        const result = await prev(method, payload, signal);
        if (result.ok || result.error_code < 500 || last) return result;
      } catch (error) {
        if (!(error instanceof HttpError) || last || signal?.aborted) throw error;
      }
      await sleep(delay, signal);
      delay = Math.min(delay * 2, options.maxDelaySeconds * 1000);
    }
  };
}

/** Telegram's limits for message-sending methods only (chat actions, callbacks and inline answers pass straight). */
export function throttleSending(options: ThrottleOptions): Transformer {
  const throttled = apiThrottler({
    global: { reservoir: options.globalPerSecond, reservoirRefreshAmount: options.globalPerSecond, reservoirRefreshInterval: 1000 },
    group: {
      maxConcurrent: 1,
      minTime: options.perChatIntervalMs,
      reservoir: options.perGroupPerMinute,
      reservoirRefreshAmount: options.perGroupPerMinute,
      reservoirRefreshInterval: 60_000,
    },
    out: { maxConcurrent: 1, minTime: options.perChatIntervalMs },
  });
  return (prev, method, payload, signal) => (SENDING.has(method) ? throttled(prev, method, payload, signal) : prev(method, payload, signal));
}

/** What one Bot API call came to: its result, or the error it threw (the network failed, or it was aborted). */
export type CallOutcome = { method: string; ok: true } | { method: string; ok: false; code?: number; error: string };

/**
 * Report every call's outcome, each attempt apart: installed before `configureApi`, it sits next to the
 * network, so it sees each 429 that auto-retry then waits out, and each failed long poll.
 */
export function observeCalls(onOutcome: (outcome: CallOutcome) => void): Transformer {
  return async (prev, method, payload, signal) => {
    let result: Awaited<ReturnType<typeof prev>>;
    try {
      result = await prev(method, payload, signal);
    } catch (error) {
      onOutcome({ method, ok: false, error: error instanceof Error ? error.message : String(error) });
      throw error;
    }
    onOutcome(result.ok ? { method, ok: true } : { method, ok: false, code: result.error_code, error: result.description });
    return result;
  };
}

/**
 * Install retries and the throttle on an Api (a bot's, or one the alerts dispatcher creates), innermost first:
 * auto-retry for 429 retry_after, then transient retries, then the throttle (so a retry keeps its slot).
 */
export function configureApi(api: Api, options: { retry: RetryOptions; throttle: ThrottleOptions | false }): void {
  api.config.use(
    autoRetry({
      maxRetryAttempts: options.retry.maxRetryAttempts,
      maxDelaySeconds: options.retry.maxDelaySeconds,
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
  );
  api.config.use(retryTransient(options.retry));
  if (options.throttle) api.config.use(throttleSending(options.throttle));
}

function sleep(ms: number, signal?: { aborted: boolean; addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void }): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('telegram: request aborted'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('telegram: request aborted'));
    }, { once: true });
  });
}
