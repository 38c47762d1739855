// One backoff for every retry schedule: doubling from a first wait up to a cap, with jitter so retries never march in step.

export interface BackoffOptions {
  /** The wait before the first retry, ms. */
  firstMs: number;
  /** No wait is longer than this, ms. */
  maxMs: number;
  /** Each wait is drawn from [wait × (1 − jitter), wait]. Default 0.2. */
  jitter?: number;
}

/**
 * The wait before retry number `attempt` (1 for the first retry).
 *
 * @example
 * backoffDelay(3, { firstMs: 1000, maxMs: 30_000 }); // between 3,200 and 4,000
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.firstMs * 2 ** Math.max(0, attempt - 1));
  const jitter = Math.min(1, Math.max(0, options.jitter ?? 0.2));
  return Math.round(base * (1 - jitter * random()));
}
