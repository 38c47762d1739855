// AlertsService: what the alert commands use (subscriptions, why, feeds, announce), over the storage interface.
import type { QueryCore } from '../core/index.js';
import type { AlertsStore } from '../storage/types.js';
import { describeArticle, knownSectors } from './ingest.js';
import type { AddResult } from './subscriptions.js';
import type { ChatRef, FeedHealth, Platform, RecordResult, Subscription, SubscriptionKind } from './types.js';
import { explain, type WhyResult } from './why.js';

export interface AlertsService {
  subscribe(chat: ChatRef, sub: { kind: SubscriptionKind; value: string; label: string }, by?: string): Promise<AddResult>;
  /** Remove one subscription, or all of the chat's when `match` is undefined. Returns what was removed. */
  unsubscribe(chat: ChatRef, match?: { kind: SubscriptionKind; value: string }): Promise<Subscription[]>;
  /** The chat's subscriptions (switched-off ones too, marked inactive). */
  list(chat: ChatRef): Promise<Subscription[]>;
  why(chat: ChatRef, query: string): Promise<WhyResult>;
  feeds(): Promise<FeedHealth[]>;
  /** Record an announcement by hand (admin), with its fan-out. */
  announce(input: { title: string; text: string; link?: string }, by: string): Promise<RecordResult>;
  /** Every sector the knowledge base knows, sorted. */
  sectors(): string[];
  /** Platforms the bot can deliver to now. */
  readonly connected: Platform[];
}

export interface ServiceDeps {
  store: AlertsStore;
  core: () => QueryCore;
  connected: Platform[];
  feeds: () => Promise<FeedHealth[]>;
  /** After something was recorded: let the dispatcher send it now. */
  kick: () => void;
  clock?: () => number;
}

export function createAlertsService(deps: ServiceDeps): AlertsService {
  const clock = deps.clock ?? Date.now;
  const { store } = deps;
  return {
    subscribe: (chat, sub, by) => store.addSubscription(chat, sub, { now: clock(), ...(by ? { by } : {}) }),
    unsubscribe: (chat, match) => store.removeSubscriptions(chat, match),
    list: (chat) => store.listSubscriptions(chat, { all: true }),
    why: (chat, query) => explain(store, chat, query, deps.connected, clock()),
    feeds: deps.feeds,
    async announce(input, by) {
      const core = deps.core();
      const result = await store.recordAnnouncement(
        { title: input.title, text: input.text, origin: `announce:${by}`, ...describeArticle(core, input.title, input.text), ...(input.link ? { link: input.link } : {}), date: new Date(clock()).toISOString().slice(0, 10) },
        { now: clock() },
      );
      deps.kick();
      return result;
    },
    sectors: () => [...knownSectors(deps.core().knowledge)].sort(),
    connected: deps.connected,
  };
}
