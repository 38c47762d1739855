// PostgreSQL for service tests: the machine's local server, a fresh schema per test, dropped afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { migratePostgres } from '../../../src/storage/postgres/migrations.js';
import { createPool, type Pool } from '../../../src/storage/postgres/pool.js';

/** The local server of the machine (trust auth); TEST_DATABASE_URL points elsewhere. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A schema name nobody else uses: tests, CI runs and other sessions never share one. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drop a schema and the job queue's schema next to it. */
export async function dropSchemas(...schemas: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    for (const schema of schemas) await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** A pool on a fresh, migrated schema; `drop` removes it and the queue schema `${schema}_queue`. */
export async function freshDatabase(prefix = 't'): Promise<{ pool: Pool; schema: string; drop(): Promise<void> }> {
  const schema = freshSchema(prefix);
  const pool = createPool({ connectionString: TEST_DATABASE_URL, schema, max: 4 });
  await migratePostgres(pool, schema);
  return {
    pool,
    schema,
    async drop() {
      await pool.end().catch(() => undefined);
      await dropSchemas(schema, `${schema}_queue`);
    },
  };
}

/** Poll an async check until it holds (or fail naming `what`). */
export async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
