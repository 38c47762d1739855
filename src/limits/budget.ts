// One outgoing budget per bot token, shared by replies and alerts and, on PostgreSQL, by every process.
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { ChatType, Platform } from '../alerts/types.js';
import { isGroupChat, type BudgetRules, type WindowRule } from './rules.js';
import { memorySendLog, OPEN_SEND_CAP_MS, type SendLog, type SendRule } from './send-log.js';

/** The part of a rate-limiter-flexible limiter the budget uses. */
export interface WindowLimiter {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  get(key: string): Promise<RateLimiterRes | null>;
  block(key: string, secDuration: number): Promise<RateLimiterRes>;
}

/**
 * Builds a fixed-window limiter on the budget's store (memory or PostgreSQL); `name` keeps keys apart. Its
 * `sendLog`, when it has one, holds the token's overall limit in the same store (otherwise: this process's memory).
 */
export type LimiterFactory = ((name: string, rule: WindowRule) => WindowLimiter) & { sendLog?: () => SendLog };

export type Priority = 'reply' | 'alert';

export interface AcquireRequest {
  /** The chat the message goes to, unique on the platform ("telegram:123"); none for requests that post nothing. */
  chat?: string;
  chatType: ChatType;
  priority: Priority;
  /** A platform route with a bucket of its own (Discord), held back when the platform says it is used up. */
  route?: string;
  /** Alerts: wait at most this long for the chat or a pause (default: the budget's maxAlertWaitMs). */
  maxWaitMs?: number;
  /**
   * Work to finish before the send time, run with the last checks (claiming the delivery row, say), so that
   * nothing but a timer stands between the send time and the send. Run again for a later send time if this
   * one is given up; its result is the caller's.
   */
  prepare?: () => Promise<unknown>;
  signal?: AbortSignal;
}

export type Acquired =
  /** Send now, then call `done` once the platform answered or the request failed (the send counts until then). */
  | { ok: true; waitedMs: number; done: () => void }
  /** Alerts only: the chat or the whole token is held back longer than is worth waiting; come back at `retryAt`. */
  | { ok: false; retryAt: number; reason: 'chat' | 'paused' };

export interface BudgetStats {
  granted: number;
  replies: number;
  alerts: number;
  /** Total time spent waiting for permission, ms. */
  waitedMs: number;
  /** Sends that left more than `lateToleranceMs` after their send time (a busy event loop or slow checks). */
  lateSlots: number;
  pauses: number;
  deferred: number;
  storeErrors: number;
}

export interface TokenBudget {
  readonly platform: Platform;
  /** False when no rules apply (benchmarks): acquire answers at once, only pauses hold back. */
  readonly limited: boolean;
  /** Wait until one message may be sent to the chat now. */
  acquire(request: AcquireRequest): Promise<Acquired>;
  /** A 429: hold every sender of this token back for `ms` (in every process sharing the store). */
  pause(ms: number): Promise<void>;
  /** The platform said this route has nothing left for `ms` (Discord's X-RateLimit headers). */
  exhaust(route: string, ms: number): Promise<void>;
  stats(): BudgetStats;
}

export interface TokenBudgetOptions {
  platform: Platform;
  /** Identifies the token without holding it (a hash): every process with the same token shares the budget. */
  tokenId: string;
  rules: BudgetRules;
  limiter: LimiterFactory;
  /** Where the overall limit's log lives (default: the limiter's, else this process's memory). */
  sendLog?: SendLog;
  /** Send times alerts hold ahead of now, per process (replies are never held back by this). Default 2. */
  alertReservations?: number;
  /** Alerts take a send time at most this far ahead, so a reply never queues behind more. Default 4 slots. */
  alertHorizonMs?: number;
  /** A send leaving more than this after its send time counts as late (stats only). Default 5 ms. */
  lateToleranceMs?: number;
  /** Alerts wait at most this long for their chat or a pause; beyond, they are told when to come back. Default 5 s. */
  maxAlertWaitMs?: number;
  onStoreError?: (error: unknown) => void;
}

/** A first-in, first-out gate letting `size` holders through at once. */
function createGate(size: number) {
  let inside = 0;
  const waiting: Array<() => void> = [];
  return {
    async enter(): Promise<void> {
      if (inside < size) {
        inside++;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    leave(): void {
      const next = waiting.shift();
      if (next) next();
      else inside--;
    },
  };
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const isLimited = (value: unknown): value is RateLimiterRes => value instanceof RateLimiterRes;

/** The last checks before a send time start this long before it. */
const CHECK_AHEAD_MS = 50;
/** Replies take the next send time however far it is (never more than a window while nothing hangs). */
const REPLY_HORIZON_MS = 3_600_000;

export function createTokenBudget(options: TokenBudgetOptions): TokenBudget {
  const { platform, tokenId, rules } = options;
  const limited = Boolean(rules.global || rules.perChat || rules.perGroup);
  const sendRule: SendRule | undefined = rules.global && {
    points: rules.global.points,
    windowMs: rules.global.seconds * 1000,
    gapMs: (rules.global.seconds * 1000) / rules.global.points,
  };
  const log = sendRule && (options.sendLog ?? options.limiter.sendLog?.() ?? memorySendLog());
  const logKey = `${platform}-global:${tokenId}`;
  // A chat's share is taken up to CHECK_AHEAD_MS before its send time: its window is that much longer, so that
  // the sends themselves keep the rule's spacing.
  const widened = (rule: WindowRule): WindowRule => ({ points: rule.points, seconds: rule.seconds + CHECK_AHEAD_MS / 1000 });
  const perChat = rules.perChat && options.limiter(`${platform}-chat`, widened(rules.perChat));
  const perGroup = rules.perGroup && options.limiter(`${platform}-group`, widened(rules.perGroup));
  const paused = options.limiter(`${platform}-pause`, { points: 1, seconds: 1 });
  const routes = options.limiter(`${platform}-route`, { points: 1, seconds: 1 });
  const horizonMs = options.alertHorizonMs ?? (sendRule?.gapMs ?? 0) * 4;
  const toleranceMs = options.lateToleranceMs ?? 5;
  const defaultAlertWaitMs = options.maxAlertWaitMs ?? 5000;
  const gate = createGate(options.alertReservations ?? 2);
  const stats: BudgetStats = { granted: 0, replies: 0, alerts: 0, waitedMs: 0, lateSlots: 0, pauses: 0, deferred: 0, storeErrors: 0 };
  let localPauseUntil = 0;
  const storeError = (error: unknown) => {
    stats.storeErrors++;
    options.onStoreError?.(error);
  };

  /** A blocked key (pause, route) holds back for its remaining time. */
  const blockedFor = async (limiter: WindowLimiter, key: string): Promise<number> => {
    const res = await limiter.get(key);
    return res && res.consumedPoints > 1 ? Math.max(0, res.msBeforeNext) : 0;
  };
  const pausedFor = async (now: number): Promise<number> => {
    const local = Math.max(0, localPauseUntil - now);
    return limited ? Math.max(local, await blockedFor(paused, tokenId)) : local;
  };
  const fullFor = async (limiter: WindowLimiter | undefined, rule: WindowRule | undefined, key: string): Promise<number> => {
    if (!limiter || !rule) return 0;
    const res = await limiter.get(key);
    return res && res.msBeforeNext > 0 && res.consumedPoints >= rule.points ? res.msBeforeNext : 0;
  };
  const chatKey = (chat: string) => `${tokenId}:${chat}`;
  const chatBusyFor = async (request: AcquireRequest): Promise<number> =>
    request.chat === undefined
      ? 0
      : Math.max(
          await fullFor(perChat, rules.perChat, chatKey(request.chat)),
          isGroupChat(request.chatType) ? await fullFor(perGroup, rules.perGroup, chatKey(request.chat)) : 0,
        );
  /** Take the chat's (and group's) share; the time to wait when another sender got there first. */
  const takeChat = async (request: AcquireRequest): Promise<number> => {
    if (request.chat === undefined) return 0;
    try {
      if (perGroup && isGroupChat(request.chatType)) await perGroup.consume(chatKey(request.chat));
      if (perChat) await perChat.consume(chatKey(request.chat));
      return 0;
    } catch (error) {
      if (isLimited(error)) return Math.max(1, error.msBeforeNext);
      throw error;
    }
  };

  const grant = (request: AcquireRequest, started: number, close?: () => void): Acquired => {
    const waitedMs = Date.now() - started;
    stats.granted++;
    stats.waitedMs += waitedMs;
    if (request.priority === 'reply') stats.replies++;
    else stats.alerts++;
    let closed = false;
    return {
      ok: true,
      waitedMs,
      done: () => {
        if (closed) return;
        closed = true;
        close?.();
      },
    };
  };

  /** A send time of the token within `horizon` of now: asked again, after a sleep, until the log gives one. */
  async function reserve(horizon: number, signal?: AbortSignal): Promise<{ at: number; id: number }> {
    for (;;) {
      const now = Date.now();
      const taken = await log!.reserve(logKey, now, sendRule!, horizon);
      if (taken.id !== undefined) return { at: taken.at, id: taken.id };
      await sleep(Math.max(1, taken.open ? taken.at - now : taken.at - now - horizon), signal);
    }
  }

  async function attempt(request: AcquireRequest, started: number): Promise<Acquired | number> {
    const alert = request.priority === 'alert';
    const maxAlertWaitMs = Math.min(request.maxWaitMs ?? defaultAlertWaitMs, defaultAlertWaitMs);
    const now = Date.now();
    const held = Math.max(await pausedFor(now), request.route ? await blockedFor(routes, `${tokenId}:${request.route}`) : 0);
    if (held > 0) return alert && held > maxAlertWaitMs ? { ok: false, retryAt: now + held, reason: 'paused' } : held;
    if (!limited) {
      await request.prepare?.();
      return grant(request, started);
    }
    const busy = await chatBusyFor(request);
    if (busy > 0) return alert && busy > maxAlertWaitMs ? { ok: false, retryAt: now + busy, reason: 'chat' } : busy;
    if (log) {
      // Alerts take send times only close to now; replies take the next one, ahead of any alert still waiting.
      if (!alert) return takeAndCheck(request, started, REPLY_HORIZON_MS);
      // Alerts of this process queue in order here, and only `alertReservations` of them at a time ask the log for a
      // send time close enough to take: the others wait without touching the store.
      await gate.enter();
      try {
        if (request.signal?.aborted) throw request.signal.reason ?? new Error('aborted');
        return await takeAndCheck(request, started, horizonMs);
      } finally {
        gate.leave();
      }
    }
    const [refused] = await Promise.all([takeChat(request), request.prepare?.()]);
    return refused > 0 ? refused : grant(request, started);
  }

  /** Take the token's next send time, run the last checks just before it, and wait for it. */
  async function takeAndCheck(request: AcquireRequest, started: number, horizon: number): Promise<Acquired | number> {
    const alert = request.priority === 'alert';
    const maxAlertWaitMs = Math.min(request.maxWaitMs ?? defaultAlertWaitMs, defaultAlertWaitMs);
    const slot = await reserve(horizon, request.signal);
    const cancel = () => log!.cancel(logKey, slot.id).catch(storeError);
    try {
      // Just before the send time: a 429 that came in meanwhile, and the chat's own limits, checked in one round
      // trip that is over by the send time, so nothing but a timer stands between the send time and the send.
      if (slot.at - CHECK_AHEAD_MS > Date.now()) await sleep(slot.at - CHECK_AHEAD_MS - Date.now(), request.signal);
      const [held, refused] = await Promise.all([pausedFor(Date.now()), takeChat(request), request.prepare?.()]);
      if (held > 0 || refused > 0) {
        await cancel();
        if (held > 0) return 0;
        return alert && refused > maxAlertWaitMs ? { ok: false, retryAt: Date.now() + refused, reason: 'chat' } : refused;
      }
      if (slot.at > Date.now()) await sleep(slot.at - Date.now(), request.signal);
    } catch (error) {
      await cancel();
      throw error;
    }
    const late = Date.now() - slot.at;
    if (late > toleranceMs) stats.lateSlots++;
    // A send leaving so late that the log could already count it out (a process frozen for seconds) takes a new time.
    if (late > OPEN_SEND_CAP_MS / 2) {
      await cancel();
      return 0;
    }
    return grant(request, started, () => void log!.close(logKey, slot.id, Date.now()).catch(storeError));
  }

  return {
    platform,
    limited,
    async acquire(request) {
      const started = Date.now();
      for (;;) {
        if (request.signal?.aborted) throw request.signal.reason ?? new Error('aborted');
        let outcome: Acquired | number;
        try {
          outcome = await attempt(request, started);
        } catch (error) {
          if (request.signal?.aborted) throw error;
          storeError(error);
          outcome = 1000;
        }
        if (typeof outcome !== 'number') {
          if (!outcome.ok) stats.deferred++;
          return outcome;
        }
        if (outcome > 0) await sleep(outcome, request.signal);
      }
    },
    async pause(ms) {
      const until = Date.now() + ms;
      stats.pauses++;
      if (until <= localPauseUntil) return;
      localPauseUntil = until;
      if (!limited || ms <= 0) return;
      try {
        if ((await blockedFor(paused, tokenId)) < ms) await paused.block(tokenId, ms / 1000);
      } catch (error) {
        storeError(error);
      }
    },
    async exhaust(route, ms) {
      if (ms <= 0) return;
      try {
        await routes.block(`${tokenId}:${route}`, ms / 1000);
      } catch (error) {
        storeError(error);
      }
    },
    stats: () => ({ ...stats }),
  };
}
