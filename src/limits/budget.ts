// One outgoing budget per bot token, shared by replies and alerts and, on PostgreSQL, by every process.
import { RateLimiterRes } from 'rate-limiter-flexible';
import type { ChatType, Platform } from '../alerts/types.js';
import { isGroupChat, type BudgetRules, type WindowRule } from './rules.js';

/** The part of a rate-limiter-flexible limiter the budget uses. */
export interface WindowLimiter {
  consume(key: string, points?: number): Promise<RateLimiterRes>;
  get(key: string): Promise<RateLimiterRes | null>;
  block(key: string, secDuration: number): Promise<RateLimiterRes>;
}

/** Builds a fixed-window limiter on the budget's store (memory or PostgreSQL); `name` keeps keys apart. */
export type LimiterFactory = (name: string, rule: WindowRule) => WindowLimiter;

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
  | { ok: true; waitedMs: number }
  /** Alerts only: the chat or the whole token is held back longer than is worth waiting; come back at `retryAt`. */
  | { ok: false; retryAt: number; reason: 'chat' | 'paused' };

export interface BudgetStats {
  granted: number;
  replies: number;
  alerts: number;
  /** Total time spent waiting for permission, ms. */
  waitedMs: number;
  /** Send times given up because the taker was late for them (a stall), so no burst follows. */
  lateSlots: number;
  /** Of which: the taker woke up too late (a busy event loop or slow checks), rather than taking a past one. */
  wokeLate: number;
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
  /** Send times alerts hold ahead of now, per process (replies are never held back by this). Default 2. */
  alertReservations?: number;
  /** Alerts take a send time at most this far ahead, so a reply never queues behind more. Default 4 slots. */
  alertHorizonMs?: number;
  /** A send time missed by more than this is given up and the next one taken. Default 5 ms. */
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

export function createTokenBudget(options: TokenBudgetOptions): TokenBudget {
  const { platform, tokenId, rules } = options;
  const limited = Boolean(rules.global || rules.perChat || rules.perGroup);
  const global = rules.global && options.limiter(`${platform}-global`, rules.global);
  // A chat's share is taken up to CHECK_AHEAD_MS before its send time: its window is that much longer, so that
  // the sends themselves keep the rule's spacing.
  const widened = (rule: WindowRule): WindowRule => ({ points: rule.points, seconds: rule.seconds + CHECK_AHEAD_MS / 1000 });
  const perChat = rules.perChat && options.limiter(`${platform}-chat`, widened(rules.perChat));
  const perGroup = rules.perGroup && options.limiter(`${platform}-group`, widened(rules.perGroup));
  const paused = options.limiter(`${platform}-pause`, { points: 1, seconds: 1 });
  const routes = options.limiter(`${platform}-route`, { points: 1, seconds: 1 });
  const windowMs = (rules.global?.seconds ?? 1) * 1000;
  const slotMs = rules.global ? windowMs / rules.global.points : 0;
  const horizonMs = options.alertHorizonMs ?? slotMs * 4;
  const toleranceMs = options.lateToleranceMs ?? 5;
  const defaultAlertWaitMs = options.maxAlertWaitMs ?? 5000;
  const gate = createGate(options.alertReservations ?? 2);
  const stats: BudgetStats = { granted: 0, replies: 0, alerts: 0, waitedMs: 0, lateSlots: 0, wokeLate: 0, pauses: 0, deferred: 0, storeErrors: 0 };
  let localPauseUntil = 0;

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
  /** When the next unused send time of the current window is (now if the window is over). */
  const nextFree = (res: RateLimiterRes | null, now: number): number => {
    if (!res || res.msBeforeNext <= 0 || !rules.global) return now;
    if (res.consumedPoints >= rules.global.points) return now + res.msBeforeNext;
    return Math.max(now, now + res.msBeforeNext - windowMs + res.consumedPoints * slotMs);
  };

  /**
   * Take the next send time of the token. Undefined when it was missed (the window went unused for a while):
   * `skip` then says how many send times to jump over on the next try, so it lands on the present.
   */
  async function takeSlot(state: { skip: number }, signal?: AbortSignal): Promise<number | undefined> {
    let res: RateLimiterRes;
    try {
      res = await global!.consume(tokenId, state.skip + 1);
    } catch (error) {
      if (!isLimited(error)) throw error;
      state.skip = 0;
      await sleep(Math.max(1, error.msBeforeNext), signal);
      return undefined;
    }
    const now = Date.now();
    const slot = now + res.msBeforeNext - windowMs + (res.consumedPoints - 1) * slotMs;
    if (slot < now - toleranceMs) {
      stats.lateSlots++;
      state.skip = Math.max(0, Math.ceil((now - toleranceMs - slot) / slotMs) - 1);
      return undefined;
    }
    state.skip = 0;
    return slot;
  }

  /** A send time this sender woke up too late for (a busy event loop) is given up: no burst after a stall. */
  const missed = (slot: number, allowance: number) => {
    if (Date.now() - slot <= allowance) return false;
    stats.lateSlots++;
    stats.wokeLate++;
    return true;
  };

  const grant = (request: AcquireRequest, started: number): Acquired => {
    const waitedMs = Date.now() - started;
    stats.granted++;
    stats.waitedMs += waitedMs;
    if (request.priority === 'reply') stats.replies++;
    else stats.alerts++;
    return { ok: true, waitedMs };
  };

  async function attempt(request: AcquireRequest, started: number, state: { skip: number }): Promise<Acquired | number> {
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
    if (global) {
      // Alerts take send times only close to now; replies take the next one, ahead of any alert still waiting.
      if (!alert) return takeAndCheck(request, started, state);
      // Alerts of this process queue in order here, and only `alertReservations` of them at a time watch for a send
      // time close enough to take: the others wait without touching the store (each used to read the token's window
      // until its turn came, thousands of reads a second on PostgreSQL for 29 messages).
      await gate.enter();
      try {
        if (request.signal?.aborted) throw request.signal.reason ?? new Error('aborted');
        for (let ahead; (ahead = nextFree(await global.get(tokenId), Date.now()) - Date.now()) > horizonMs; ) await sleep(ahead - horizonMs, request.signal);
        return await takeAndCheck(request, started, state);
      } finally {
        gate.leave();
      }
    }
    const [refused] = await Promise.all([takeChat(request), request.prepare?.()]);
    return refused > 0 ? refused : grant(request, started);
  }

  /** Take the token's next send time, run the last checks just before it, and wait for it. */
  async function takeAndCheck(request: AcquireRequest, started: number, state: { skip: number }): Promise<Acquired | number> {
    const alert = request.priority === 'alert';
    const maxAlertWaitMs = Math.min(request.maxWaitMs ?? defaultAlertWaitMs, defaultAlertWaitMs);
    const slot = await takeSlot(state, request.signal);
    if (slot === undefined) return 0;
    // Just before the send time: a 429 that came in meanwhile, and the chat's own limits, checked in one round
    // trip that is over by the send time, so nothing but a timer stands between the send time and the send.
    if (slot - CHECK_AHEAD_MS > Date.now()) await sleep(slot - CHECK_AHEAD_MS - Date.now(), request.signal);
    const [held, refused] = await Promise.all([pausedFor(Date.now()), takeChat(request), request.prepare?.()]);
    if (held > 0) return 0;
    if (refused > 0) return alert && refused > maxAlertWaitMs ? { ok: false, retryAt: Date.now() + refused, reason: 'chat' } : refused;
    if (slot > Date.now()) await sleep(slot - Date.now(), request.signal);
    if (missed(slot, toleranceMs)) return 0;
    return grant(request, started);
  }

  return {
    platform,
    limited,
    async acquire(request) {
      const started = Date.now();
      const state = { skip: 0 };
      for (;;) {
        if (request.signal?.aborted) throw request.signal.reason ?? new Error('aborted');
        let outcome: Acquired | number;
        try {
          outcome = await attempt(request, started, state);
        } catch (error) {
          if (request.signal?.aborted) throw error;
          stats.storeErrors++;
          options.onStoreError?.(error);
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
        stats.storeErrors++;
        options.onStoreError?.(error);
      }
    },
    async exhaust(route, ms) {
      if (ms <= 0) return;
      try {
        await routes.block(`${tokenId}:${route}`, ms / 1000);
      } catch (error) {
        stats.storeErrors++;
        options.onStoreError?.(error);
      }
    },
    stats: () => ({ ...stats }),
  };
}
