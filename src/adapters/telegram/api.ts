// Outgoing Bot API calls: 429 retries (auto-retry), bounded backoff on 5xx and network errors, and the token's budget.
import { autoRetry } from '@grammyjs/auto-retry';
import { HttpError, type Api, type Transformer } from 'grammy';
import { telegramChatType, type TokenBudget } from '../../limits/index.js';
import type { RetryOptions } from './options.js';

/** Methods that post a message and count against Telegram's per-chat and global limits. */
const SENDING = new Set([
  'sendMessage', 'sendPhoto', 'sendDocument', 'sendAnimation', 'sendMediaGroup', 'sendVideo', 'sendAudio', 'sendVoice',
  'sendSticker', 'sendPoll', 'sendLocation', 'copyMessage', 'copyMessages', 'forwardMessage', 'forwardMessages',
]);

/** Calls with a retry schedule of their own: long polling (the runner's, which must stop promptly) and the menu. */
const OWN_RETRIES = new Set(['getUpdates', 'setMyCommands']);

/**
 * 5xx answers and network failures, retried with exponential backoff a bounded number of times.
 * (auto-retry also does this, but with a fixed 3-second first wait; ours is configurable.)
 */
export function retryTransient(options: RetryOptions): Transformer {
  return async (prev, method, payload, signal) => {
    let delay = options.firstBackoffMs;
    for (let attempt = 0; ; attempt++) {
      const last = attempt >= options.maxRetryAttempts || OWN_RETRIES.has(method);
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

/**
 * Every message a reply sends draws on the token's budget (shared with alerts, and with every process on
 * PostgreSQL), ahead of alerts; a 429 holds the whole token back for retry_after. Chat actions, callback and
 * inline answers pass straight.
 */
export function budgetSending(budget: TokenBudget): Transformer {
  return async (prev, method, payload, signal) => {
    if (!SENDING.has(method)) return prev(method, payload, signal);
    const chatId = (payload as { chat_id?: number | string }).chat_id ?? '';
    const permit = await budget.acquire({ chat: `telegram:${chatId}`, chatType: telegramChatType(chatId), priority: 'reply', ...(signal ? { signal: signal as AbortSignal } : {}) });
    let result: Awaited<ReturnType<typeof prev>>;
    try {
      result = await prev(method, payload, signal);
    } finally {
      // The message counts against the token's overall limit until Telegram's answer is here.
      if (permit.ok) permit.done();
    }
    if (!result.ok && result.error_code === 429) await budget.pause((result.parameters?.retry_after ?? 1) * 1000);
    return result;
  };
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
 * Install retries and the budget on an Api, innermost first: the budget (so every attempt, retries too, takes
 * its send time), then auto-retry for 429 retry_after, then transient retries.
 */
export function configureApi(api: Api, options: { retry: RetryOptions; budget?: TokenBudget }): void {
  if (options.budget) api.config.use(budgetSending(options.budget));
  api.config.use(
    autoRetry({
      maxRetryAttempts: options.retry.maxRetryAttempts,
      maxDelaySeconds: options.retry.maxDelaySeconds,
      rethrowInternalServerErrors: true,
      rethrowHttpErrors: true,
    }),
  );
  api.config.use(retryTransient(options.retry));
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
