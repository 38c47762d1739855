// The storage interface: everything the bot persists, implemented by SQLite (default) and PostgreSQL.
import type { AddResult } from '../alerts/subscriptions.js';
import type {
  Announcement,
  AnnouncementInput,
  ChatRef,
  DeliveryStatus,
  FeedHealth,
  RecordResult,
  Subscription,
  SubscriptionKind,
} from '../alerts/types.js';

export type Engine = 'sqlite' | 'postgres';

/** What /why shows of one delivery. */
export interface DeliveryView {
  status: DeliveryStatus;
  matched: string;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  sentAt?: number;
}

/** A feed's stored state: what conditional GET and the health report need. */
export interface FeedState extends FeedHealth {
  etag?: string;
  lastModified?: string;
}

export type DuplicateKey = { guid?: string | undefined; link?: string | undefined; hash: string };
export type Duplicate = { id: number; by: 'guid' | 'link' | 'content' };

/** A chat's follow-up state as every instance sees it. */
export interface StoredChatState {
  recentEntities: string[];
}

export interface AlertsStore {
  readonly engine: Engine;

  // Subscriptions
  addSubscription(chat: ChatRef, sub: { kind: SubscriptionKind; value: string; label: string }, options?: { by?: string; now?: number }): Promise<AddResult>;
  /** Remove one subscription, or every one of the chat when `match` is undefined. Returns what was removed. */
  removeSubscriptions(chat: Pick<ChatRef, 'platform' | 'id'>, match?: { kind: SubscriptionKind; value: string }): Promise<Subscription[]>;
  listSubscriptions(chat: Pick<ChatRef, 'platform' | 'id'>, options?: { all?: boolean }): Promise<Subscription[]>;
  /** The platform refused the chat for good: switch its subscriptions off, skip what is pending for it. */
  deactivateChat(chat: string, reason: string, now?: number): Promise<{ subscriptions: number; skipped: number }>;

  // Announcements and their fan-out
  /** Record an announcement and a pending delivery per matching chat in one transaction (none for a baseline). */
  recordAnnouncement(input: AnnouncementInput, options?: { baseline?: boolean; now?: number }): Promise<RecordResult>;
  findDuplicate(key: DuplicateKey): Promise<Duplicate | undefined>;
  getAnnouncement(id: number): Promise<Announcement | undefined>;
  /** The newest first; with `words`, those whose title contains them all. */
  findAnnouncements(words?: string, limit?: number): Promise<Announcement[]>;
  latestAnnouncementId(): Promise<number>;

  // Deliveries
  getDelivery(announcementId: number, chat: string): Promise<DeliveryView | undefined>;
  countDeliveries(): Promise<Record<DeliveryStatus, number>>;

  // Feeds
  /** Make sure every URL has a row (a new feed starts with its baseline). */
  ensureFeeds(urls: string[]): Promise<void>;
  getFeed(url: string): Promise<FeedState | undefined>;
  feedFailed(url: string, update: { failures: number; error: string; now: number; nextPollAt: number }): Promise<void>;
  feedFetched(url: string, update: { etag?: string; lastModified?: string; newItems: number }): Promise<void>;
  feedOk(url: string, update: { now: number; nextPollAt: number }): Promise<void>;
  dueFeeds(urls: string[], now: number): Promise<string[]>;
  feedHealth(urls: string[]): Promise<FeedState[]>;

  // Ingress
  /** True the first time an update id is seen (answer it), false for a repeat (drop it). */
  claimUpdate(updateId: number, now?: number): Promise<boolean>;
  pruneUpdates(olderThan: number): Promise<number>;

  // Follow-up memory shared by every ingress instance
  loadChatState(chat: string, notBefore: number): Promise<StoredChatState | undefined>;
  saveChatState(chat: string, state: StoredChatState, now?: number): Promise<void>;

  close(): Promise<void>;
}
