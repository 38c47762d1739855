// Where a budget's windows live: in this process (SQLite mode) or in PostgreSQL, shared by every process.
import type { Pool } from 'pg';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { LimiterFactory, WindowLimiter } from './budget.js';
import { memorySendLog, postgresSendLog } from './send-log.js';

/** Windows in this process's memory: the single-process bot, where replies and alerts share one process. */
export const memoryLimiters: LimiterFactory = Object.assign(
  (name: string, rule: { points: number; seconds: number }): WindowLimiter => new RateLimiterMemory({ keyPrefix: name, points: rule.points, duration: rule.seconds }),
  { sendLog: memorySendLog },
);

/**
 * Windows in the `rate_limits` table of the bot's PostgreSQL schema (created by its migrations), so every
 * process using the same bot token draws on one budget. Times are the processes' clocks: keep them in sync (NTP).
 */
export function postgresLimiters(pool: Pool, schema: string): LimiterFactory {
  const factory = (name: string, rule: { points: number; seconds: number }): WindowLimiter =>
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
  // The overall limit: the `send_log` table (migration 5), in the same schema through the pool's search path.
  return Object.assign(factory, { sendLog: () => postgresSendLog(pool) });
}
