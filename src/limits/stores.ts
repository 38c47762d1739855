// Where a budget's windows live: in this process (SQLite mode) or in PostgreSQL, shared by every process.
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { LimiterFactory, WindowLimiter } from './budget.js';

/** Windows in this process's memory: the single-process bot, where replies and alerts share one process. */
export const memoryLimiters: LimiterFactory = (name, rule): WindowLimiter =>
  new RateLimiterMemory({ keyPrefix: name, points: rule.points, duration: rule.seconds });

/**
 * Windows in the `rate_limits` table of the bot's PostgreSQL schema (created by its migrations), so every
 * process using the same bot token draws on one budget. Times are the processes' clocks: keep them in sync (NTP).
 */
export function postgresLimiters(pool: Pool, schema: string): LimiterFactory {
  return (name, rule): WindowLimiter =>
    new RateLimiterPostgres({
      storeClient: pool,
      storeType: 'pool',
      schemaName: schema,
      tableName: 'rate_limits',
      tableCreated: true,
      clearExpiredByTimeout: true,
      keyPrefix: name,
      points: rule.points,
      duration: rule.seconds,
    });
}
