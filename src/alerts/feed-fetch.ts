// Fetches one feed with a conditional GET, a timeout and a size limit, and normalises its items.
import type { parseFeed } from 'feedsmith';
import { htmlToText } from './clean.js';

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
  timeoutMs?: number;
  /** Bodies larger than this are refused (default 5 MB). */
  maxBytes?: number;
}

export const defaultFetchOptions = { timeoutMs: 15_000, maxBytes: 5 * 1024 * 1024 } as const;

/** Fetch and parse a feed. Never throws: every failure is an `error` outcome saying what went wrong. */
export async function fetchFeed(url: string, options: FetchOptions = {}): Promise<FetchOutcome> {
  const timeoutMs = options.timeoutMs ?? defaultFetchOptions.timeoutMs;
  const maxBytes = options.maxBytes ?? defaultFetchOptions.maxBytes;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
  try {
    const headers: Record<string, string> = {
      'user-agent': 'hk-innotech-bot (+feed alerts)',
      accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5',
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;
    const response = await fetch(url, { headers, signal: controller.signal, redirect: 'follow' });
    if (response.status === 304) {
      await response.body?.cancel();
      return { status: 'unchanged' };
    }
    if (!response.ok) {
      await response.body?.cancel();
      return { status: 'error', error: `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}` };
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      controller.abort();
      return { status: 'error', error: `too large (${declared} bytes, limit ${maxBytes})` };
    }
    const body = await readLimited(response, maxBytes, controller);
    if (body === undefined) return { status: 'error', error: `too large (over ${maxBytes} bytes)` };
    let parsed: ReturnType<typeof parseFeed>;
    try {
      // Loaded on the first poll: a bot without feeds never pays for the parser.
      const { parseFeed } = await import('feedsmith');
      parsed = parseFeed(body);
    } catch (error) {
      return { status: 'error', error: `not a valid RSS or Atom feed (${error instanceof Error ? error.message : String(error)})` };
    }
    const etag = response.headers.get('etag') ?? undefined;
    const lastModified = response.headers.get('last-modified') ?? undefined;
    return { status: 'ok', items: normaliseItems(parsed), ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
  } catch (error) {
    const reason = controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason.message : describeNetworkError(error);
    return { status: 'error', error: reason };
  } finally {
    clearTimeout(timer);
  }
}

async function readLimited(response: Response, maxBytes: number, controller: AbortController): Promise<string | undefined> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `network error (${cause.code})` : error.message;
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
