// Feed polling end to end: feed server → poller → SQLite fan-out → dispatcher → Telegram stand-in.
import { afterEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedEntry, type FeedServer } from '../support/feed-server.js';
import { sleep, waitUntil } from './helpers/env.js';
import { startHarness, textOf, type Harness } from './helpers/harness.js';

const old: FeedEntry[] = [
  { guid: 'old-1', title: 'Cyberport hosts annual start-up showcase', link: 'https://news.test/old-1', description: '<p>Cyberport welcomed 300 start-ups to its yearly showcase.</p>' },
  { guid: 'old-2', title: 'CATL expands battery research', link: 'https://news.test/old-2', description: 'CATL said it will hire more battery researchers.' },
];
const cyberportNews: FeedEntry = {
  guid: 'new-1',
  title: 'Cyberport opens a Web3 hub for 50 start-ups',
  link: 'https://news.test/cyberport-web3',
  description: '<p>Cyberport said on Tuesday that its new <b>Web3 hub</b> will host 50 start-ups &amp; investors.</p><script>alert(1)</script>',
  date: '2025-06-03',
};

let h: Harness | undefined;
let feeds: FeedServer | undefined;
afterEach(async () => {
  await h?.stop();
  await feeds?.stop();
  h = undefined;
  feeds = undefined;
});

describe('feed alerts', () => {
  it('an organisation subscriber gets exactly one alert for a new item about it; a non-matching subscriber gets none', async () => {
    feeds = await startFeedServer();
    feeds.set('/news.rss', { kind: 'rss', entries: old });
    feeds.set('/news.atom', { kind: 'atom', entries: [] });
    h = await startHarness({ feeds: [feeds.url('/news.rss'), feeds.url('/news.atom')] });
    expect(textOf(await h.say(h.chat('1001'), '/subscribe 數碼港'))).toContain('Cyberport');
    expect(textOf(await h.say(h.chat('1002'), '/subscribe CATL'))).toContain('Subscribed');

    await h.alerts.poller.pollAll(); // first run: baseline
    feeds.set('/news.rss', { kind: 'rss', entries: [cyberportNews, ...old] });
    // The same article in a second feed, under another guid: deduplicated by its link.
    feeds.set('/news.atom', { kind: 'atom', entries: [{ ...cyberportNews, guid: 'urn:other:1' }] });
    await h.alerts.poller.pollAll();
    await h.alerts.poller.pollAll();

    const [alert] = await h.tg.waitForMessages(1001, 1);
    expect(alert!.text).toContain('Cyberport opens a Web3 hub for 50 start-ups');
    expect(alert!.text).toContain('will host 50 start-ups & investors');
    expect(alert!.text).not.toContain('alert(1)');
    expect(alert!.text).toContain('About: Cyberport');
    expect(alert!.links).toContain('https://news.test/cyberport-web3');
    expect(alert!.text).toContain('follows Cyberport');
    expect(alert!.text).toContain('/unsubscribe org cyberport');
    await sleep(400);
    expect(h.tg.messages(1001)).toHaveLength(1);
    expect(h.tg.messages(1002)).toHaveLength(0);
    // The second poll of an unchanged feed was a conditional GET answered 304.
    expect(feeds.requests('/news.rss').at(-1)).toMatchObject({ status: 304, ifNoneMatch: expect.any(String) });
    expect(textOf(await h.say(h.chat('1002'), '/why web3 hub'))).toContain('None of this chat');
    expect(textOf(await h.say(h.chat('1001'), '/why web3 hub'))).toMatch(/Sent here on .*Cyberport/s);
  });

  it('a keyword subscription matches the word (and its plural) in new items only', async () => {
    feeds = await startFeedServer();
    feeds.set('/k.rss', { kind: 'rss', entries: [] });
    h = await startHarness({ feeds: [feeds.url('/k.rss')], pollSeconds: 1 });
    expect(textOf(await h.say(h.chat('2001'), '/subscribe keyword Semiconductor'))).toContain('keyword "semiconductor"');
    await waitUntil(() => h!.alerts.poller.health()[0]?.baselineDone, 'baseline of an empty feed');
    feeds.set('/k.rss', {
      kind: 'rss',
      entries: [
        { guid: 'k1', title: 'New semiconductors pilot line in Yuen Long', link: 'https://news.test/k1', description: 'A pilot line for third-generation chips opens.' },
        { guid: 'k2', title: 'Fintech week draws record crowd', link: 'https://news.test/k2', description: 'Payments and banking start-ups met investors.' },
      ],
    });
    // Polled on its own schedule (every second here), no manual poll.
    const [alert] = await h.tg.waitForMessages(2001, 1, 5000);
    expect(alert!.text).toContain('New semiconductors pilot line in Yuen Long');
    expect(alert!.text).toContain('keyword "semiconductor"');
    await sleep(300);
    expect(h.tg.messages(2001).map((m) => m.text.split('\n')[0])).toEqual(['🔔 New semiconductors pilot line in Yuen Long']);
  });

  it('a newly added feed records its existing items without alerting (first-run baseline)', async () => {
    feeds = await startFeedServer();
    feeds.set('/b.rss', { kind: 'rss', entries: old });
    h = await startHarness({ feeds: [feeds.url('/b.rss')] });
    await h.say(h.chat('3001'), '/subscribe all');
    await h.alerts.poller.pollAll();
    await sleep(300);
    expect(h.tg.messages(3001)).toHaveLength(0);
    expect(textOf(await h.say(h.chat('3001'), '/why showcase'))).toContain('first-run baseline');
    feeds.set('/b.rss', { kind: 'rss', entries: [cyberportNews, ...old] });
    await h.alerts.poller.pollAll();
    const messages = await h.tg.waitForMessages(3001, 1);
    expect(messages[0]!.text).toContain('all announcements');
    await sleep(300);
    expect(h.tg.messages(3001)).toHaveLength(1);
  });

  it('broken feeds (bad XML, 500, timeout, 20 MB) are reported to admins and the others keep working', async () => {
    feeds = await startFeedServer();
    feeds.set('/bad.xml', { kind: 'raw', body: '<rss><channel><item><title>oops' });
    feeds.set('/down', { kind: 'raw', status: 500, body: 'boom' });
    feeds.set('/slow', { kind: 'hang' });
    feeds.set('/huge', { kind: 'huge', bytes: 20 * 1024 * 1024 });
    feeds.set('/good.atom', { kind: 'atom', entries: [] });
    const urls = ['/bad.xml', '/down', '/slow', '/huge', '/good.atom'].map((p) => feeds!.url(p));
    // Failing feeds are retried only when the test polls (no retry falls due during the test), so the report shows
    // exactly the outcome of the second poll; the timeout is long enough for a loaded machine to stream 2 MB.
    h = await startHarness({ feeds: urls, poller: { fetch: { timeoutMs: 2000, maxBytes: 2 * 1024 * 1024 }, retryBaseMs: 3_600_000 } });
    await h.say(h.chat('4001'), '/subscribe Cyberport');
    await h.alerts.poller.pollAll();
    feeds.set('/good.atom', { kind: 'atom', entries: [cyberportNews] });
    await h.alerts.poller.pollAll();
    await h.tg.waitForMessages(4001, 1);

    const report = textOf(await h.say(h.chat('9', { admin: true }), '/feeds'));
    expect(report).toContain('4 failing of 5');
    expect(report).toMatch(/bad\.xml: failing \(\d+× in a row\): not a valid RSS or Atom feed/);
    expect(report).toMatch(/down: failing \(\d+× in a row\): HTTP 500/);
    expect(report).toMatch(/slow: failing \(\d+× in a row\): timed out after 2000 ms/);
    expect(report).toMatch(/huge: failing \(\d+× in a row\): too large \(over 2097152 bytes\)/);
    expect(report).toMatch(/good\.atom: OK/);
    expect(h.env.logger.lines.some((l) => l.includes('feed failed') && l.includes('/down'))).toBe(true);
  });

  it('refuses /feeds and /announce to people who are not bot administrators', async () => {
    h = await startHarness();
    const feedsReply = await h.say(h.chat('5001'), '/feeds');
    expect(feedsReply).toMatchObject({ kind: 'notice', tone: 'denied' });
    expect(textOf(feedsReply)).toContain('only for the bot');
    await h.say(h.chat('5002'), '/subscribe all');
    const announceReply = await h.say(h.chat('5001'), '/announce Fake news | nothing');
    expect(textOf(announceReply)).toContain('only for the bot');
    await sleep(300);
    expect(h.tg.messages(5002)).toHaveLength(0);
    const ok = await h.say(h.chat('5003', { admin: true }), '/announce Cyberport demo day | Ten teams pitch at Cyberport. | https://news.test/demo');
    expect(textOf(ok)).toMatch(/Announcement #\d+ recorded[\s\S]*queued for 1 chat/);
    const [alert] = await h.tg.waitForMessages(5002, 1);
    expect(alert!.text).toContain('Cyberport demo day');
  });
});
