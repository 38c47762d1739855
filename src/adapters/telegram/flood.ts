// Per-user flood protection: a sliding window of requests, with one polite warning per flood.
import type { FloodOptions } from './options.js';

export type FloodVerdict = 'allow' | 'warn' | 'drop';

export interface FloodGuard {
  /** 'allow' the request, 'warn' (first refusal: tell the user once) or 'drop' (already told). */
  check(userKey: string): FloodVerdict;
  /** Seconds until this user may ask again. */
  retryInSeconds(userKey: string): number;
}

const MAX_USERS = 100_000;

export function createFloodGuard(options: FloodOptions, now: () => number = Date.now): FloodGuard {
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
