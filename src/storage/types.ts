// The storage interface: everything the bot persists, implemented by SQLite (default) and PostgreSQL.
import type { AddResult } from '../alerts/subscriptions.js';
import type { Vote } from '../../commands/types.js';
import type {
  Announcement,
  AnnouncementInput,
  ChatRef,
  DeliveryStatus,
  FeedHealth,
  Platform,
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

/** One rated answer as exported: labelled data for fitting, with nothing about who asked or rated. */
export interface FeedbackRecord {
  question: string;
  answered: boolean;
  factIds: string[];
  vote: Vote;
  platform: Platform;
  /** When the vote was cast or last changed (ISO 8601). */
  at: string;
  note?: string;
}

/** Answer feedback: answers kept under random ids, one vote per voter hash and answer. */
export interface FeedbackStore {
  /** Keep an answer for rating under `id`; false when the id is taken. */
  keepAnswer(id: string, answer: { question: string; answered: boolean; factIds: readonly string[]; platform: Platform }, now: number): Promise<boolean>;
  /** Forget answers kept before `olderThan` that nobody rated. */
  pruneUnrated(olderThan: number): Promise<number>;
  /** Cast, change or repeat a vote, in one transaction. A changed vote without a note drops the old note. */
  castVote(input: { answerId: string; voterHash: string; vote: Vote; note?: string; now: number }): Promise<{ status: 'unknown' } | { status: 'added' | 'changed' | 'unchanged'; vote: Vote }>;
  /** The secret the voter hashes are salted with (made once, kept in the database). */
  feedbackSalt(): Promise<Buffer>;
  /** Every vote with its answer, oldest first. */
  feedbackRecords(): Promise<FeedbackRecord[]>;
  feedbackCounts(): Promise<{ answers: number; up: number; down: number }>;
}

export interface AlertsStore extends FeedbackStore {
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
  /** The announcement recorded with this knowledge source (an ingest records both in one step), if any. */
  announcementOfSource(sourceId: string): Promise<number | undefined>;

  // Deliveries
  getDelivery(announcementId: number, chat: string): Promise<DeliveryView | undefined>;
  countDeliveries(): Promise<Record<DeliveryStatus, number>>;
  /** Deliveries recorded for the announcements with ids in (after, upTo]. */
  countQueued(after: number, upTo: number): Promise<number>;
  /** Deliveries waiting to be sent (pending or half-sent) and the age of the oldest, in seconds (for /metrics). */
  outboxState(now?: number): Promise<{ pending: number; oldestAgeSeconds: number }>;
  /** Can the database take a write now (for /healthz)? */
  probeWritable(): Promise<{ ok: boolean; error?: string }>;

  // Feeds
  /** Make sure every URL has a row (a new feed starts with its baseline). */
  ensureFeeds(urls: string[]): Promise<void>;
  getFeed(url: string): Promise<FeedState | undefined>;
  feedFailed(url: string, update: { failures: number; error: string; now: number; nextPollAt: number }): Promise<void>;
  feedFetched(url: string, update: { etag?: string; lastModified?: string; newItems: number }): Promise<void>;
  feedOk(url: string, update: { now: number; nextPollAt: number }): Promise<void>;
  /** Note in a feed's health what a poll left out (`skipped`, 0 clears the last poll's count) or a failed page read (null clears it). */
  feedNoted(url: string, note: { now: number; skipped?: { count: number; reason?: string }; pageError?: string | null }): Promise<void>;
  /** Items of this feed recorded (not baseline) since `since` (ms), for the daily ceiling. */
  feedItemsSince(url: string, since: number): Promise<number>;
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
