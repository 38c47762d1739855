// Opens the bot's state: SQLite under DATA_DIR (default), or PostgreSQL with the shared outbox when DATABASE_URL is set.
import type PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import { memoryLimiters, type LimiterFactory } from '../limits/index.js';
import type { Logger } from '../logger.js';
import type { PgStore } from '../storage/postgres/pg-store.js';
import { openSqliteStore, type SqliteStore } from '../storage/sqlite-store.js';

export type State =
  | { engine: 'sqlite'; store: SqliteStore; limiter: LimiterFactory; close(): Promise<void> }
  | { engine: 'postgres'; store: PgStore; limiter: LimiterFactory; queue: PgBoss; connectionString: string; schema: string; close(): Promise<void> };

export async function openState(config: Pick<Config, 'DATA_DIR' | 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'OUTBOX_LEASE_SECONDS'>, logger: Logger): Promise<State> {
  if (!config.DATABASE_URL) {
    const store = openSqliteStore(config.DATA_DIR);
    return { engine: 'sqlite', store, limiter: memoryLimiters, close: () => store.close() };
  }
  // PostgreSQL's modules are loaded only by a process that uses it.
  const [{ createPool }, { migratePostgres }, { pgStore }, { createPgOutbox, startQueue }, { postgresLimiters }] = await Promise.all([
    import('../storage/postgres/pool.js'),
    import('../storage/postgres/migrations.js'),
    import('../storage/postgres/pg-store.js'),
    import('../outbox/queue.js'),
    import('../limits/stores.js'),
  ]);
  const connectionString = config.DATABASE_URL;
  const schema = config.DATABASE_SCHEMA;
  const pool = createPool({ connectionString, schema, max: 6 });
  try {
    await migratePostgres(pool, schema);
    const queue = await startQueue({ connectionString, schema, logger, leaseSeconds: config.OUTBOX_LEASE_SECONDS });
    const store = pgStore({ pool, schema, outbox: createPgOutbox(queue, schema) });
    logger.info('state: PostgreSQL', { schema });
    return {
      engine: 'postgres',
      store,
      limiter: postgresLimiters(pool, schema),
      queue,
      connectionString,
      schema,
      async close() {
        await queue.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
        await store.close();
      },
    };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new Error(`state: cannot use the PostgreSQL database of DATABASE_URL: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
