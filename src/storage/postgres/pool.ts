// PostgreSQL connections of the bot: one pool per process, its own schema first on the search path.
import pg from 'pg';

export type Pool = pg.Pool;
export type PoolClient = pg.PoolClient;

/** Lower-case letters, digits and underscores: safe to put in SQL as an identifier. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,40}$/;

export function quoteIdent(name: string): string {
  if (!SCHEMA_NAME.test(name)) throw new Error(`postgres: "${name}" is not a valid schema name (lower-case letters, digits, _)`);
  return `"${name}"`;
}

const INT8 = 20;
const NUMERIC = 1700;

/** int8 and numeric as numbers: ids and millisecond times stay far below 2^53. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

export function createPool(options: { connectionString: string; schema: string; max?: number; applicationName?: string }): Pool {
  quoteIdent(options.schema);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 4,
    options: `-c search_path=${options.schema}`,
    application_name: options.applicationName ?? 'hk-innotech-bot',
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
    types,
  });
  // An idle client losing its connection (a server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  return pool;
}

/** Run `fn` in one transaction on one connection; rolled back when it throws. */
export async function withTransaction<T>(pool: Pool, fn: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
