// The token's overall limit on PostgreSQL: two processes (two pools) share one log of sends, each counted until answered.
import { afterEach, describe, expect, it } from 'vitest';
import { createTokenBudget, postgresLimiters, telegramBudget, type TokenBudget } from '../../src/limits/index.js';
import { createPool } from '../../src/storage/postgres/pool.js';
import { eventually, freshDatabase, TEST_DATABASE_URL } from './helpers/postgres.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const maxIn = (times: number[], window: number) => times.reduce((max, t, i) => Math.max(max, times.slice(i).filter((u) => u < t + window).length), 0);

/** Alerts to fresh chats for `ms`; the k-th let through reaches the platform after `delay(k)` ms, answered 1 ms later. Arrival times. */
async function send(budget: TokenBudget, ms: number, senders: number, delay: (i: number) => number, prefix: string): Promise<number[]> {
  const end = Date.now() + ms;
  const arrivals: number[] = [];
  let next = 0;
  let granted = 0;
  await Promise.all(
    Array.from({ length: senders }, async () => {
      while (Date.now() < end) {
        const i = next++;
        const permit = await budget.acquire({ chat: `${prefix}-${i}`, chatType: 'private', priority: 'alert' });
        if (!permit.ok) continue;
        await new Promise((r) => setTimeout(r, delay(granted++)));
        arrivals.push(Date.now());
        await new Promise((r) => setTimeout(r, 1));
        permit.done();
      }
    }),
  );
  return arrivals.filter((t) => t < end);
}

describe('the overall limit shared through PostgreSQL', () => {
  it('never lets two processes put more than 30 messages in any second at Telegram, late arrivals included', async () => {
    const db = await freshDatabase('sendlog');
    cleanups.push(db.drop);
    // A second process: its own pool on the same schema.
    const other = createPool({ connectionString: TEST_DATABASE_URL, schema: db.schema, max: 4 });
    cleanups.push(() => other.end());
    const budgets = [db.pool, other].map((pool) => createTokenBudget({ platform: 'telegram', tokenId: 'shared', rules: telegramBudget, limiter: postgresLimiters(pool, db.schema) }));
    // A stall on the way in each process, once every 31 of its messages: three reach Telegram together, 80 ms after
    // the first one's send time (as in test/limits/budget.test.ts).
    const delay = (k: number) => [80, 46, 12][k % 31] ?? 2;
    const [a, b] = await Promise.all(budgets.map((budget, p) => send(budget, 4000, 6, delay, `p${p}`)));
    const all = [...a!, ...b!].sort((x, y) => x - y);
    expect(maxIn(all, 1000)).toBeLessThanOrEqual(30);
    // Both processes sent, and together close to the limit: the delays cost only their own length.
    expect(Math.min(a!.length, b!.length)).toBeGreaterThan(20);
    expect(all.length).toBeGreaterThanOrEqual(100);
    // Every send was closed (a close is written in the background, so the last ones may land just after).
    const open = async () => (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM send_log WHERE done IS NULL')).rows[0]!.n;
    await eventually(async () => (await open()) === 0, 'every send closed', 2000);
    expect(await open()).toBe(0);
  });
});
