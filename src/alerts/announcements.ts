// Records announcements (deduplicated by guid, link and content hash) and their fan-out in one transaction.
import { createHash } from 'node:crypto';
import type { Db } from './db.js';
import { describeMatch, KIND_RANK, keywordMatches, normaliseKeyword, sectorWords, unsubscribeCommand } from './matching.js';
import type { Announcement, AnnouncementInput, ChatType, Platform, RecordResult, SubscriptionKind } from './types.js';

/** One line of at most `max` characters: the first sentence of the text when it fits. */
export function oneLine(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentence = /^(.{20,}?[.!?。！？])(?:\s|$)/u.exec(flat)?.[1];
  const line = sentence && sentence.length <= max ? sentence : flat;
  return line.length <= max ? line : `${line.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
}

/**
 * The content hash used to spot the same article arriving twice under different guids, links, titles or file
 * names: the words of its text (case, punctuation and spacing aside). A short text (a feed item's one-line
 * summary) says too little alone, so its title counts too.
 */
export function contentHash(title: string, text: string): string {
  const wordsOf = (t: string) => normaliseKeyword(t).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const body = wordsOf(text);
  return createHash('sha256').update(body.length >= 200 ? `text:${body}` : wordsOf(`${title}\n${text}`)).digest('hex');
}

interface AnnouncementRow {
  id: number;
  guid: string | null;
  link: string | null;
  hash: string;
  title: string;
  summary: string;
  body: string;
  publisher: string | null;
  date: string | null;
  origin: string;
  source_id: string | null;
  entities: string;
  sectors: string;
  baseline: number;
  created_at: number;
}

export function toAnnouncement(row: AnnouncementRow): Announcement {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    text: row.body,
    ...(row.guid ? { guid: row.guid } : {}),
    ...(row.link ? { link: row.link } : {}),
    ...(row.publisher ? { publisher: row.publisher } : {}),
    ...(row.date ? { date: row.date } : {}),
    ...(row.source_id ? { sourceId: row.source_id } : {}),
    origin: row.origin,
    entities: JSON.parse(row.entities) as Announcement['entities'],
    sectors: JSON.parse(row.sectors) as string[],
    hash: row.hash,
    baseline: row.baseline === 1,
    createdAt: row.created_at,
  };
}

export function getAnnouncement(db: Db, id: number): Announcement | undefined {
  const row = db.prepare('SELECT * FROM announcements WHERE id = ?').get(id) as AnnouncementRow | undefined;
  return row ? toAnnouncement(row) : undefined;
}

/** The newest announcements first; with `words`, only those whose title contains them all. */
export function findAnnouncements(db: Db, words = '', limit = 5): Announcement[] {
  const terms = normaliseKeyword(words).split(' ').filter(Boolean).slice(0, 6);
  const where = terms.map(() => 'lower(title) LIKE ?').join(' AND ');
  const rows = db
    .prepare(`SELECT * FROM announcements ${where ? `WHERE ${where}` : ''} ORDER BY id DESC LIMIT ?`)
    .all(...terms.map((t) => `%${t.replace(/[%_]/g, '')}%`), limit) as AnnouncementRow[];
  return rows.map(toAnnouncement);
}

export interface MatchedChat {
  chat: string;
  platform: Platform;
  chatId: string;
  chatType: ChatType;
  subscriptionId: number;
  kind: SubscriptionKind;
  matched: string;
  unsubscribe: string;
}

/** A subscription as the fan-out reads it (both engines). */
export interface CandidateSubscription {
  id: number;
  chat: string;
  platform: Platform;
  chat_id: string;
  chat_type: ChatType;
  kind: SubscriptionKind;
  value: string;
  label: string;
}

/** Every active chat the announcement matches, one entry per chat (its most specific subscription). */
export function matchingChats(db: Db, announcement: Pick<Announcement, 'title' | 'text' | 'entities' | 'sectors'>): MatchedChat[] {
  const rows = db
    .prepare(
      `SELECT id, chat, platform, chat_id, chat_type, kind, value, label FROM subscriptions
       WHERE active = 1 AND (kind = 'all' OR kind = 'keyword'
         OR (kind = 'entity' AND value IN (SELECT value FROM json_each(?)))
         OR (kind = 'sector' AND value IN (SELECT value FROM json_each(?))))`,
    )
    .iterate(JSON.stringify(announcement.entities.map((e) => e.id)), JSON.stringify(announcement.sectors)) as IterableIterator<CandidateSubscription>;
  return pickMatches(rows, announcement);
}

/**
 * From the active subscriptions of kind all, keyword, or the announcement's entities and sectors, the chats it
 * matches: keywords are checked against its text, and each chat is told about its most specific subscription.
 */
export function pickMatches(rows: Iterable<CandidateSubscription>, announcement: Pick<Announcement, 'title' | 'text'>): MatchedChat[] {
  const text = normaliseKeyword(`${announcement.title}\n${announcement.text}`);
  const best = new Map<string, CandidateSubscription>();
  for (const row of rows) {
    if (row.kind === 'keyword' && !keywordMatches(row.value, text)) continue;
    const current = best.get(row.chat);
    if (!current || KIND_RANK[row.kind] < KIND_RANK[current.kind]) best.set(row.chat, row);
  }
  return [...best.values()].map((row) => ({
    chat: row.chat,
    platform: row.platform,
    chatId: row.chat_id,
    chatType: row.chat_type,
    subscriptionId: Number(row.id),
    kind: row.kind,
    matched: describeMatch(row.kind, row.label),
    unsubscribe: unsubscribeCommand(row.kind, row.value),
  }));
}

/** Sector words too common in articles to mean the article is about that sector. */
const GENERIC_SECTORS = new Set(['technology', 'data', 'university', 'education', 'internet', 'accelerator', 'innovation-platform', 'conglomerate', 'international-organisation', 'finance']);

/**
 * Sectors an announcement is in: those its text names outright (generic words like "technology" aside),
 * and those of the companies it names (broad bodies like a science park span too many to count).
 */
export function sectorsOf(text: string, companySectors: string[], knownSectors: Iterable<string>): string[] {
  const normalised = normaliseKeyword(text);
  const found = new Set(companySectors);
  for (const sector of knownSectors) {
    if (!GENERIC_SECTORS.has(sector) && keywordMatches(sectorWords(sector), normalised)) found.add(sector);
  }
  return [...found].sort();
}

/** An announcement already recorded with the same guid, link or content, if any. */
export function findDuplicate(db: Db, key: { guid?: string | undefined; link?: string | undefined; hash: string }): { id: number; by: 'guid' | 'link' | 'content' } | undefined {
  return db
    .prepare(
      `SELECT id, CASE WHEN guid = @guid THEN 'guid' WHEN link = @link THEN 'link' ELSE 'content' END AS by
       FROM announcements WHERE guid = @guid OR link = @link OR hash = @hash LIMIT 1`,
    )
    .get({ guid: key.guid ?? null, link: key.link ?? null, hash: key.hash }) as { id: number; by: 'guid' | 'link' | 'content' } | undefined;
}

/**
 * Record an announcement and, unless it is a baseline item, a pending delivery for every matching chat —
 * all in one transaction, before anything is sent. A duplicate (same guid, link or content) changes nothing.
 */
export function recordAnnouncement(db: Db, input: AnnouncementInput, options: { baseline?: boolean; now?: number } = {}): RecordResult {
  const now = options.now ?? Date.now();
  const hash = contentHash(input.title, input.text);
  const link = input.link?.trim() || undefined;
  const guid = input.guid?.trim() || undefined;
  return db.transaction((): RecordResult => {
    const dup = findDuplicate(db, { guid, link, hash });
    if (dup) return { recorded: false, duplicateOf: dup.id, by: dup.by };
    const summary = oneLine(input.summary?.trim() || input.text || input.title);
    const info = db
      .prepare(
        `INSERT INTO announcements (guid, link, hash, title, summary, body, publisher, date, origin, source_id, entities, sectors, baseline, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(guid ?? null, link ?? null, hash, input.title, summary, input.text, input.publisher ?? null, input.date ?? null, input.origin, input.sourceId ?? null, JSON.stringify(input.entities), JSON.stringify(input.sectors), options.baseline ? 1 : 0, now);
    const announcement = getAnnouncement(db, Number(info.lastInsertRowid))!;
    if (options.baseline) return { recorded: true, announcement, deliveries: 0 };
    const insert = db.prepare(
      `INSERT OR IGNORE INTO deliveries (announcement_id, chat, platform, chat_id, chat_type, subscription_id, matched, unsubscribe, status, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)`,
    );
    let deliveries = 0;
    for (const m of matchingChats(db, announcement)) {
      deliveries += insert.run(announcement.id, m.chat, m.platform, m.chatId, m.chatType, m.subscriptionId, m.matched, m.unsubscribe, now).changes;
    }
    return { recorded: true, announcement, deliveries };
  })();
}

/** Does one subscription match an announcement (whatever the chat's other subscriptions)? */
export function subscriptionMatches(sub: { kind: SubscriptionKind; value: string }, announcement: Pick<Announcement, 'title' | 'text' | 'entities' | 'sectors'>): boolean {
  switch (sub.kind) {
    case 'all':
      return true;
    case 'entity':
      return announcement.entities.some((e) => e.id === sub.value);
    case 'sector':
      return announcement.sectors.includes(sub.value);
    case 'keyword':
      return keywordMatches(sub.value, normaliseKeyword(`${announcement.title}\n${announcement.text}`));
  }
}
