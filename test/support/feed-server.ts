// A local feed server on 127.0.0.1 for tests: RSS and Atom documents, ETag/Last-Modified, and broken feeds on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FeedEntry {
  guid: string;
  title: string;
  link: string;
  /** HTML or text of the item. */
  description: string;
  date?: string;
}

/** What a path answers. */
export type Route =
  | { kind: 'rss' | 'atom'; entries: FeedEntry[]; etag?: boolean }
  | { kind: 'raw'; status?: number; body: string; contentType?: string }
  /** Never answers (for timeouts). */
  | { kind: 'hang' }
  /** Streams `bytes` bytes without a Content-Length header. */
  | { kind: 'huge'; bytes: number }
  /** Answers with a redirect to `to` (any URL, any scheme). */
  | { kind: 'redirect'; to: string; status?: number }
  /** A hostile feed: `count` items with new guids, links and titles on every request, and no validators. */
  | { kind: 'rotating'; count: number };

export interface FeedServer {
  readonly origin: string;
  url(path: string): string;
  set(path: string, route: Route): void;
  /** Requests received per path, with the conditional headers they carried. */
  requests(path: string): Array<{ ifNoneMatch?: string; ifModifiedSince?: string; status: number; at: number }>;
  stop(): Promise<void>;
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function rssDocument(entries: FeedEntry[]): string {
  const items = entries
    .map((e) => `<item><title>${esc(e.title)}</title><link>${esc(e.link)}</link><guid isPermaLink="false">${esc(e.guid)}</guid><description>${esc(e.description)}</description>${e.date ? `<pubDate>${new Date(e.date).toUTCString()}</pubDate>` : ''}</item>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Test feed</title><link>http://127.0.0.1/</link><description>Test</description>${items}</channel></rss>`;
}

export function atomDocument(entries: FeedEntry[]): string {
  const items = entries
    .map((e) => `<entry><title>${esc(e.title)}</title><id>${esc(e.guid)}</id><link href="${esc(e.link)}"/><updated>${new Date(e.date ?? '2025-01-01').toISOString()}</updated><summary type="html">${esc(e.description)}</summary></entry>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Test atom</title><id>urn:test</id><updated>2025-01-01T00:00:00Z</updated>${items}</feed>`;
}

/** Listen on 127.0.0.1 unless told (another loopback address such as 127.0.0.2 stands for a second host). */
export async function startFeedServer(host = '127.0.0.1'): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const seen = new Map<string, Array<{ ifNoneMatch?: string; ifModifiedSince?: string; status: number; at: number }>>();
  const hanging = new Set<ServerResponse>();
  const rounds = new Map<string, number>();

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const route = routes.get(path);
    const record = { ...(req.headers['if-none-match'] ? { ifNoneMatch: String(req.headers['if-none-match']) } : {}), ...(req.headers['if-modified-since'] ? { ifModifiedSince: String(req.headers['if-modified-since']) } : {}), status: 0, at: Date.now() };
    seen.set(path, [...(seen.get(path) ?? []), record]);
    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, headers).end(body);
    };
    if (!route) return send(404, 'not found');
    switch (route.kind) {
      case 'raw':
        return send(route.status ?? 200, route.body, { 'content-type': route.contentType ?? 'application/xml' });
      case 'redirect':
        return send(route.status ?? 302, '', { location: route.to });
      case 'rotating': {
        const round = (rounds.get(path) ?? 0) + 1;
        rounds.set(path, round);
        const entries = Array.from({ length: route.count }, (_, i) => ({
          guid: `rot-${round}-${i}`,
          title: `Rotating headline ${round}-${i}`,
          link: `https://news.test/rotating/${round}/${i}`,
          description: `Item ${i} of round ${round}, freshly minted so that it always looks new to a poller.`,
        }));
        return send(200, rssDocument(entries), { 'content-type': 'application/rss+xml' });
      }
      case 'hang':
        record.status = -1;
        hanging.add(res);
        return;
      case 'huge': {
        record.status = 200;
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        const chunk = Buffer.alloc(64 * 1024, 'a');
        let left = route.bytes;
        const pump = () => {
          while (left > 0) {
            left -= chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        res.on('error', () => undefined);
        res.write('<?xml version="1.0"?><rss version="2.0"><channel><title>');
        pump();
        return;
      }
      case 'rss':
      case 'atom': {
        const body = route.kind === 'rss' ? rssDocument(route.entries) : atomDocument(route.entries);
        const etag = `"${Buffer.from(body).length}-${route.entries.length}"`;
        if (route.etag !== false && req.headers['if-none-match'] === etag) return send(304, '');
        return send(200, body, {
          'content-type': route.kind === 'rss' ? 'application/rss+xml' : 'application/atom+xml',
          ...(route.etag !== false ? { etag, 'last-modified': 'Wed, 01 Jan 2025 00:00:00 GMT' } : {}),
        });
      }
    }
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const origin = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    set: (path, route) => routes.set(path, route),
    requests: (path) => seen.get(path) ?? [],
    async stop() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
