// The whole article behind a short feed item: its linked page is read (safely, within a deadline) and answered from.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedEntry, type FeedServer } from '../support/feed-server.js';
import { sleep, waitUntil } from './helpers/env.js';
import { startHarness, textOf, type Harness } from './helpers/harness.js';

let h: Harness | undefined;
let feeds: FeedServer | undefined;
afterEach(async () => {
  await h?.stop();
  await feeds?.stop();
  h = undefined;
  feeds = undefined;
});

/** A news page as sites serve it: navigation, a cookie banner, the article, related links and a footer. */
const articlePage = `<!doctype html><html><head><title>Harbourline Robotics expands | Example News</title></head><body>
<header><nav><a href="/">Home</a> <a href="/tech">Tech</a> <a href="/markets">Markets</a> <a href="/login">Sign in</a></nav></header>
<div class="cookie">We use cookies to improve your experience. Accept all cookies.</div>
<main><article>
<h1>Harbourline Robotics expands in Hong Kong</h1>
<p class="byline">By a staff reporter, 3 June 2025</p>
<p>Harbourline Robotics, a maker of warehouse robots founded in Kowloon Bay, said on Tuesday that it will open a research centre at the Hong Kong Science Park next year.</p>
<p>The company will hire 120 engineers for the new centre, most of them graduates of local universities, and expects to invest HK$80 million over three years.</p>
<p>Its chief executive said the centre would focus on robotic arms for cold-chain logistics, an area where demand in the Greater Bay Area is growing quickly.</p>
<p>Harbourline Robotics was founded in 2019 and already employs 60 people in Hong Kong.</p>
</article></main>
<aside><h3>Related</h3><ul><li><a href="/a">Markets close higher</a></li><li><a href="/b">Weather warning lifted</a></li></ul></aside>
<footer>© Example News. All rights reserved. Terms of use. Privacy.</footer>
</body></html>`;

const shortItem = (guid: string, link: string): FeedEntry => ({
  guid,
  title: `Harbourline Robotics expands (${guid})`,
  link,
  description: 'Harbourline Robotics plans a new research centre.',
  date: '2025-06-03',
});

const feedsReport = async (harness: Harness) => textOf(await harness.say(harness.chat('9', { admin: true }), '/feeds'));

describe('the full article behind a feed item', () => {
  it('reads the linked page of an item with a one-line summary: the alert goes out and the bot answers from the page body', async () => {
    feeds = await startFeedServer();
    feeds.set('/news.rss', { kind: 'rss', entries: [] });
    feeds.set('/2025/06/harbourline.html', { kind: 'raw', body: articlePage, contentType: 'text/html; charset=utf-8' });
    h = await startHarness({ feeds: [feeds.url('/news.rss')], config: { FEED_FULL_PAGE_BELOW: 400 } });
    await h.say(h.chat('8001'), '/subscribe keyword engineers');
    await h.alerts.poller.pollAll();
    feeds.set('/news.rss', { kind: 'rss', entries: [shortItem('p1', feeds.url('/2025/06/harbourline.html'))] });
    await h.alerts.poller.pollAll();

    // The keyword is only in the page, not in the feed: the alert matched the article, and shows the feed's summary.
    const [alert] = await h.tg.waitForMessages(8001, 1);
    expect(alert!.text).toContain('Harbourline Robotics expands (p1)');
    expect(alert!.text).toContain('Harbourline Robotics plans a new research centre.');
    expect(feeds.requests('/2025/06/harbourline.html')).toHaveLength(1);

    await waitUntil(() => h!.env.core.search('Harbourline cold-chain').hits.length > 0, 'the article in the index');
    const reply = await h.say(h.chat('8002'), 'How many engineers will Harbourline Robotics hire?');
    expect(reply.kind).toBe('answer');
    const answer = reply.kind === 'answer' ? reply.answer : undefined;
    expect(answer?.answered).toBe(true);
    expect(answer?.text).toContain('120 engineers');
    expect(answer?.citations[0]?.quote).toContain('hire 120 engineers');
    // The article was read from the page by Readability; the page's furniture was left out.
    const dir = join(h.env.knowledgeDir, 'sources');
    const written = readdirSync(dir).map((n) => readFileSync(join(dir, n), 'utf8')).filter((t) => t.includes('Harbourline'));
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('already employs 60 people in Hong Kong');
    for (const furniture of ['Accept all cookies', 'Markets close higher', 'All rights reserved', 'Sign in']) expect(written[0]).not.toContain(furniture);
    expect(await feedsReport(h)).not.toContain('not read');
  });

  it('a page that hangs: the alert still goes out with the summary within the deadline, and /feeds shows the failure', async () => {
    feeds = await startFeedServer();
    feeds.set('/news.rss', { kind: 'rss', entries: [] });
    feeds.set('/slow-page', { kind: 'hang' });
    h = await startHarness({
      feeds: [feeds.url('/news.rss')],
      config: { FEED_FULL_PAGE_BELOW: 400, FEED_PAGE_DEADLINE_SECONDS: 1 },
      poller: { fetch: { timeoutMs: 20_000, maxBytes: 2 * 1024 * 1024 } },
    });
    await h.say(h.chat('8101'), '/subscribe all');
    await h.alerts.poller.pollAll();
    feeds.set('/news.rss', { kind: 'rss', entries: [shortItem('p2', feeds.url('/slow-page'))] });
    const started = Date.now();
    await h.alerts.poller.pollAll();
    // The poll waited for the page's deadline (1 s), not for the fetch timeout (20 s), before recording the alert.
    expect(Date.now() - started).toBeLessThan(6000);
    const [alert] = await h.tg.waitForMessages(8101, 1);
    expect(alert!.text).toContain('Harbourline Robotics plans a new research centre.');
    expect(feeds.requests('/slow-page')).toHaveLength(1);
    const report = await feedsReport(h);
    expect(report).toMatch(/news\.rss: OK/);
    expect(report).toContain('full page of "Harbourline Robotics expands (p2)"');
    expect(report).toMatch(/not read: no page within the 1000 ms deadline; its summary was used/);
    await sleep(200);
    expect(h.tg.messages(8101)).toHaveLength(1);
  });

  it('a page link redirecting to a private address is not followed, a binary is not read; the summary is used and /feeds says why', async () => {
    feeds = await startFeedServer();
    feeds.set('/news.rss', { kind: 'rss', entries: [] });
    feeds.set('/to-metadata', { kind: 'redirect', to: 'http://169.254.169.254/latest/meta-data/' });
    h = await startHarness({ feeds: [feeds.url('/news.rss')], config: { FEED_FULL_PAGE_BELOW: 400 } });
    await h.say(h.chat('8201'), '/subscribe all');
    await h.alerts.poller.pollAll();
    feeds.set('/news.rss', { kind: 'rss', entries: [shortItem('p3', feeds.url('/to-metadata'))] });
    await h.alerts.poller.pollAll();
    const [alert] = await h.tg.waitForMessages(8201, 1);
    expect(alert!.text).toContain('Harbourline Robotics plans a new research centre.');
    expect(await feedsReport(h)).toMatch(/not read: refused: 169\.254\.169\.254 is a link-local address.*; its summary was used/);

    // A link to something that is not a web page (a binary) is not read as an article either.
    feeds.set('/file.bin', { kind: 'raw', body: '\u0000\u0001ELF binary', contentType: 'application/octet-stream' });
    feeds.set('/news.rss', { kind: 'rss', entries: [shortItem('p4', feeds.url('/file.bin')), shortItem('p3', feeds.url('/to-metadata'))] });
    await h.alerts.poller.pollAll();
    const alerts = await h.tg.waitForMessages(8201, 2);
    expect(alerts[1]!.text).toContain('Harbourline Robotics expands (p4)');
    expect(await feedsReport(h)).toMatch(/full page of "Harbourline Robotics expands \(p4\)".* not read: not a web page \(application\/octet-stream\); its summary was used/);
  });
});
