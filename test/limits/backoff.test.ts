// The one backoff every retry schedule uses: doubling, capped, with jitter below the wait (never above it).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/limits/index.js';

describe('backoffDelay', () => {
  it('doubles from the first wait up to the cap, each wait within its jitter', () => {
    const options = { firstMs: 2000, maxMs: 30_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, options, () => 0))).toEqual([2000, 4000, 8000, 16_000, 30_000, 30_000]);
    expect(backoffDelay(3, options, () => 1)).toBe(6400);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, r) => {
        const wait = backoffDelay(attempt, options, () => r);
        return wait >= 0.8 * Math.min(30_000, 2000 * 2 ** (attempt - 1)) - 1 && wait <= 30_000;
      }),
    );
  });
});
