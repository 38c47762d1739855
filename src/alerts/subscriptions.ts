// Subscriptions per chat: add, remove, list, deactivate after a permanent refusal. At most 50 per chat.
import type { Db } from './db.js';
import type { ChatRef, Subscription, SubscriptionKind } from './types.js';

export const MAX_SUBSCRIPTIONS_PER_CHAT = 50;

export function chatKey(chat: Pick<ChatRef, 'platform' | 'id'>): string {
  return `${chat.platform}:${chat.id}`;
}

interface Row {
  id: number;
  chat: string;
  platform: Subscription['platform'];
  chat_id: string;
  chat_type: Subscription['chatType'];
  kind: SubscriptionKind;
  value: string;
  label: string;
  active: number;
  created_at: number;
  deactivated_reason: string | null;
}

function toSubscription(row: Row): Subscription {
  return {
    id: row.id,
    chat: row.chat,
    platform: row.platform,
    chatId: row.chat_id,
    chatType: row.chat_type,
    kind: row.kind,
    value: row.value,
    label: row.label,
    active: row.active === 1,
    createdAt: row.created_at,
    ...(row.deactivated_reason ? { deactivatedReason: row.deactivated_reason } : {}),
  };
}

export type AddResult =
  | { status: 'added'; subscription: Subscription }
  | { status: 'exists'; subscription: Subscription }
  | { status: 'reactivated'; subscription: Subscription }
  | { status: 'limit'; max: number };

/** Add a subscription (or re-activate one a refusal had switched off). Nothing changes at the limit. */
export function addSubscription(
  db: Db,
  chat: ChatRef,
  sub: { kind: SubscriptionKind; value: string; label: string },
  options: { by?: string; now?: number } = {},
): AddResult {
  const key = chatKey(chat);
  const now = options.now ?? Date.now();
  return db.transaction((): AddResult => {
    const existing = db.prepare('SELECT * FROM subscriptions WHERE chat = ? AND kind = ? AND value = ?').get(key, sub.kind, sub.value) as Row | undefined;
    if (existing?.active === 1) return { status: 'exists', subscription: toSubscription(existing) };
    const count = (db.prepare('SELECT count(*) AS n FROM subscriptions WHERE chat = ? AND active = 1').get(key) as { n: number }).n;
    if (count >= MAX_SUBSCRIPTIONS_PER_CHAT) return { status: 'limit', max: MAX_SUBSCRIPTIONS_PER_CHAT };
    if (existing) {
      db.prepare('UPDATE subscriptions SET active = 1, deactivated_at = NULL, deactivated_reason = NULL, chat_type = ?, created_at = ? WHERE id = ?').run(chat.type, now, existing.id);
      return { status: 'reactivated', subscription: toSubscription({ ...existing, active: 1, chat_type: chat.type, created_at: now, deactivated_reason: null }) };
    }
    const info = db
      .prepare('INSERT INTO subscriptions (chat, platform, chat_id, chat_type, kind, value, label, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(key, chat.platform, chat.id, chat.type, sub.kind, sub.value, sub.label, options.by ?? null, now);
    const row = db.prepare('SELECT * FROM subscriptions WHERE id = ?').get(info.lastInsertRowid) as Row;
    return { status: 'added', subscription: toSubscription(row) };
  })();
}

/** Remove one subscription (kind and value), or every subscription of the chat when `kind` is undefined. */
export function removeSubscriptions(db: Db, chat: Pick<ChatRef, 'platform' | 'id'>, match?: { kind: SubscriptionKind; value: string }): Subscription[] {
  const key = chatKey(chat);
  return db.transaction(() => {
    const rows = (match
      ? db.prepare('SELECT * FROM subscriptions WHERE chat = ? AND kind = ? AND value = ? AND active = 1').all(key, match.kind, match.value)
      : db.prepare('SELECT * FROM subscriptions WHERE chat = ? AND active = 1').all(key)) as Row[];
    const del = db.prepare('DELETE FROM subscriptions WHERE id = ?');
    for (const row of rows) del.run(row.id);
    return rows.map(toSubscription);
  })();
}

/** A chat's subscriptions, oldest first; with `all`, the deactivated ones too. */
export function listSubscriptions(db: Db, chat: Pick<ChatRef, 'platform' | 'id'>, options: { all?: boolean } = {}): Subscription[] {
  const rows = db
    .prepare(`SELECT * FROM subscriptions WHERE chat = ? ${options.all ? '' : 'AND active = 1'} ORDER BY id`)
    .all(chatKey(chat)) as Row[];
  return rows.map(toSubscription);
}

/** A platform refused the chat for good: switch its subscriptions off and skip what is still pending for it. */
export function deactivateChat(db: Db, chat: string, reason: string, now = Date.now()): { subscriptions: number; skipped: number } {
  return db.transaction(() => {
    const subscriptions = db
      .prepare('UPDATE subscriptions SET active = 0, deactivated_at = ?, deactivated_reason = ? WHERE chat = ? AND active = 1')
      .run(now, reason, chat).changes;
    const skipped = db
      .prepare("UPDATE deliveries SET status = 'skipped', last_error = ? WHERE chat = ? AND status IN ('pending','sending')")
      .run(`chat deactivated: ${reason}`, chat).changes;
    return { subscriptions, skipped };
  })();
}
