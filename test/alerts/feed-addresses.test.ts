// Feeds reach the open web only: http(s) schemes, public addresses after DNS, a few checked redirects (SSRF).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { startFeedServer, type FeedEntry, type FeedServer } from '../support/feed-server.js';
import { sleep } from './helpers/env.js';
import { startHarness, textOf, type Harness } from './helpers/harness.js';

const news = (n: number): FeedEntry => ({
  guid: `internal-${n}`,
  title: `Internal memo ${n} about Cyberport`,
  link: `https://intranet.test/memo-${n}`,
  description: `Secret internal memo number ${n}: Cyberport budget lines that must never leave the building.`,
});

let h: Harness | undefined;
const servers: FeedServer[] = [];
afterEach(async () => {
  await h?.stop();
  h = undefined;
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

const serve = async (host?: string) => {
  const server = await startFeedServer(host);
  servers.push(server);
  return server;
};

/** Lines of /feeds as an admin sees them. */
const feedsReport = async (harness: Harness) => textOf(await harness.say(harness.chat('9', { admin: true }), '/feeds'));

describe('feed URLs in the configuration', () => {
  it('refuses file:// and ftp:// feeds, naming FEEDS', () => {
    for (const url of ['file:///etc/passwd', 'ftp://files.example.org/feed.xml', 'gopher://old.example.org/1']) {
      expect(() => loadConfig({ FEEDS: `https://news.example.org/rss,${url}` }, { dotenv: false })).toThrow(ConfigError);
      expect(() => loadConfig({ FEEDS: url }, { dotenv: false })).toThrow(/FEEDS: each feed URL must start with http:\/\/ or https:\/\//);
    }
    expect(loadConfig({ FEEDS: 'https://news.example.org/rss, http://feeds.example.org/atom' }, { dotenv: false }).FEEDS).toHaveLength(2);
    expect(() => loadConfig({ FEEDS_ALLOW_ADDRESSES: 'localhost' }, { dotenv: false })).toThrow(/FEEDS_ALLOW_ADDRESSES: each must be an IP address or a CIDR range/);
  });

  it('stops start-up on FEEDS=file://… with a message naming the variable', () => {
    // As `npm start` runs it.
    const result = spawnSync(process.execPath, [join('dist', 'bundle', 'main.js')], {
      encoding: 'utf8',
      env: { ...process.env, FEEDS: 'file:///etc/passwd', TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '', DATABASE_URL: '' },
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('FEEDS: each feed URL must start with http:// or https://');
  });
});

describe('feeds on private addresses', () => {
  it('without FEEDS_ALLOW_ADDRESSES, a feed on 127.0.0.1, [::1] or localhost is refused before any request; feed health says why and nothing is announced', async () => {
    const local = await serve();
    local.set('/news.rss', { kind: 'rss', entries: [news(1)] });
    const port = new URL(local.origin).port;
    const urls = [local.url('/news.rss'), `http://[::1]:${port}/news.rss`, `http://localhost:${port}/news.rss`];
    h = await startHarness({ feeds: urls, config: { FEEDS_ALLOW_ADDRESSES: [] } });
    await h.say(h.chat('6001'), '/subscribe all');
    await h.alerts.poller.pollAll();
    local.set('/news.rss', { kind: 'rss', entries: [news(2), news(1)] });
    await h.alerts.poller.pollAll();

    const report = await feedsReport(h);
    expect(report).toContain('3 failing of 3');
    expect(report).toMatch(/127\.0\.0\.1:\d+\/news\.rss: failing .*refused: 127\.0\.0\.1 is a loopback address, not a public one \(FEEDS_ALLOW_ADDRESSES can allow it\)/);
    expect(report).toMatch(/\[::1\]:\d+\/news\.rss: failing .*refused: ::1 is a loopback address/);
    // A host name is checked after DNS resolution.
    expect(report).toMatch(/localhost:\d+\/news\.rss: failing .*refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
    expect(local.requests('/news.rss')).toHaveLength(0);
    expect(await h.alerts.store.findAnnouncements('', 50)).toEqual([]);
    await sleep(200);
    expect(h.tg.messages(6001)).toHaveLength(0);
  });

  it('a redirect is followed a few times at most, each hop checked: to 127.0.0.2, [::1], 10.x, 169.254.169.254, fd00::, ::ffff:10.0.0.1, 100.64.x or file:// it is refused', async () => {
    const feeds = await serve();
    // A second host on the loopback network with a real feed: without the check, a redirect would reach it.
    const inside = await serve('127.0.0.2');
    inside.set('/feed', { kind: 'rss', entries: [news(1)] });
    feeds.set('/good.rss', { kind: 'rss', entries: [] });
    const targets: Record<string, string> = {
      '/to-second-host': inside.url('/feed'),
      '/to-v6-loopback': `http://[::1]:${new URL(inside.origin).port}/feed`,
      '/to-private': 'http://10.0.0.7/feed',
      '/to-metadata': 'http://169.254.169.254/latest/meta-data/',
      '/to-unique-local': 'http://[fd00::1]/feed',
      '/to-mapped': 'http://[::ffff:10.0.0.1]/feed',
      '/to-cgnat': 'http://100.64.0.1/feed',
      '/to-file': 'file:///etc/passwd',
      '/moved': '/good.rss',
    };
    for (const [path, to] of Object.entries(targets)) feeds.set(path, { kind: 'redirect', to });
    for (const n of [1, 2, 3, 4]) feeds.set(`/hop${n}`, { kind: 'redirect', to: n === 4 ? '/good.rss' : `/hop${n + 1}`, status: 301 });
    const paths = [...Object.keys(targets), '/hop1', '/hop2'];
    h = await startHarness({ feeds: paths.map((p) => feeds.url(p)), config: { FEEDS_ALLOW_ADDRESSES: ['127.0.0.1'] }, poller: { retryBaseMs: 3_600_000 } });
    await h.say(h.chat('6101'), '/subscribe all');
    await h.alerts.poller.pollAll();
    feeds.set('/good.rss', { kind: 'rss', entries: [news(3)] });
    await h.alerts.poller.pollAll();

    const report = await feedsReport(h);
    const line = (path: string) => report.split('\n').find((l) => l.includes(`${feeds.origin}${path}:`)) ?? `(no line for ${path})`;
    expect(line('/to-second-host')).toMatch(/failing .*refused: 127\.0\.0\.2 is a loopback address, not a public one .*\(redirected to http:\/\/127\.0\.0\.2:/);
    expect(line('/to-v6-loopback')).toContain('refused: ::1 is a loopback address');
    expect(line('/to-private')).toContain('refused: 10.0.0.7 is a private-network address');
    expect(line('/to-metadata')).toContain('refused: 169.254.169.254 is a link-local address');
    expect(line('/to-unique-local')).toContain('refused: fd00::1 is a unique-local address');
    expect(line('/to-mapped')).toMatch(/refused: ::ffff:a00:1 is a private-network address/);
    expect(line('/to-cgnat')).toContain('refused: 100.64.0.1 is a carrier-grade NAT address');
    expect(line('/to-file')).toContain('refused: file: URLs are not fetched, only http and https');
    // Three redirects are followed (a moved feed keeps working); a fourth is refused.
    expect(line('/moved')).toMatch(/: OK/);
    expect(line('/hop2')).toMatch(/: OK/);
    expect(line('/hop1')).toContain('refused: more than 3 redirects');
    expect(inside.requests('/feed')).toHaveLength(0);

    // Only the public (here: allowed) feed's item is announced, once, whichever redirects led to it.
    const [alert] = await h.tg.waitForMessages(6101, 1);
    expect(alert!.text).toContain('Internal memo 3 about Cyberport');
    expect((await h.alerts.store.findAnnouncements('', 50)).map((a) => a.title)).toEqual(['Internal memo 3 about Cyberport']);
    await sleep(200);
    expect(h.tg.messages(6101)).toHaveLength(1);
  });
});
