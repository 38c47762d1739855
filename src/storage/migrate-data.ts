// Copies a SQLite DATA_DIR into PostgreSQL: same ids, pending deliveries queued once, safe to run again.
import type { Db } from '../alerts/db.js';
import type { TransactionalOutbox } from './postgres/pg-store.js';
import { withTransaction, type Pool, type PoolClient } from './postgres/pool.js';

export interface MigrationReport {
  /** Rows per table: read from SQLite, and newly written to PostgreSQL (the rest were there already). */
  tables: Record<string, { read: number; copied: number }>;
  /** Pending deliveries handed to the outbox (each once, whatever the number of runs). */
  queued: number;
}

/** A table's columns and their PostgreSQL types, in SQLite's names; `convert` maps a SQLite row. */
interface TableCopy {
  name: string;
  key: string;
  columns: Record<string, string>;
  convert?: (row: Record<string, unknown>) => Record<string, unknown>;
  /** SQL expressions for columns that arrive in another form (bytes as hex). */
  expressions?: Record<string, string>;
}

const TABLES: TableCopy[] = [
  {
    name: 'announcements',
    key: 'id',
    columns: { id: 'bigint', guid: 'text', link: 'text', hash: 'text', title: 'text', summary: 'text', body: 'text', publisher: 'text', date: 'text', origin: 'text', source_id: 'text', entities: 'jsonb', sectors: 'jsonb', baseline: 'boolean', created_at: 'bigint' },
    convert: (r) => ({ ...r, entities: JSON.parse(String(r.entities)), sectors: JSON.parse(String(r.sectors)), baseline: r.baseline === 1 }),
  },
  {
    name: 'subscriptions',
    key: 'id',
    columns: { id: 'bigint', chat: 'text', platform: 'text', chat_id: 'text', chat_type: 'text', kind: 'text', value: 'text', label: 'text', created_by: 'text', created_at: 'bigint', active: 'boolean', deactivated_at: 'bigint', deactivated_reason: 'text' },
    convert: (r) => ({ ...r, active: r.active === 1 }),
  },
  {
    name: 'deliveries',
    key: 'id',
    columns: { id: 'bigint', announcement_id: 'bigint', chat: 'text', platform: 'text', chat_id: 'text', chat_type: 'text', subscription_id: 'bigint', matched: 'text', unsubscribe: 'text', status: 'text', attempts: 'integer', next_attempt_at: 'bigint', last_error: 'text', sent_at: 'bigint' },
    // A delivery half-sent when the SQLite bot stopped is sent again, as that bot would have done on restart.
    convert: (r) => ({ ...r, status: r.status === 'sending' ? 'pending' : r.status }),
  },
  {
    name: 'feedback_answers',
    key: 'id',
    columns: { id: 'text', question: 'text', answered: 'boolean', fact_ids: 'jsonb', platform: 'text', created_at: 'bigint' },
    convert: (r) => ({ ...r, answered: r.answered === 1, fact_ids: JSON.parse(String(r.fact_ids)) }),
  },
  {
    name: 'feedback_votes',
    key: 'voter_hash',
    columns: { voter_hash: 'text', answer_id: 'text', vote: 'text', note: 'text', at: 'bigint' },
  },
  {
    // The salt the voter hashes were made with: without it, a person's later vote would count as a new one.
    name: 'feedback_salt',
    key: 'id',
    columns: { id: 'integer', salt: 'text' },
    convert: (r) => ({ id: r.id, salt: (r.salt as Buffer).toString('hex') }),
    expressions: { salt: "decode(salt, 'hex')" },
  },
  {
    name: 'feeds',
    key: 'url',
    columns: { url: 'text', etag: 'text', last_modified: 'text', health: 'text', failures: 'integer', last_error: 'text', last_checked_at: 'bigint', last_ok_at: 'bigint', next_poll_at: 'bigint', baseline_done: 'boolean', items: 'integer' },
    convert: (r) => ({ ...r, baseline_done: r.baseline_done === 1 }),
  },
];

const BATCH = 5000;

async function copyTable(client: PoolClient, db: Db, table: TableCopy, onInserted: (rows: Array<Record<string, unknown>>) => Promise<void>): Promise<{ read: number; copied: number }> {
  const names = Object.keys(table.columns);
  const recordType = names.map((c) => `${c} ${table.columns[c]}`).join(', ');
  let read = 0;
  let copied = 0;
  const rows = db.prepare(`SELECT ${names.join(', ')} FROM ${table.name} ORDER BY ${table.key}`).all() as Array<Record<string, unknown>>;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH).map((r) => (table.convert ? table.convert(r) : r));
    read += batch.length;
    const select = names.map((c) => table.expressions?.[c] ?? c).join(', ');
    const { rows: inserted } = await client.query(
      `INSERT INTO ${table.name} (${names.join(', ')}) SELECT ${select} FROM json_to_recordset($1::json) AS r(${recordType})
       ON CONFLICT DO NOTHING RETURNING *`,
      [JSON.stringify(batch)],
    );
    copied += inserted.length;
    await onInserted(inserted as Array<Record<string, unknown>>);
  }
  return { read, copied };
}

/**
 * Copy everything the SQLite bot stored into the PostgreSQL schema, in one transaction: a run either copies all
 * or nothing. Rows already present (an earlier run) are left as PostgreSQL has them, so a delivery sent since
 * is never sent again; the pending deliveries this run copies are queued in the same transaction, once each.
 * Stop the SQLite bot first: what it sends during the copy would be sent again.
 */
export async function migrateData(options: { db: Db; pool: Pool; outbox: TransactionalOutbox }): Promise<MigrationReport> {
  const { db, pool, outbox } = options;
  const report: MigrationReport = { tables: {}, queued: 0 };
  await withTransaction(pool, async (client) => {
    for (const table of TABLES) {
      report.tables[table.name] = await copyTable(client, db, table, async (inserted) => {
        if (table.name !== 'deliveries') return;
        const pending = inserted.filter((r) => r.status === 'pending');
        if (pending.length === 0) return;
        await outbox.enqueue(
          client,
          pending.map((r) => ({ id: Number(r.id), announcementId: Number(r.announcement_id), chat: String(r.chat), chatType: r.chat_type as 'private' })),
        );
        report.queued += pending.length;
      });
    }
    // New rows get ids after the copied ones.
    for (const table of ['announcements', 'subscriptions', 'deliveries']) {
      await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), GREATEST((SELECT coalesce(max(id), 0) FROM ${table}), 1))`, [table]);
    }
  });
  if (report.queued > 0) await outbox.afterCommit?.(pool, report.queued);
  return report;
}
