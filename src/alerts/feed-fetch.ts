// Fetches one feed (conditional GET, public addresses only, time and size limits) and normalises its items.
import type { parseFeed } from 'feedsmith';
import type { AddressPolicy } from './address-policy.js';
import { htmlToText } from './clean.js';
import { defaultSafeFetch, safeFetch } from './safe-fetch.js';

export interface FeedItem {
  guid?: string;
  link?: string;
  title: string;
  text: string;
  /** YYYY-MM-DD when the feed dates the item. */
  date?: string;
  author?: string;
}

export type FetchOutcome =
  | { status: 'unchanged' }
  | { status: 'ok'; items: FeedItem[]; title?: string; etag?: string; lastModified?: string }
  | { status: 'error'; error: string };

export interface FetchOptions {
  etag?: string;
  lastModified?: string;
  /** Waiting for the response, and for each next piece of it, may take this long (default 15 s). */
  timeoutMs?: number;
  /** Bodies larger than this are refused (default 5 MB). */
  maxBytes?: number;
  /** Redirects followed at most (default 3); each is checked like the first address. */
  maxRedirects?: number;
  /** Which addresses may be reached (default: public ones only). */
  policy?: AddressPolicy;
}

export const defaultFetchOptions = { timeoutMs: defaultSafeFetch.timeoutMs, maxBytes: defaultSafeFetch.maxBytes } as const;

/** Fetch and parse a feed. Never throws: every failure is an `error` outcome saying what went wrong. */
export async function fetchFeed(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const headers: Record<string, string> = {
    'user-agent': 'hk-innotech-bot (+feed alerts)',
    accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
  };
  if (options.etag) headers['if-none-match'] = options.etag;
  if (options.lastModified) headers['if-modified-since'] = options.lastModified;
  const result = await safeFetch(url, {
    headers,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.maxRedirects !== undefined ? { maxRedirects: options.maxRedirects } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
  });
  if (result.status !== 'ok') return result;
  let parsed: ReturnType<typeof parseFeed>;
  try {
    // Loaded on the first poll: a bot without feeds never pays for the parser.
    const { parseFeed } = await import('feedsmith');
    parsed = parseFeed(result.body);
  } catch (error) {
    return { status: 'error', error: `not a valid RSS or Atom feed (${error instanceof Error ? error.message : String(error)})` };
  }
  return { status: 'ok', items: normaliseItems(parsed), ...(result.etag ? { etag: result.etag } : {}), ...(result.lastModified ? { lastModified: result.lastModified } : {}) };
}

type Parsed = ReturnType<typeof parseFeed>;
type Loose = Record<string, unknown>;

const str = (v: unknown): string | undefined => {
  if (typeof v === 'string') return v.trim() || undefined;
  if (v && typeof v === 'object' && 'value' in v && typeof (v as Loose).value === 'string') return ((v as Loose).value as string).trim() || undefined;
  return undefined;
};

/** Items of any feed format as plain records (titles and text stripped of HTML). */
export function normaliseItems(parsed: Parsed): FeedItem[] {
  const feed = parsed.feed as unknown as Loose;
  const raw = ((feed.items ?? feed.entries ?? []) as Loose[]).slice(0, 200);
  const items: FeedItem[] = [];
  for (const item of raw) {
    const links = item.links as Array<{ href?: string; rel?: string }> | undefined;
    const link = str(item.link) ?? str(item.url) ?? links?.find((l) => !l.rel || l.rel === 'alternate')?.href ?? links?.[0]?.href;
    const html = str(item.content) ?? str((item.content as Loose | undefined)?.encoded) ?? str(item.content_html) ?? str(item.description) ?? str(item.summary) ?? str(item.content_text) ?? '';
    const title = htmlToText(str(item.title) ?? '').replace(/\s+/g, ' ').trim();
    const text = htmlToText(html);
    if (!title && !text) continue;
    const guid = str(item.guid) ?? str(item.id);
    const when = str(item.pubDate) ?? str(item.published) ?? str(item.updated) ?? str(item.date_published) ?? str((item.dc as Loose | undefined)?.date);
    const date = when && !Number.isNaN(Date.parse(when)) ? new Date(Date.parse(when)).toISOString().slice(0, 10) : undefined;
    const author = str(item.author) ?? str((item.authors as unknown[] | undefined)?.[0] && ((item.authors as Loose[])[0]!.name as unknown));
    items.push({ title: title || text.slice(0, 80), text, ...(guid ? { guid } : {}), ...(link ? { link } : {}), ...(date ? { date } : {}), ...(author ? { author } : {}) });
  }
  return items;
}
