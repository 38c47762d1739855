// Schema migrations of the PostgreSQL engine: numbered, each applied once, safe when many processes start at once.
import { SEND_LOG_MIGRATION } from '../../limits/send-log.js';
import { quoteIdent, withTransaction, type Pool } from './pool.js';

/** Each entry moves the schema one version up. Never edit a shipped entry: add one. */
export const postgresMigrations: readonly string[] = [
  `CREATE TABLE announcements (
     id BIGSERIAL PRIMARY KEY,
     guid TEXT UNIQUE,
     link TEXT UNIQUE,
     hash TEXT NOT NULL UNIQUE,
     title TEXT NOT NULL,
     summary TEXT NOT NULL,
     body TEXT NOT NULL,
     publisher TEXT,
     date TEXT,
     origin TEXT NOT NULL,
     source_id TEXT,
     entities JSONB NOT NULL DEFAULT '[]',
     sectors JSONB NOT NULL DEFAULT '[]',
     baseline BOOLEAN NOT NULL DEFAULT false,
     created_at BIGINT NOT NULL
   );
   CREATE TABLE subscriptions (
     id BIGSERIAL PRIMARY KEY,
     chat TEXT NOT NULL,
     platform TEXT NOT NULL,
     chat_id TEXT NOT NULL,
     chat_type TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('all','entity','sector','keyword')),
     value TEXT NOT NULL,
     label TEXT NOT NULL,
     created_by TEXT,
     created_at BIGINT NOT NULL,
     active BOOLEAN NOT NULL DEFAULT true,
     deactivated_at BIGINT,
     deactivated_reason TEXT,
     UNIQUE (chat, kind, value)
   );
   CREATE INDEX subscriptions_match ON subscriptions (active, kind, value);
   CREATE TABLE deliveries (
     id BIGSERIAL PRIMARY KEY,
     announcement_id BIGINT NOT NULL REFERENCES announcements(id),
     chat TEXT NOT NULL,
     platform TEXT NOT NULL,
     chat_id TEXT NOT NULL,
     chat_type TEXT NOT NULL,
     subscription_id BIGINT,
     matched TEXT NOT NULL,
     unsubscribe TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending','sending','sent','failed','skipped')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at BIGINT NOT NULL,
     last_error TEXT,
     sent_at BIGINT,
     claimed_by TEXT,
     claimed_at BIGINT,
     UNIQUE (announcement_id, chat)
   );
   CREATE INDEX deliveries_chat ON deliveries (chat);
   CREATE INDEX deliveries_open ON deliveries (status) WHERE status IN ('pending','sending');
   CREATE TABLE feeds (
     url TEXT PRIMARY KEY,
     etag TEXT,
     last_modified TEXT,
     health TEXT NOT NULL DEFAULT 'new',
     failures INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     last_checked_at BIGINT,
     last_ok_at BIGINT,
     next_poll_at BIGINT NOT NULL DEFAULT 0,
     baseline_done BOOLEAN NOT NULL DEFAULT false,
     items INTEGER NOT NULL DEFAULT 0
   );
   CREATE TABLE telegram_updates (
     update_id BIGINT PRIMARY KEY,
     received_at BIGINT NOT NULL
   );
   CREATE INDEX telegram_updates_received ON telegram_updates (received_at);
   CREATE TABLE chat_state (
     chat TEXT PRIMARY KEY,
     state JSONB NOT NULL,
     updated_at BIGINT NOT NULL
   );
   -- rate-limiter-flexible's layout; unlogged: windows of a few seconds need not survive a crash.
   CREATE UNLOGGED TABLE rate_limits (
     key VARCHAR(255) PRIMARY KEY,
     points INTEGER NOT NULL DEFAULT 0,
     expire BIGINT
   );`,
  // 2: answer feedback (as SQLite's migration 2): answers under random ids, votes keyed by a salted hash.
  `CREATE TABLE feedback_answers (
     id TEXT PRIMARY KEY,
     question TEXT NOT NULL,
     answered BOOLEAN NOT NULL,
     fact_ids JSONB NOT NULL DEFAULT '[]',
     platform TEXT NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX feedback_answers_created ON feedback_answers (created_at);
   CREATE TABLE feedback_votes (
     voter_hash TEXT PRIMARY KEY,
     answer_id TEXT NOT NULL REFERENCES feedback_answers(id),
     vote TEXT NOT NULL CHECK (vote IN ('up','down')),
     note TEXT,
     at BIGINT NOT NULL
   );
   CREATE INDEX feedback_votes_answer ON feedback_votes (answer_id);
   CREATE TABLE feedback_salt (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     salt BYTEA NOT NULL
   );`,
  // 3: one row the health check rewrites, proof the database takes writes (as SQLite's migration 3).
  `CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at BIGINT NOT NULL);`,
  // 4: what the feed ceilings left out and the last failed full-page read (as SQLite's migration 5).
  `ALTER TABLE feeds ADD COLUMN skipped_last INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE feeds ADD COLUMN skipped_total INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE feeds ADD COLUMN skip_reason TEXT;
   ALTER TABLE feeds ADD COLUMN skipped_at BIGINT;
   ALTER TABLE feeds ADD COLUMN page_error TEXT;
   ALTER TABLE feeds ADD COLUMN page_error_at BIGINT;
   CREATE INDEX announcements_origin ON announcements (origin, created_at);`,
  // 5: the overall rate limit of each token as a log of its sends, closed when answered (src/limits/send-log.ts).
  SEND_LOG_MIGRATION,
  // 6: a delivery's claim and its 'sent' are HOT updates (no index holds a column they change, and each page keeps
  // room for the new versions), which no longer write an entry into every index of the table: PostgreSQL spent
  // 43% of its time inserting index entries in a 100,000-chat fan-out, mostly these (measured with perf). Pages
  // start half full: about twice the disk for this table. The open deliveries, which the status index found, are
  // found through the announcements not yet settled; the delivery workers' sweep settles an announcement once none
  // of its deliveries is open (a closed delivery never opens again).
  `DROP INDEX deliveries_open;
   ALTER TABLE deliveries SET (fillfactor = 50);
   ALTER TABLE announcements ADD COLUMN settled_at BIGINT;
   CREATE INDEX announcements_unsettled ON announcements (id) WHERE settled_at IS NULL;`,
];

/**
 * Create the schema when needed and apply the migrations it lacks, in one transaction under an advisory lock,
 * so processes starting together migrate once. Throws when the schema is newer than this code.
 */
export async function migratePostgres(pool: Pool, schema: string): Promise<number> {
  const s = quoteIdent(schema);
  return withTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`hk-innotech-bot:migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await client.query(`SET LOCAL search_path TO ${s}`);
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT coalesce(max(version), 0) AS version FROM schema_migrations');
    const current = Number(rows[0]!.version);
    if (current > postgresMigrations.length) {
      throw new Error(`postgres: the schema "${schema}" (version ${current}) is newer than this code (${postgresMigrations.length}); update the bot`);
    }
    for (let version = current; version < postgresMigrations.length; version++) {
      await client.query(postgresMigrations[version]!);
      await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [version + 1, Date.now()]);
    }
    return postgresMigrations.length;
  });
}
