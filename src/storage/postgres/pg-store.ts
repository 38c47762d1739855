// The PostgreSQL engine of the storage interface (pg): shared by every process of a bot past one machine.
import { contentHash, oneLine, pickMatches, type CandidateSubscription } from '../../alerts/announcements.js';
import { normaliseKeyword } from '../../alerts/matching.js';
import { chatKey, MAX_SUBSCRIPTIONS_PER_CHAT, type AddResult } from '../../alerts/subscriptions.js';
import type { Announcement, ChatType, DeliveryStatus, RecordResult, Subscription } from '../../alerts/types.js';
import { EMPTY_COUNTS, toFeedState } from '../sqlite-store.js';
import type { AlertsStore, DeliveryView, Duplicate } from '../types.js';
import { pgFeedback } from './pg-feedback.js';
import { withTransaction, type Pool, type PoolClient } from './pool.js';

/** New deliveries handed to the outbox inside the transaction that records them. */
export interface NewDelivery {
  id: number;
  announcementId: number;
  chat: string;
  chatType: ChatType;
}

/** Enqueues the jobs of new deliveries on the same connection, in the same transaction (see pg-outbox). */
export interface TransactionalOutbox {
  enqueue(client: PoolClient, deliveries: NewDelivery[]): Promise<void>;
  /** After the fan-out committed (`count` deliveries): refresh what the queue needs to stay fast. */
  afterCommit?(pool: Pool, count: number): Promise<void>;
}

export interface PgStore extends AlertsStore {
  readonly engine: 'postgres';
  readonly pool: Pool;
  readonly schema: string;
}

type Row = Record<string, unknown>;

function toSubscription(r: Row): Subscription {
  return {
    id: Number(r.id),
    chat: String(r.chat),
    platform: r.platform as Subscription['platform'],
    chatId: String(r.chat_id),
    chatType: r.chat_type as Subscription['chatType'],
    kind: r.kind as Subscription['kind'],
    value: String(r.value),
    label: String(r.label),
    active: r.active === true,
    createdAt: Number(r.created_at),
    ...(r.deactivated_reason ? { deactivatedReason: String(r.deactivated_reason) } : {}),
  };
}

function toAnnouncement(r: Row): Announcement {
  const optional = (key: string, field: string) => (r[key] ? { [field]: String(r[key]) } : {});
  return {
    id: Number(r.id),
    title: String(r.title),
    summary: String(r.summary),
    text: String(r.body),
    ...optional('guid', 'guid'),
    ...optional('link', 'link'),
    ...optional('publisher', 'publisher'),
    ...optional('date', 'date'),
    ...optional('source_id', 'sourceId'),
    origin: String(r.origin),
    entities: r.entities as Announcement['entities'],
    sectors: r.sectors as string[],
    hash: String(r.hash),
    baseline: r.baseline === true,
    createdAt: Number(r.created_at),
  };
}

const DUPLICATE_SQL = `SELECT id, CASE WHEN guid = $1 THEN 'guid' WHEN link = $2 THEN 'link' ELSE 'content' END AS by
  FROM announcements WHERE guid = $1 OR link = $2 OR hash = $3 LIMIT 1`;

/** Deliveries are inserted this many at a time (each batch one statement, its jobs one more). */
const FAN_OUT_BATCH = 5000;

export function pgStore(options: { pool: Pool; schema: string; outbox?: TransactionalOutbox }): PgStore {
  const { pool } = options;
  const one = async (text: string, values: unknown[] = []) => (await pool.query(text, values)).rows[0] as Row | undefined;

  async function findDuplicate(client: Pool | PoolClient, key: { guid?: string | undefined; link?: string | undefined; hash: string }): Promise<Duplicate | undefined> {
    const row = (await client.query(DUPLICATE_SQL, [key.guid ?? null, key.link ?? null, key.hash])).rows[0] as Row | undefined;
    return row ? { id: Number(row.id), by: row.by as Duplicate['by'] } : undefined;
  }

  async function fanOut(client: PoolClient, announcement: Announcement, now: number): Promise<number> {
    const { rows } = await client.query(
      `SELECT id, chat, platform, chat_id, chat_type, kind, value, label FROM subscriptions
       WHERE active AND (kind IN ('all', 'keyword') OR (kind = 'entity' AND value = ANY($1)) OR (kind = 'sector' AND value = ANY($2)))`,
      [announcement.entities.map((e) => e.id), announcement.sectors],
    );
    const matches = pickMatches(rows as CandidateSubscription[], announcement);
    let count = 0;
    for (let i = 0; i < matches.length; i += FAN_OUT_BATCH) {
      const batch = matches.slice(i, i + FAN_OUT_BATCH);
      const column = <K extends keyof (typeof batch)[number]>(key: K) => batch.map((m) => m[key]);
      const inserted = await client.query(
        `INSERT INTO deliveries (announcement_id, chat, platform, chat_id, chat_type, subscription_id, matched, unsubscribe, status, next_attempt_at)
         SELECT $1::bigint, m.*, 'pending', $8::bigint FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $9::text[])
           AS m(chat, platform, chat_id, chat_type, subscription_id, matched, unsubscribe)
         ON CONFLICT (announcement_id, chat) DO NOTHING
         RETURNING id, chat, chat_type`,
        [announcement.id, column('chat'), column('platform'), column('chatId'), column('chatType'), column('subscriptionId'), column('matched'), now, column('unsubscribe')],
      );
      count += inserted.rowCount ?? 0;
      if (options.outbox && inserted.rows.length > 0) {
        await options.outbox.enqueue(client, inserted.rows.map((r: Row) => ({ id: Number(r.id), chat: String(r.chat), chatType: r.chat_type as ChatType, announcementId: announcement.id })));
      }
    }
    return count;
  }

  return {
    engine: 'postgres',
    pool,
    schema: options.schema,
    ...pgFeedback(pool),

    addSubscription(chat, sub, opts = {}) {
      const key = chatKey(chat);
      const now = opts.now ?? Date.now();
      return withTransaction(pool, async (client): Promise<AddResult> => {
        // One change at a time per chat, so the limit holds whichever instance takes the command.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`subscriptions:${key}`]);
        const existing = (await client.query('SELECT * FROM subscriptions WHERE chat = $1 AND kind = $2 AND value = $3', [key, sub.kind, sub.value])).rows[0] as Row | undefined;
        if (existing?.active === true) return { status: 'exists', subscription: toSubscription(existing) };
        const count = Number((await client.query('SELECT count(*) AS n FROM subscriptions WHERE chat = $1 AND active', [key])).rows[0]!.n);
        if (count >= MAX_SUBSCRIPTIONS_PER_CHAT) return { status: 'limit', max: MAX_SUBSCRIPTIONS_PER_CHAT };
        if (existing) {
          const row = (await client.query('UPDATE subscriptions SET active = true, deactivated_at = NULL, deactivated_reason = NULL, chat_type = $1, created_at = $2 WHERE id = $3 RETURNING *', [chat.type, now, existing.id])).rows[0] as Row;
          return { status: 'reactivated', subscription: toSubscription(row) };
        }
        const row = (await client.query(
          'INSERT INTO subscriptions (chat, platform, chat_id, chat_type, kind, value, label, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *',
          [key, chat.platform, chat.id, chat.type, sub.kind, sub.value, sub.label, opts.by ?? null, now],
        )).rows[0] as Row;
        return { status: 'added', subscription: toSubscription(row) };
      });
    },
    async removeSubscriptions(chat, match) {
      const key = chatKey(chat);
      const { rows } = match
        ? await pool.query('DELETE FROM subscriptions WHERE chat = $1 AND kind = $2 AND value = $3 AND active RETURNING *', [key, match.kind, match.value])
        : await pool.query('DELETE FROM subscriptions WHERE chat = $1 AND active RETURNING *', [key]);
      return (rows as Row[]).map(toSubscription).sort((a, b) => a.id - b.id);
    },
    async listSubscriptions(chat, opts = {}) {
      const { rows } = await pool.query(`SELECT * FROM subscriptions WHERE chat = $1 ${opts.all ? '' : 'AND active'} ORDER BY id`, [chatKey(chat)]);
      return (rows as Row[]).map(toSubscription);
    },
    deactivateChat(chat, reason, now = Date.now()) {
      return withTransaction(pool, async (client) => {
        const subscriptions = (await client.query('UPDATE subscriptions SET active = false, deactivated_at = $1, deactivated_reason = $2 WHERE chat = $3 AND active', [now, reason, chat])).rowCount ?? 0;
        const skipped = (await client.query("UPDATE deliveries SET status = 'skipped', last_error = $1 WHERE chat = $2 AND status IN ('pending','sending')", [`chat deactivated: ${reason}`, chat])).rowCount ?? 0;
        return { subscriptions, skipped };
      });
    },

    async recordAnnouncement(input, opts = {}) {
      const now = opts.now ?? Date.now();
      const hash = contentHash(input.title, input.text);
      const link = input.link?.trim() || undefined;
      const guid = input.guid?.trim() || undefined;
      const attempt = () =>
        withTransaction(pool, async (client) => {
          const dup = await findDuplicate(client, { guid, link, hash });
          if (dup) return { recorded: false as const, duplicateOf: dup.id, by: dup.by };
          const summary = oneLine(input.summary?.trim() || input.text || input.title);
          const row = (await client.query(
            `INSERT INTO announcements (guid, link, hash, title, summary, body, publisher, date, origin, source_id, entities, sectors, baseline, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING *`,
            [guid ?? null, link ?? null, hash, input.title, summary, input.text, input.publisher ?? null, input.date ?? null, input.origin, input.sourceId ?? null, JSON.stringify(input.entities), JSON.stringify(input.sectors), opts.baseline === true, now],
          )).rows[0] as Row;
          const announcement = toAnnouncement(row);
          const deliveries = opts.baseline ? 0 : await fanOut(client, announcement, now);
          return { recorded: true as const, announcement, deliveries };
        });
      let result: RecordResult;
      try {
        result = await attempt();
      } catch (error) {
        // Two instances recording the same article at once: the loser finds the winner's row.
        if ((error as { code?: string }).code !== '23505') throw error;
        result = await attempt();
      }
      if (result.recorded && result.deliveries > 0) await options.outbox?.afterCommit?.(pool, result.deliveries);
      return result;
    },
    findDuplicate: (key) => findDuplicate(pool, key),
    async getAnnouncement(id) {
      const row = await one('SELECT * FROM announcements WHERE id = $1', [id]);
      return row ? toAnnouncement(row) : undefined;
    },
    async findAnnouncements(words = '', limit = 5) {
      const terms = normaliseKeyword(words).split(' ').filter(Boolean).slice(0, 6);
      const where = terms.map((_, i) => `lower(title) LIKE $${i + 2}`).join(' AND ');
      const { rows } = await pool.query(`SELECT * FROM announcements ${where ? `WHERE ${where}` : ''} ORDER BY id DESC LIMIT $1`, [limit, ...terms.map((t) => `%${t.replace(/[%_\\]/g, '')}%`)]);
      return (rows as Row[]).map(toAnnouncement);
    },
    async latestAnnouncementId() {
      return Number((await one('SELECT coalesce(max(id), 0) AS id FROM announcements'))!.id);
    },
    async announcementOfSource(sourceId) {
      const row = await one('SELECT id FROM announcements WHERE source_id = $1 ORDER BY id LIMIT 1', [sourceId]);
      return row ? Number(row.id) : undefined;
    },

    async getDelivery(announcementId, chat) {
      const row = await one('SELECT status, matched, attempts, next_attempt_at, last_error, sent_at FROM deliveries WHERE announcement_id = $1 AND chat = $2', [announcementId, chat]);
      if (!row) return undefined;
      const view: DeliveryView = { status: row.status as DeliveryStatus, matched: String(row.matched), attempts: Number(row.attempts), nextAttemptAt: Number(row.next_attempt_at) };
      if (row.last_error) view.lastError = String(row.last_error);
      if (row.sent_at !== null) view.sentAt = Number(row.sent_at);
      return view;
    },
    async countDeliveries() {
      const { rows } = await pool.query('SELECT status, count(*) AS n FROM deliveries GROUP BY status');
      return { ...EMPTY_COUNTS, ...Object.fromEntries((rows as Row[]).map((r) => [r.status, Number(r.n)])) };
    },

    async countQueued(after, upTo) {
      return Number((await one('SELECT count(*) AS n FROM deliveries WHERE announcement_id > $1 AND announcement_id <= $2', [after, upTo]))!.n);
    },
    async outboxState(now = Date.now()) {
      const row = (await one(
        `SELECT count(*) AS pending, (SELECT created_at FROM announcements WHERE id = min(d.announcement_id)) AS oldest
         FROM deliveries d WHERE d.announcement_id IN (SELECT id FROM announcements WHERE settled_at IS NULL) AND d.status IN ('pending', 'sending')`,
      ))!;
      return { pending: Number(row.pending), oldestAgeSeconds: row.oldest === null ? 0 : Math.max(0, (now - Number(row.oldest)) / 1000) };
    },
    async probeWritable() {
      try {
        await pool.query({ text: 'INSERT INTO health (id, checked_at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at', values: [Date.now()] });
        return { ok: true };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    async ensureFeeds(urls) {
      if (urls.length) await pool.query('INSERT INTO feeds (url) SELECT unnest($1::text[]) ON CONFLICT (url) DO NOTHING', [urls]);
    },
    async getFeed(url) {
      const row = await one('SELECT * FROM feeds WHERE url = $1', [url]);
      return row ? toFeedState(row as never) : undefined;
    },
    async feedFailed(url, u) {
      await pool.query("UPDATE feeds SET health = 'failing', failures = $1, last_error = $2, last_checked_at = $3, next_poll_at = $4 WHERE url = $5", [u.failures, u.error, u.now, u.nextPollAt, url]);
    },
    async feedFetched(url, u) {
      await pool.query('UPDATE feeds SET etag = $1, last_modified = $2, baseline_done = true, items = items + $3 WHERE url = $4', [u.etag ?? null, u.lastModified ?? null, u.newItems, url]);
    },
    async feedOk(url, u) {
      await pool.query("UPDATE feeds SET health = 'ok', failures = 0, last_error = NULL, last_checked_at = $1, last_ok_at = $1, next_poll_at = $2 WHERE url = $3", [u.now, u.nextPollAt, url]);
    },
    async feedNoted(url, note) {
      if (note.skipped) {
        const counted = note.skipped.count > 0;
        await pool.query(
          `UPDATE feeds SET skipped_last = $1, skipped_total = skipped_total + $1${counted ? ', skip_reason = $3, skipped_at = $4' : ''} WHERE url = $2`,
          counted ? [note.skipped.count, url, note.skipped.reason ?? null, note.now] : [note.skipped.count, url],
        );
      }
      if (note.pageError !== undefined) await pool.query('UPDATE feeds SET page_error = $1, page_error_at = $2 WHERE url = $3', [note.pageError, note.pageError === null ? null : note.now, url]);
    },
    async feedItemsSince(url, since) {
      const row = await one('SELECT count(*) AS n FROM announcements WHERE origin = $1 AND NOT baseline AND created_at >= $2', [`feed:${url}`, since]);
      return Number(row?.n ?? 0);
    },
    async dueFeeds(urls, now) {
      const { rows } = await pool.query('SELECT url FROM feeds WHERE next_poll_at <= $1 AND url = ANY($2) ORDER BY url', [now, urls]);
      return (rows as Row[]).map((r) => String(r.url));
    },
    async feedHealth(urls) {
      const { rows } = await pool.query('SELECT * FROM feeds WHERE url = ANY($1) ORDER BY url', [urls]);
      return (rows as never[]).map(toFeedState);
    },

    async claimUpdate(updateId, now = Date.now()) {
      return ((await pool.query('INSERT INTO telegram_updates (update_id, received_at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [updateId, now])).rowCount ?? 0) === 1;
    },
    async pruneUpdates(olderThan) {
      return (await pool.query('DELETE FROM telegram_updates WHERE received_at < $1', [olderThan])).rowCount ?? 0;
    },
    async loadChatState(chat, notBefore) {
      const row = await one('SELECT state FROM chat_state WHERE chat = $1 AND updated_at >= $2', [chat, notBefore]);
      return row ? (row.state as { recentEntities: string[] }) : undefined;
    },
    async saveChatState(chat, state, now = Date.now()) {
      await pool.query('INSERT INTO chat_state (chat, state, updated_at) VALUES ($1, $2, $3) ON CONFLICT (chat) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at', [
        chat,
        JSON.stringify({ recentEntities: state.recentEntities }),
        now,
      ]);
    },
    async close() {
      await pool.end();
    },
  };
}
