// Shared types of the alerts module: alerts, senders, subscriptions, announcements and deliveries.
import type { Platform } from '../../commands/types.js';

export type { Platform };
export type ChatType = 'private' | 'group' | 'channel';

/** A chat that can subscribe: one Telegram chat, one Discord channel or DM, the console. */
export interface ChatRef {
  platform: Platform;
  id: string;
  type: ChatType;
}

export type SubscriptionKind = 'all' | 'entity' | 'sector' | 'keyword';

export interface Subscription {
  id: number;
  chat: string;
  platform: Platform;
  chatId: string;
  chatType: ChatType;
  kind: SubscriptionKind;
  /** Entity id, sector slug or keyword (lower case); '' for all. */
  value: string;
  /** What a person reads: "HKSTP (Hong Kong Science and Technology Parks Corporation)". */
  label: string;
  active: boolean;
  createdAt: number;
  deactivatedReason?: string;
}

/** What a sender puts in front of a person. Platform-neutral; each sender renders and escapes it. */
export interface Alert {
  announcementId: number;
  title: string;
  /** One line, at most about 200 characters. */
  summary: string;
  /** Names of the entities the announcement mentions. */
  entities: string[];
  link?: string;
  publisher?: string;
  date?: string;
  /** Which subscription matched, in words: "organisation HKSTP", "keyword “semiconductor”". */
  matched: string;
  /** The exact command that stops this kind of alert: "/unsubscribe org hkstp". */
  unsubscribe: string;
}

/** The outcome of one platform call. Senders never throw. */
export type SendResult =
  | { ok: true }
  | { ok: false; kind: 'retry-after'; ms: number; error: string }
  | { ok: false; kind: 'transient'; error: string }
  /** This message was refused (too long, bad markup): give it up, the chat is fine. */
  | { ok: false; kind: 'rejected'; error: string }
  /** The chat refused the bot for good (blocked, kicked, not found): switch its subscriptions off. */
  | { ok: false; kind: 'permanent'; error: string };

export interface Sender {
  readonly platform: Platform;
  send(chatId: string, alert: Alert): Promise<SendResult>;
}

export type Senders = Partial<Record<Platform, Sender>>;

/** An announcement to record: from a feed, an ingested file, or an admin's /announce. */
export interface AnnouncementInput {
  title: string;
  /** Cleaned text (the summary is taken from it when not given). */
  text: string;
  summary?: string;
  link?: string;
  guid?: string;
  publisher?: string;
  /** YYYY-MM-DD when known. */
  date?: string;
  /** feed:<url>, ingest:<file>, announce:<user>. */
  origin: string;
  /** Knowledge source id when the article was written into the knowledge base. */
  sourceId?: string;
  entities: Array<{ id: string; name: string }>;
  sectors: string[];
}

export interface Announcement extends Omit<AnnouncementInput, 'entities' | 'sectors' | 'summary'> {
  id: number;
  summary: string;
  entities: Array<{ id: string; name: string }>;
  sectors: string[];
  hash: string;
  baseline: boolean;
  createdAt: number;
}

export type RecordResult =
  | { recorded: true; announcement: Announcement; deliveries: number }
  | { recorded: false; duplicateOf: number; by: 'guid' | 'link' | 'content' };

export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface Delivery {
  id: number;
  announcementId: number;
  chat: string;
  platform: Platform;
  chatId: string;
  chatType: ChatType;
  subscriptionId: number | null;
  matched: string;
  unsubscribe: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  sentAt?: number;
}

export interface FeedHealth {
  url: string;
  health: 'new' | 'ok' | 'failing';
  failures: number;
  lastError?: string;
  lastCheckedAt?: number;
  lastOkAt?: number;
  nextPollAt: number;
  baselineDone: boolean;
  items: number;
  /** New items left out by the ceilings (per poll, per day) in the last poll that had new items, and in all. */
  skippedLastPoll?: number;
  skippedTotal?: number;
  /** Which ceiling left them out, and when. */
  skipReason?: string;
  skippedAt?: number;
  /** The last failure to read the full page behind a short item (its summary was used), and when. */
  pageError?: string;
  pageErrorAt?: number;
}

/** A clock tests can replace. */
export type Clock = () => number;
