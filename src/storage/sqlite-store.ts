// The SQLite engine of the storage interface (better-sqlite3 under DATA_DIR): the default, one process.
import { findAnnouncements, findDuplicate, getAnnouncement, recordAnnouncement } from '../alerts/announcements.js';
import { outboxState, probeWritable, type Db } from '../alerts/db.js';
import { addSubscription, deactivateChat, listSubscriptions, removeSubscriptions } from '../alerts/subscriptions.js';
import type { DeliveryStatus } from '../alerts/types.js';
import { openCheckedDatabase } from './sqlite-open.js';
import { sqliteFeedback } from './sqlite-feedback.js';
import type { AlertsStore, DeliveryView, FeedState } from './types.js';

interface FeedRow {
  url: string;
  etag: string | null;
  last_modified: string | null;
  health: FeedState['health'];
  failures: number;
  last_error: string | null;
  last_checked_at: number | null;
  last_ok_at: number | null;
  next_poll_at: number;
  baseline_done: number;
  items: number;
  skipped_last?: number | null;
  skipped_total?: number | null;
  skip_reason?: string | null;
  skipped_at?: number | null;
  page_error?: string | null;
  page_error_at?: number | null;
}

export function toFeedState(r: FeedRow): FeedState {
  return {
    url: r.url,
    health: r.health,
    failures: Number(r.failures),
    nextPollAt: Number(r.next_poll_at),
    baselineDone: Boolean(r.baseline_done),
    items: Number(r.items),
    skippedLastPoll: Number(r.skipped_last ?? 0),
    skippedTotal: Number(r.skipped_total ?? 0),
    ...(r.skip_reason ? { skipReason: r.skip_reason } : {}),
    ...(r.skipped_at ? { skippedAt: Number(r.skipped_at) } : {}),
    ...(r.page_error ? { pageError: r.page_error } : {}),
    ...(r.page_error_at ? { pageErrorAt: Number(r.page_error_at) } : {}),
    ...(r.etag ? { etag: r.etag } : {}),
    ...(r.last_modified ? { lastModified: r.last_modified } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
    ...(r.last_checked_at ? { lastCheckedAt: Number(r.last_checked_at) } : {}),
    ...(r.last_ok_at ? { lastOkAt: Number(r.last_ok_at) } : {}),
  };
}

export const EMPTY_COUNTS: Record<DeliveryStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, skipped: 0 };

export interface SqliteStore extends AlertsStore {
  readonly engine: 'sqlite';
  /** The database itself, for the in-process dispatcher and the ingest CLI. */
  readonly db: Db;
}

export function isSqliteStore(store: AlertsStore): store is SqliteStore {
  return store.engine === 'sqlite' && 'db' in store;
}

/**
 * Open `alerts.sqlite` in `dataDir` (or a .sqlite file, or ':memory:') behind the storage interface, after checking
 * the folder and the file (a DataDirError says what to do when either is unusable).
 */
export function openSqliteStore(dataDirOrFile: string): SqliteStore {
  return sqliteStore(openCheckedDatabase(dataDirOrFile));
}

export function sqliteStore(db: Db): SqliteStore {
  const feedsIn = (urls: string[]) => JSON.stringify(urls);
  return {
    engine: 'sqlite',
    db,
    ...sqliteFeedback(db),
    addSubscription: async (chat, sub, options) => addSubscription(db, chat, sub, options),
    removeSubscriptions: async (chat, match) => removeSubscriptions(db, chat, match),
    listSubscriptions: async (chat, options) => listSubscriptions(db, chat, options),
    deactivateChat: async (chat, reason, now) => deactivateChat(db, chat, reason, now),
    recordAnnouncement: async (input, options) => recordAnnouncement(db, input, options),
    findDuplicate: async (key) => findDuplicate(db, key),
    getAnnouncement: async (id) => getAnnouncement(db, id),
    findAnnouncements: async (words, limit) => findAnnouncements(db, words, limit),
    async latestAnnouncementId() {
      return (db.prepare('SELECT coalesce(max(id), 0) AS id FROM announcements').get() as { id: number }).id;
    },
    async announcementOfSource(sourceId) {
      return (db.prepare('SELECT id FROM announcements WHERE source_id = ? ORDER BY id LIMIT 1').get(sourceId) as { id: number } | undefined)?.id;
    },
    async getDelivery(announcementId, chat) {
      const row = db
        .prepare('SELECT status, matched, attempts, next_attempt_at, last_error, sent_at FROM deliveries WHERE announcement_id = ? AND chat = ?')
        .get(announcementId, chat) as { status: DeliveryStatus; matched: string; attempts: number; next_attempt_at: number; last_error: string | null; sent_at: number | null } | undefined;
      if (!row) return undefined;
      const view: DeliveryView = { status: row.status, matched: row.matched, attempts: row.attempts, nextAttemptAt: row.next_attempt_at };
      if (row.last_error) view.lastError = row.last_error;
      if (row.sent_at !== null) view.sentAt = row.sent_at;
      return view;
    },
    async countDeliveries() {
      const rows = db.prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status').all() as Array<{ status: DeliveryStatus; n: number }>;
      return { ...EMPTY_COUNTS, ...Object.fromEntries(rows.map((r) => [r.status, r.n])) };
    },
    async countQueued(after, upTo) {
      return (db.prepare('SELECT count(*) AS n FROM deliveries WHERE announcement_id > ? AND announcement_id <= ?').get(after, upTo) as { n: number }).n;
    },
    outboxState: async (now) => outboxState(db, now),
    probeWritable: async () => probeWritable(db),
    async ensureFeeds(urls) {
      const insert = db.prepare('INSERT OR IGNORE INTO feeds (url, next_poll_at) VALUES (?, 0)');
      db.transaction(() => urls.forEach((url) => insert.run(url)))();
    },
    async getFeed(url) {
      const row = db.prepare('SELECT * FROM feeds WHERE url = ?').get(url) as FeedRow | undefined;
      return row ? toFeedState(row) : undefined;
    },
    async feedFailed(url, u) {
      db.prepare("UPDATE feeds SET health = 'failing', failures = ?, last_error = ?, last_checked_at = ?, next_poll_at = ? WHERE url = ?").run(u.failures, u.error, u.now, u.nextPollAt, url);
    },
    async feedFetched(url, u) {
      db.prepare('UPDATE feeds SET etag = ?, last_modified = ?, baseline_done = 1, items = items + ? WHERE url = ?').run(u.etag ?? null, u.lastModified ?? null, u.newItems, url);
    },
    async feedOk(url, u) {
      db.prepare("UPDATE feeds SET health = 'ok', failures = 0, last_error = NULL, last_checked_at = ?, last_ok_at = ?, next_poll_at = ? WHERE url = ?").run(u.now, u.now, u.nextPollAt, url);
    },
    async feedNoted(url, note) {
      db.transaction(() => {
        if (note.skipped) {
          db.prepare('UPDATE feeds SET skipped_last = ?, skipped_total = skipped_total + ? WHERE url = ?').run(note.skipped.count, note.skipped.count, url);
          if (note.skipped.count > 0) db.prepare('UPDATE feeds SET skip_reason = ?, skipped_at = ? WHERE url = ?').run(note.skipped.reason ?? null, note.now, url);
        }
        if (note.pageError !== undefined) db.prepare('UPDATE feeds SET page_error = ?, page_error_at = ? WHERE url = ?').run(note.pageError, note.pageError === null ? null : note.now, url);
      })();
    },
    async feedItemsSince(url, since) {
      return (db.prepare('SELECT count(*) AS n FROM announcements WHERE origin = ? AND baseline = 0 AND created_at >= ?').get(`feed:${url}`, since) as { n: number }).n;
    },
    async dueFeeds(urls, now) {
      const rows = db.prepare('SELECT url FROM feeds WHERE next_poll_at <= ? AND url IN (SELECT value FROM json_each(?))').all(now, feedsIn(urls)) as Array<{ url: string }>;
      return rows.map((r) => r.url);
    },
    async feedHealth(urls) {
      return (db.prepare('SELECT * FROM feeds WHERE url IN (SELECT value FROM json_each(?)) ORDER BY url').all(feedsIn(urls)) as FeedRow[]).map(toFeedState);
    },
    async claimUpdate(updateId, now = Date.now()) {
      return db.prepare('INSERT OR IGNORE INTO telegram_updates (update_id, received_at) VALUES (?, ?)').run(updateId, now).changes === 1;
    },
    async pruneUpdates(olderThan) {
      return db.prepare('DELETE FROM telegram_updates WHERE received_at < ?').run(olderThan).changes;
    },
    async loadChatState(chat, notBefore) {
      const row = db.prepare('SELECT state FROM chat_state WHERE chat = ? AND updated_at >= ?').get(chat, notBefore) as { state: string } | undefined;
      return row ? (JSON.parse(row.state) as { recentEntities: string[] }) : undefined;
    },
    async saveChatState(chat, state, now = Date.now()) {
      db.prepare('INSERT INTO chat_state (chat, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (chat) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at').run(
        chat,
        JSON.stringify({ recentEntities: state.recentEntities }),
        now,
      );
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
