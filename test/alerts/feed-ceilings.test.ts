// A feed cannot flood the bot: ceilings on new items per poll and per day, and what they leave out is shown, not lost.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFeedServer, type FeedEntry, type FeedServer } from '../support/feed-server.js';
import { sleep } from './helpers/env.js';
import { startHarness, textOf, type Harness } from './helpers/harness.js';

let h: Harness | undefined;
let feeds: FeedServer | undefined;
afterEach(async () => {
  await h?.stop();
  await feeds?.stop();
  h = undefined;
  feeds = undefined;
});

const sourceFiles = (harness: Harness) => readdirSync(join(harness.env.knowledgeDir, 'sources')).filter((n) => n.endsWith('.md'));
const feedsReport = async (harness: Harness) => textOf(await harness.say(harness.chat('9', { admin: true }), '/feeds'));

const item = (n: number): FeedEntry => ({
  guid: `burst-${n}`,
  title: `Science Park start-up number ${n} opens a lab`,
  link: `https://news.test/burst-${n}`,
  description: `Start-up number ${n} opened a new laboratory at the Science Park this week.`,
});

describe('feed ceilings', () => {
  it('a feed rotating 10,000 item ids every poll adds at most 20 items a poll and FEED_MAX_ITEMS_PER_DAY a day; /feeds shows what was left out', async () => {
    feeds = await startFeedServer();
    feeds.set('/rotating.rss', { kind: 'rotating', count: 10_000 });
    h = await startHarness({
      feeds: [feeds.url('/rotating.rss')],
      config: { FEED_MAX_ITEMS_PER_DAY: 30 },
      poller: { fetch: { timeoutMs: 5000, maxBytes: 8 * 1024 * 1024 } },
      limits: false,
    });
    await h.say(h.chat('7001'), '/subscribe all');
    const before = sourceFiles(h).length;
    await h.alerts.poller.pollAll(); // baseline: the first 200 items of the document, no alerts, no files
    expect(sourceFiles(h)).toHaveLength(before);

    await h.alerts.poller.pollAll();
    expect(sourceFiles(h).length - before).toBe(20);
    let report = await feedsReport(h);
    expect(report).toContain('rotating.rss: OK');
    expect(report).toContain('180 new items left out in the last poll (over the ceiling of 20 items per feed per poll (FEED_MAX_ITEMS_PER_POLL)); tried again next poll; 180 left out in all');

    await h.alerts.poller.pollAll();
    expect(sourceFiles(h).length - before).toBe(30);
    await h.alerts.poller.pollAll();
    expect(sourceFiles(h).length - before).toBe(30);
    report = await feedsReport(h);
    expect(report).toContain('200 new items left out in the last poll (over the ceiling of 30 items per feed per day (FEED_MAX_ITEMS_PER_DAY))');
    expect(report).toContain('570 left out in all');

    // Exactly the 30 items let in were alerted, once each.
    await h.tg.waitForMessages(7001, 30, 10_000);
    await sleep(300);
    expect(h.tg.messages(7001)).toHaveLength(30);
    expect(h.env.logger.lines.some((l) => l.includes('feed items left out'))).toBe(true);
  });

  it('a burst over the per-poll ceiling is not lost: the rest come in the next poll, and the note clears', async () => {
    feeds = await startFeedServer();
    feeds.set('/burst.rss', { kind: 'rss', entries: [] });
    h = await startHarness({ feeds: [feeds.url('/burst.rss')], config: { FEED_MAX_ITEMS_PER_POLL: 3 }, limits: false });
    await h.say(h.chat('7101'), '/subscribe all');
    await h.alerts.poller.pollAll();
    // Newest first, as feeds list them: the newest three come first.
    feeds.set('/burst.rss', { kind: 'rss', entries: [5, 4, 3, 2, 1].map(item) });
    await h.alerts.poller.pollAll();
    await h.tg.waitForMessages(7101, 3);
    expect(await feedsReport(h)).toContain('2 new items left out in the last poll (over the ceiling of 3 items per feed per poll (FEED_MAX_ITEMS_PER_POLL)); tried again next poll');

    // The feed is unchanged (same ETag), but the left-out items are fetched and added in the next poll.
    await h.alerts.poller.pollAll();
    const alerts = await h.tg.waitForMessages(7101, 5);
    expect(alerts.map((m) => /number (\d)/.exec(m.text)?.[1]).sort()).toEqual(['1', '2', '3', '4', '5']);
    const report = await feedsReport(h);
    expect(report).not.toContain('left out in the last poll');
    expect(report).toMatch(/burst\.rss: OK, .*, 5 items/);
    expect(report).toContain('2 new items left out by the ceilings in all');
    await sleep(300);
    expect(h.tg.messages(7101)).toHaveLength(5);
  });
});
