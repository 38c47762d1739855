// `npm run migrate-data`: copy the SQLite state of DATA_DIR into the PostgreSQL database of DATABASE_URL.
import { redact } from '../redact.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../alerts/db.js';
import { createLogger, registerSecret } from '../logger.js';
import { createPgOutbox, startQueue } from '../outbox/queue.js';
import { migrateData } from './migrate-data.js';
import { migratePostgres } from './postgres/migrations.js';
import { createPool } from './postgres/pool.js';

async function main(): Promise<number> {
  const config = loadConfig();
  if (!config.DATABASE_URL) {
    process.stderr.write('migrate-data: set DATABASE_URL to the PostgreSQL database to copy into (and DATA_DIR to the SQLite data, default ./data).\n');
    return 2;
  }
  registerSecret(decodeURIComponent(new URL(config.DATABASE_URL).password));
  const logger = createLogger({ level: config.LOG_LEVEL, ...(config.LOG_FORMAT === 'auto' ? {} : { format: config.LOG_FORMAT }) });
  const db = openDatabase(config.DATA_DIR);
  const pool = createPool({ connectionString: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, max: 2 });
  const queue = await startQueue({ connectionString: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, logger, leaseSeconds: config.OUTBOX_LEASE_SECONDS });
  try {
    await migratePostgres(pool, config.DATABASE_SCHEMA);
    const report = await migrateData({ db, pool, outbox: createPgOutbox(queue, config.DATABASE_SCHEMA) });
    const lines = Object.entries(report.tables).map(([name, t]) => `  ${name}: ${t.read} read, ${t.copied} copied${t.read > t.copied ? `, ${t.read - t.copied} already there` : ''}`);
    process.stdout.write(`Copied ${config.DATA_DIR} into PostgreSQL (schema ${config.DATABASE_SCHEMA}):\n${lines.join('\n')}\n  pending deliveries queued: ${report.queued}\n`);
    return 0;
  } finally {
    db.close();
    await queue.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
    await pool.end();
  }
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    process.stderr.write(`${redact(error instanceof ConfigError ? error.message : `migrate-data failed: ${error instanceof Error ? error.message : String(error)}`)}\n`);
    process.exitCode = 1;
  });
