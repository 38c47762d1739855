// Per-user flood protection for every platform: a sliding window of requests, one polite warning per flood, then silence.
import type { Reply } from './types.js';

export interface FloodOptions {
  /** Questions and commands one user may send per window. */
  limit: number;
  windowMs: number;
}

/** 20 questions or commands a minute per user: more than a person types, less than a script sends. */
export const defaultFloodOptions: FloodOptions = { limit: 20, windowMs: 60_000 };

export type FloodVerdict = 'allow' | 'warn' | 'drop';

export interface FloodGuard {
  /** 'allow' the request, 'warn' (first refusal: tell the user once) or 'drop' (already told). */
  check(userKey: string): FloodVerdict;
  /** Seconds until this user may ask again. */
  retryInSeconds(userKey: string): number;
}

const MAX_USERS = 100_000;

/**
 * A flood guard keyed by user ("platform:id"); memory is bounded (the oldest users are forgotten first).
 *
 * @example
 * const flood = createFloodGuard({ limit: 20, windowMs: 60_000 });
 * const gate = admit(flood, 'discord:42'); // { pass: true } | { pass: false, reply?: Reply }
 */
export function createFloodGuard(options: FloodOptions = defaultFloodOptions, now: () => number = Date.now): FloodGuard {
  const users = new Map<string, { hits: number[]; warned: boolean }>();
  const prune = (hits: number[], t: number) => {
    while (hits.length && t - hits[0]! >= options.windowMs) hits.shift();
  };
  return {
    check(userKey) {
      const t = now();
      let entry = users.get(userKey);
      if (!entry) {
        if (users.size >= MAX_USERS) users.delete(users.keys().next().value!);
        entry = { hits: [], warned: false };
        users.set(userKey, entry);
      }
      prune(entry.hits, t);
      if (entry.hits.length < options.limit) {
        entry.hits.push(t);
        entry.warned = false;
        return 'allow';
      }
      if (entry.warned) return 'drop';
      entry.warned = true;
      return 'warn';
    },
    retryInSeconds(userKey) {
      const first = users.get(userKey)?.hits[0];
      return first === undefined ? 0 : Math.max(1, Math.ceil((first + options.windowMs - now()) / 1000));
    },
  };
}

/** The polite warning a user gets once per flood. */
export function floodNotice(seconds: number): Reply {
  return { kind: 'notice', tone: 'info', text: `You're asking faster than I can read. Please wait about ${seconds} seconds, then ask again.` };
}

/** May this user's request go ahead? If not, `reply` is the one warning to send (absent: stay silent). */
export function admit(guard: FloodGuard, userKey: string): { pass: true } | { pass: false; reply?: Reply } {
  const verdict = guard.check(userKey);
  if (verdict === 'allow') return { pass: true };
  return verdict === 'warn' ? { pass: false, reply: floodNotice(guard.retryInSeconds(userKey)) } : { pass: false };
}
