// Polls the configured RSS/Atom feeds: conditional GET, first-run baseline, dedupe, ceilings, full pages, backoff, health.
import type { QueryCore } from '../core/index.js';
import type { Logger } from '../logger.js';
import { noMetrics, type Metrics } from '../observability/types.js';
import type { AlertsStore } from '../storage/types.js';
import { contentHash } from './announcements.js';
import { publicOnly, type AddressPolicy } from './address-policy.js';
import { fetchFeed, type FeedItem, type FetchOptions } from './feed-fetch.js';
import { readPagesWithin, type PageOutcome } from './full-page.js';
import { describeArticle } from './ingest.js';
import { cleanUnicode, type ArticleLimits } from '../core/knowledge/article-text.js';
import { stageSource, type StagedSource } from './knowledge-writer.js';
import type { Clock, FeedHealth } from './types.js';

export interface PollerOptions {
  store: AlertsStore;
  logger: Logger;
  /** Polls by outcome are counted here (default: nowhere). */
  metrics?: Metrics;
  feeds: string[];
  /** Seconds between polls of a healthy feed. */
  pollSeconds: number;
  /** The current core (entities of new items are found with it). */
  core: () => QueryCore;
  /** When set, new items are also written into the knowledge base as sources. */
  knowledgeDir?: string;
  /** Limits on an item written as a source (ARTICLE_MAX_BYTES, ARTICLE_MAX_SENTENCES). */
  limits?: ArticleLimits;
  /** Called after new announcements were recorded (kick the dispatcher). */
  onRecorded?: (count: number) => void;
  fetch?: Omit<FetchOptions, 'etag' | 'lastModified' | 'policy'>;
  /** Which addresses feeds and the pages they link to may reach (default: public ones only). */
  policy?: AddressPolicy;
  /** New items of one feed that become sources and announcements in one poll (default 20); the rest wait. */
  maxItemsPerPoll?: number;
  /** ... and in any 24 hours (default 200). */
  maxItemsPerDay?: number;
  /** A new item whose text is shorter than this is read from its linked page (default 400; 0: never). */
  fullPageBelow?: number;
  /** Pages of one poll not read by then are given up and the summaries used (default 5000 ms). */
  pageDeadlineMs?: number;
  /** First retry of a failing feed; doubles per failure up to `maxBackoffMs`. */
  retryBaseMs?: number;
  maxBackoffMs?: number;
  /** How often to look for due feeds. Default 1000 ms. */
  tickMs?: number;
  clock?: Clock;
  /** Poll only while this says so (one active poller among several processes). Default: always. */
  isLeader?: () => boolean;
}

export interface Poller {
  start(): void;
  stop(): Promise<void>;
  /** Poll every configured feed now, whatever its schedule; resolves when all are done. */
  pollAll(): Promise<void>;
  /** The feeds' health as of the last poll or tick of this poller (the store has it for every process). */
  health(): FeedHealth[];
}

export function createPoller(options: PollerOptions): Poller {
  const { store, logger } = options;
  const metrics = options.metrics ?? noMetrics;
  const clock = options.clock ?? Date.now;
  const retryBaseMs = options.retryBaseMs ?? 30_000;
  const policy = options.policy ?? publicOnly;
  const maxPerPoll = options.maxItemsPerPoll ?? 20;
  const maxPerDay = options.maxItemsPerDay ?? 200;
  const fullPageBelow = options.fullPageBelow ?? 400;
  const pageDeadlineMs = options.pageDeadlineMs ?? 5000;
  const maxBackoffMs = options.maxBackoffMs ?? 6 * 3600_000;
  const busy = new Map<string, Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let snapshot: FeedHealth[] = [];
  const refresh = async () => {
    snapshot = await store.feedHealth(options.feeds);
  };

  const ready = store.ensureFeeds(options.feeds).catch((error: unknown) => logger.error('could not record the feeds', { error }));

  async function poll(url: string): Promise<void> {
    await ready;
    const row = await store.getFeed(url);
    if (!row) return;
    const outcome = await fetchFeed(url, {
      ...options.fetch,
      policy,
      ...(row.etag ? { etag: row.etag } : {}),
      ...(row.lastModified ? { lastModified: row.lastModified } : {}),
    });
    const now = clock();
    metrics.feedPolled(outcome.status);
    if (outcome.status === 'error') {
      const failures = row.failures + 1;
      const backoff = Math.min(maxBackoffMs, retryBaseMs * 2 ** (failures - 1));
      await store.feedFailed(url, { failures, error: outcome.error, now, nextPollAt: now + backoff });
      logger.warn('feed failed', { url, error: outcome.error, failures, retryInMs: backoff });
      return;
    }
    let recorded = 0;
    if (outcome.status === 'ok') {
      // A publisher's text is cleaned before anything reads it: no control characters, noncharacters or lone surrogates.
      outcome.items = outcome.items.map(cleanItem);
      const baseline = !row.baselineDone;
      let skipped = 0;
      if (baseline) {
        for (const item of outcome.items) if (await recordItem(url, item, true)) recorded++;
      } else {
        const fresh: FeedItem[] = [];
        for (const item of outcome.items) if (!(await isKnown(url, item))) fresh.push(item);
        const today = await store.feedItemsSince(url, now - 24 * 3600_000);
        const room = Math.max(0, Math.min(maxPerPoll, maxPerDay - today));
        const taken = fresh.slice(0, room);
        skipped = fresh.length - taken.length;
        const pages = await readFullPages(url, taken);
        for (const item of taken) if (await recordItem(url, item, false, pages.get(item))) recorded++;
        if (skipped > 0 || (row.skippedLastPoll ?? 0) > 0) {
          const reason = room < maxPerPoll ? `over the ceiling of ${maxPerDay} items per feed per day (FEED_MAX_ITEMS_PER_DAY)` : `over the ceiling of ${maxPerPoll} items per feed per poll (FEED_MAX_ITEMS_PER_POLL)`;
          await store.feedNoted(url, { now, skipped: { count: skipped, reason } });
          if (skipped > 0) logger.warn('feed items left out', { url, skipped, recorded, reason });
        }
      }
      // Items left out are tried again next poll: the validators are kept only when nothing was left out.
      const validators = skipped > 0 ? {} : { ...(outcome.etag ? { etag: outcome.etag } : {}), ...(outcome.lastModified ? { lastModified: outcome.lastModified } : {}) };
      await store.feedFetched(url, { ...validators, newItems: baseline ? outcome.items.length : recorded });
      if (baseline) logger.info('feed baseline recorded (no alerts for existing items)', { url, items: outcome.items.length });
    }
    await store.feedOk(url, { now, nextPollAt: now + options.pollSeconds * 1000 });
    if (recorded > 0) {
      logger.info('new feed items', { url, count: recorded });
      options.onRecorded?.(recorded);
    }
  }

  const guidOf = (feedUrl: string, item: FeedItem) => (item.guid ? `${feedUrl}#${item.guid}` : undefined);
  const isKnown = async (feedUrl: string, item: FeedItem) => Boolean(await store.findDuplicate({ guid: guidOf(feedUrl, item), link: item.link, hash: contentHash(item.title, item.text) }));

  /**
   * The article behind each short item, read from its linked page within one deadline; a page that fails leaves the
   * item with its summary, and the failure in the feed's health.
   */
  async function readFullPages(feedUrl: string, items: FeedItem[]): Promise<Map<FeedItem, string>> {
    const full = new Map<FeedItem, string>();
    if (fullPageBelow <= 0) return full;
    const short = items.filter((i): i is FeedItem & { link: string } => i.text.length < fullPageBelow && /^https?:\/\//i.test(i.link ?? ''));
    if (short.length === 0) return full;
    // The feeds' timeout and size cap apply to each page; the deadline to all of this poll's pages together.
    const pages = await readPagesWithin(short, pageDeadlineMs, { policy, ...(options.fetch?.timeoutMs ? { timeoutMs: options.fetch.timeoutMs } : {}), ...(options.fetch?.maxBytes ? { maxBytes: options.fetch.maxBytes } : {}) });
    let failure: string | undefined;
    for (const [item, page] of pages as Map<FeedItem, PageOutcome>) {
      if (page.status === 'ok' && page.text.length > item.text.length) full.set(item, cleanUnicode(page.text));
      else if (page.status === 'error') {
        failure ??= `full page of "${item.title.slice(0, 80)}" (${item.link}) not read: ${page.error}; its summary was used`;
        logger.warn('full page not read; summary used', { feed: feedUrl, link: item.link, error: page.error });
      }
    }
    await store.feedNoted(feedUrl, { now: clock(), pageError: failure ?? null });
    return full;
  }

  /** Record one item (its full text when its page was read); true when it is new and not a baseline item. */
  async function recordItem(feedUrl: string, item: FeedItem, baseline: boolean, fullText?: string): Promise<boolean> {
    const guid = guidOf(feedUrl, item);
    // Checked again here: the same article may be listed twice in one document.
    if (await isKnown(feedUrl, item)) return false;
    const core = options.core();
    const text = fullText ?? item.text;
    let staged: StagedSource | undefined;
    if (!baseline && options.knowledgeDir && text.length >= 40) {
      try {
        // Written under a temporary name and checked by the loader; renamed into place once the announcement is recorded.
        staged = stageSource(options.knowledgeDir, {
          title: item.title,
          body: text,
          origin: item.link ?? feedUrl,
          ...(item.date ? { date: item.date } : {}),
          ...(item.author ? { publisher: item.author } : {}),
          ...(item.link && /^https?:/.test(item.link) ? { url: item.link } : {}),
        }, { takenIds: core.knowledge.sources.map((s) => s.id), ...(options.limits ? { limits: options.limits } : {}) });
      } catch (error) {
        logger.warn('feed item not added to the knowledge base', { feed: feedUrl, title: item.title, error });
      }
    }
    let result: Awaited<ReturnType<AlertsStore['recordAnnouncement']>>;
    try {
      result = await store.recordAnnouncement(
        {
          title: item.title || '(untitled)',
          text,
          ...(fullText && item.text ? { summary: item.text } : {}),
          origin: `feed:${feedUrl}`,
          ...describeArticle(core, item.title, text),
          ...(guid ? { guid } : {}),
          ...(item.link ? { link: item.link } : {}),
          ...(item.date ? { date: item.date } : {}),
          ...(item.author ? { publisher: item.author } : {}),
          ...(staged ? { sourceId: staged.id } : {}),
        },
        { baseline, now: clock() },
      );
    } catch (error) {
      staged?.discard();
      throw error;
    }
    if (staged) {
      try {
        if (result.recorded) staged.commit();
        else staged.discard();
      } catch (error) {
        logger.warn('feed item source could not be renamed into place; it is finished on the next start', { feed: feedUrl, source: staged.id, error });
      }
    }
    return result.recorded && !baseline;
  }

  const run = (url: string): Promise<void> => {
    const current = busy.get(url);
    if (current) return current;
    const job = poll(url)
      .then(refresh)
      .catch((error: unknown) => {
        metrics.feedPolled('error');
        logger.error('feed poll crashed', { url, err: error });
      })
      .finally(() => busy.delete(url));
    busy.set(url, job);
    return job;
  };

  const tick = async () => {
    timer = undefined;
    if (!running) return;
    try {
      await ready;
      if (options.isLeader?.() ?? true) for (const url of await store.dueFeeds(options.feeds, clock())) if (running) void run(url);
      await refresh();
    } catch (error) {
      logger.error('feed poller error', { error });
    }
    if (running) timer = setTimeout(() => void tick(), options.tickMs ?? 1000);
  };

  return {
    start() {
      if (running || options.feeds.length === 0) return;
      running = true;
      void tick();
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await Promise.allSettled([...busy.values()]);
    },
    async pollAll() {
      await Promise.all(options.feeds.map(run));
    },
    health: () => snapshot,
  };
}

/** A feed item with its text cleaned of control characters, noncharacters and lone surrogates. */
function cleanItem(raw: FeedItem): FeedItem {
  return { ...raw, title: cleanUnicode(raw.title).replace(/\s+/g, ' ').trim(), text: cleanUnicode(raw.text), ...(raw.author ? { author: cleanUnicode(raw.author).trim() } : {}) };
}
