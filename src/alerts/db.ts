// Opens the alerts SQLite database (WAL) under DATA_DIR and applies numbered schema migrations.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** Each entry moves the schema one version up (PRAGMA user_version). Never edit a shipped entry: add one. */
export const migrations: readonly string[] = [
  `CREATE TABLE announcements (
     id INTEGER PRIMARY KEY,
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
     entities TEXT NOT NULL DEFAULT '[]',
     sectors TEXT NOT NULL DEFAULT '[]',
     baseline INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL
   );
   CREATE TABLE subscriptions (
     id INTEGER PRIMARY KEY,
     chat TEXT NOT NULL,
     platform TEXT NOT NULL,
     chat_id TEXT NOT NULL,
     chat_type TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN ('all','entity','sector','keyword')),
     value TEXT NOT NULL,
     label TEXT NOT NULL,
     created_by TEXT,
     created_at INTEGER NOT NULL,
     active INTEGER NOT NULL DEFAULT 1,
     deactivated_at INTEGER,
     deactivated_reason TEXT,
     UNIQUE (chat, kind, value)
   );
   CREATE INDEX subscriptions_match ON subscriptions (active, kind, value);
   CREATE TABLE deliveries (
     id INTEGER PRIMARY KEY,
     announcement_id INTEGER NOT NULL REFERENCES announcements(id),
     chat TEXT NOT NULL,
     platform TEXT NOT NULL,
     chat_id TEXT NOT NULL,
     chat_type TEXT NOT NULL,
     subscription_id INTEGER,
     matched TEXT NOT NULL,
     unsubscribe TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('pending','sending','sent','failed','skipped')),
     attempts INTEGER NOT NULL DEFAULT 0,
     next_attempt_at INTEGER NOT NULL,
     last_error TEXT,
     sent_at INTEGER,
     UNIQUE (announcement_id, chat)
   );
   CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
   CREATE INDEX deliveries_chat ON deliveries (chat);
   CREATE TABLE feeds (
     url TEXT PRIMARY KEY,
     etag TEXT,
     last_modified TEXT,
     health TEXT NOT NULL DEFAULT 'new',
     failures INTEGER NOT NULL DEFAULT 0,
     last_error TEXT,
     last_checked_at INTEGER,
     last_ok_at INTEGER,
     next_poll_at INTEGER NOT NULL DEFAULT 0,
     baseline_done INTEGER NOT NULL DEFAULT 0,
     items INTEGER NOT NULL DEFAULT 0
   );`,
  // 2: answer feedback. Answers are kept under a random id (the buttons carry only that); a vote is keyed by a
  // salted hash of voter and answer, so one person has one vote per answer and no user id or name is stored.
  `CREATE TABLE feedback_answers (
     id TEXT PRIMARY KEY,
     question TEXT NOT NULL,
     answered INTEGER NOT NULL,
     fact_ids TEXT NOT NULL DEFAULT '[]',
     platform TEXT NOT NULL,
     created_at INTEGER NOT NULL
   );
   CREATE INDEX feedback_answers_created ON feedback_answers (created_at);
   CREATE TABLE feedback_votes (
     voter_hash TEXT PRIMARY KEY,
     answer_id TEXT NOT NULL REFERENCES feedback_answers(id),
     vote TEXT NOT NULL CHECK (vote IN ('up','down')),
     note TEXT,
     at INTEGER NOT NULL
   );
   CREATE INDEX feedback_votes_answer ON feedback_votes (answer_id);
   CREATE TABLE feedback_salt (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     salt BLOB NOT NULL
   );
   INSERT INTO feedback_salt (id, salt) VALUES (1, randomblob(32));`,
  // 3: one row the health check rewrites, proof the database takes writes.
  `CREATE TABLE health (id INTEGER PRIMARY KEY CHECK (id = 1), checked_at INTEGER NOT NULL);`,
  // 4: webhook updates already answered (several instances answer one once), and follow-up memory shared by them.
  `CREATE TABLE telegram_updates (
     update_id INTEGER PRIMARY KEY,
     received_at INTEGER NOT NULL
   );
   CREATE TABLE chat_state (
     chat TEXT PRIMARY KEY,
     state TEXT NOT NULL,
     updated_at INTEGER NOT NULL
   );`,
  // 5: what the feed ceilings left out and the last failed full-page read, shown with a feed's health; items of a
  // feed counted by time for the daily ceiling.
  `ALTER TABLE feeds ADD COLUMN skipped_last INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE feeds ADD COLUMN skipped_total INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE feeds ADD COLUMN skip_reason TEXT;
   ALTER TABLE feeds ADD COLUMN skipped_at INTEGER;
   ALTER TABLE feeds ADD COLUMN page_error TEXT;
   ALTER TABLE feeds ADD COLUMN page_error_at INTEGER;
   CREATE INDEX announcements_origin ON announcements (origin, created_at);`,
];

/** Open (creating when needed) `alerts.sqlite` in `dataDir`, or a given file path ending in .sqlite / ':memory:'. */
export function openDatabase(dataDirOrFile: string): Db {
  const file = dataDirOrFile === ':memory:' || dataDirOrFile.endsWith('.sqlite') ? dataDirOrFile : join(dataDirOrFile, 'alerts.sqlite');
  if (file !== ':memory:') mkdirSync(file === dataDirOrFile ? join(file, '..') : dataDirOrFile, { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode: a commit survives a process crash (kill -9); only a power loss may drop the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/** Apply the migrations newer than the database's user_version, each in its own transaction. */
export function migrate(db: Db): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`alerts: the database schema (version ${current}) is newer than this code (${migrations.length}); update the bot`);
  }
  // Each step takes the write lock first and reads the version under it: two processes opening a new database at
  // once (two ingests, a bot and an ingest) apply each migration once.
  const step = db.transaction((): boolean => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version >= migrations.length) return false;
    db.exec(migrations[version]!);
    db.pragma(`user_version = ${version + 1}`);
    return true;
  });
  while (step.immediate()) {
    // one migration per transaction
  }
  return migrations.length;
}

/**
 * Can the database take a write now? One real write (a row of `health`), waiting at most `timeoutMs` for a lock
 * another process holds. Never throws: a read-only file, a full disk, a held lock or a closed handle is `ok: false`.
 */
export function probeWritable(db: Db, timeoutMs = 250): { ok: boolean; error?: string } {
  if (!db.open) return { ok: false, error: 'the database is closed' };
  const previous = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.round(timeoutMs))}`);
    db.prepare('INSERT INTO health (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at').run(Date.now());
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    if (db.open) db.pragma(`busy_timeout = ${previous}`);
  }
}

/** Deliveries waiting to be sent (pending or half-sent) and the age of the oldest, from its announcement's time. */
export function outboxState(db: Db, now = Date.now()): { pending: number; oldestAgeSeconds: number } {
  if (!db.open) return { pending: 0, oldestAgeSeconds: 0 };
  const row = db.prepare("SELECT count(*) AS pending, min(announcement_id) AS first FROM deliveries WHERE status IN ('pending', 'sending')").get() as { pending: number; first: number | null };
  // Announcement ids grow with time: the lowest waiting one is the oldest.
  const oldest = row.first === null ? undefined : (db.prepare('SELECT created_at AS at FROM announcements WHERE id = ?').get(row.first) as { at: number } | undefined)?.at;
  return { pending: row.pending, oldestAgeSeconds: oldest === undefined ? 0 : Math.max(0, (now - oldest) / 1000) };
}
