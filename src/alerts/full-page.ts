// Reads the article behind a short feed item: the linked page, fetched like a feed, its main text found by Readability.
import type { AddressPolicy } from './address-policy.js';
import { htmlToText } from './clean.js';
import { safeFetch } from './safe-fetch.js';

export interface PageOptions {
  policy?: AddressPolicy;
  /** Waiting for the page, and for each next piece of it (the feeds' timeout). */
  timeoutMs?: number;
  /** Pages larger than this are refused (the feeds' size cap). */
  maxBytes?: number;
  /** Aborts the fetch (the shared deadline of a poll). */
  signal?: AbortSignal;
}

export type PageOutcome = { status: 'ok'; text: string } | { status: 'error'; error: string };

/** Fetch a page and extract its main text. Never throws. */
export async function readArticlePage(url: string, options: PageOptions = {}): Promise<PageOutcome> {
  const result = await safeFetch(url, {
    headers: { 'user-agent': 'hk-innotech-bot (+feed alerts)', accept: 'text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5' },
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.policy ? { policy: options.policy } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  if (result.status === 'unchanged') return { status: 'error', error: 'HTTP 304 without a request for it' };
  if (result.status === 'error') return result;
  const type = result.contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'text/plain') return textOrError(result.body.replace(/\r\n?/g, '\n').trim());
  if (type && type !== 'text/html' && type !== 'application/xhtml+xml') return { status: 'error', error: `not a web page (${type})` };
  try {
    return textOrError(await mainText(result.body));
  } catch (error) {
    return { status: 'error', error: `the page could not be read (${error instanceof Error ? error.message : String(error)})` };
  }
}

const textOrError = (text: string): PageOutcome => (/\p{L}{2,}/u.test(text) ? { status: 'ok', text } : { status: 'error', error: 'no article text on the page' });

/** The main text of a page: Readability's article when it finds one, else the page narrowed as any HTML article is. */
export async function mainText(html: string): Promise<string> {
  // Loaded on the first short item: a bot whose feeds carry whole articles never pays for them.
  const [{ parseHTML }, { Readability }] = await Promise.all([import('linkedom'), import('@mozilla/readability')]);
  const { document } = parseHTML(html);
  const article = new Readability(document, { charThreshold: 200 }).parse();
  const text = article?.content ? htmlToText(article.content) : '';
  return text || htmlToText(html);
}

export interface FullTextRequest {
  link: string;
}

/**
 * Read the pages of several items at once (a few at a time) within one shared deadline: a page not read by then
 * is an error, so the alerts of the poll are never held up for longer than `deadlineMs`.
 */
export async function readPagesWithin<T extends FullTextRequest>(items: T[], deadlineMs: number, options: Omit<PageOptions, 'signal'>, concurrency = 4): Promise<Map<T, PageOutcome>> {
  const results = new Map<T, PageOutcome>();
  if (items.length === 0) return results;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no page within the ${deadlineMs} ms deadline`)), deadlineMs);
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      results.set(item, await readArticlePage(item.link, { ...options, signal: controller.signal }));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  } finally {
    clearTimeout(timer);
  }
  return results;
}
