// The storage contract: one suite, run against every engine (SQLite in npm test, PostgreSQL in test:services).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnnouncementInput, ChatRef } from '../../src/alerts/types.js';
import type { AlertsStore } from '../../src/storage/types.js';

export interface StoreFixture {
  store: AlertsStore;
  cleanup(): Promise<void>;
}

const chat = (id: string, type: ChatRef['type'] = 'private', platform: ChatRef['platform'] = 'telegram'): ChatRef => ({ platform, id, type });
const announcement = (over: Partial<AnnouncementInput> = {}): AnnouncementInput => ({
  title: 'Cyberport opens a Web3 hub',
  text: 'Cyberport said its new hub will host 50 semiconductor start-ups.',
  origin: 'test',
  entities: [{ id: 'cyberport', name: 'Cyberport' }],
  sectors: ['web3'],
  ...over,
});

export function storeContract(engine: string, open: () => Promise<StoreFixture>): void {
  describe(`storage contract: ${engine}`, () => {
    let f: StoreFixture;
    let store: AlertsStore;
    beforeEach(async () => {
      f = await open();
      store = f.store;
    });
    afterEach(async () => f.cleanup());

    it('adds, finds, limits, lists and removes subscriptions per chat', async () => {
      const c = chat('100');
      expect((await store.addSubscription(c, { kind: 'entity', value: 'cyberport', label: 'Cyberport' }, { by: 'telegram:1', now: 1 })).status).toBe('added');
      expect((await store.addSubscription(c, { kind: 'entity', value: 'cyberport', label: 'Cyberport' })).status).toBe('exists');
      for (let i = 0; i < 49; i++) await store.addSubscription(c, { kind: 'keyword', value: `word${i}`, label: `word${i}` });
      expect(await store.addSubscription(c, { kind: 'all', value: '', label: 'all' })).toEqual({ status: 'limit', max: 50 });
      const list = await store.listSubscriptions(c);
      expect(list).toHaveLength(50);
      expect(list[0]).toMatchObject({ chat: 'telegram:100', platform: 'telegram', chatId: '100', chatType: 'private', kind: 'entity', value: 'cyberport', label: 'Cyberport', active: true, createdAt: 1 });
      expect(list.map((s) => s.id)).toEqual([...list.map((s) => s.id)].sort((a, b) => a - b));
      expect((await store.removeSubscriptions(c, { kind: 'keyword', value: 'word3' })).map((s) => s.value)).toEqual(['word3']);
      expect(await store.removeSubscriptions(c, { kind: 'keyword', value: 'word3' })).toEqual([]);
      expect(await store.removeSubscriptions(c)).toHaveLength(49);
      expect(await store.listSubscriptions(c, { all: true })).toEqual([]);
      expect(await store.listSubscriptions(chat('100', 'private', 'discord'))).toEqual([]);
    });

    it('records an announcement with one pending delivery per matching chat, its most specific subscription', async () => {
      await store.addSubscription(chat('1'), { kind: 'all', value: '', label: 'all' });
      await store.addSubscription(chat('1'), { kind: 'entity', value: 'cyberport', label: 'Cyberport' });
      await store.addSubscription(chat('2'), { kind: 'keyword', value: 'semiconductor', label: 'semiconductor' });
      await store.addSubscription(chat('3'), { kind: 'keyword', value: 'battery', label: 'battery' });
      await store.addSubscription(chat('4', 'group'), { kind: 'sector', value: 'web3', label: 'web3' });
      await store.addSubscription(chat('5'), { kind: 'entity', value: 'catl', label: 'CATL' });
      const result = await store.recordAnnouncement(announcement({ guid: 'g1', link: 'https://news.test/1', publisher: 'HKET', date: '2025-06-01' }), { now: 1000 });
      expect(result).toMatchObject({ recorded: true, deliveries: 3 });
      if (!result.recorded) throw new Error('not recorded');
      const a = result.announcement;
      expect(a).toMatchObject({ title: 'Cyberport opens a Web3 hub', guid: 'g1', link: 'https://news.test/1', publisher: 'HKET', date: '2025-06-01', baseline: false, createdAt: 1000, sectors: ['web3'] });
      expect(a.summary).toBe('Cyberport said its new hub will host 50 semiconductor start-ups.');
      expect(await store.getAnnouncement(a.id)).toEqual(a);
      expect(await store.getDelivery(a.id, 'telegram:1')).toMatchObject({ status: 'pending', matched: 'Cyberport', attempts: 0, nextAttemptAt: 1000 });
      expect((await store.getDelivery(a.id, 'telegram:2'))?.matched).toBe('keyword "semiconductor"');
      expect((await store.getDelivery(a.id, 'telegram:4'))?.matched).toBe('sector web3');
      expect(await store.getDelivery(a.id, 'telegram:3')).toBeUndefined();
      expect(await store.countDeliveries()).toEqual({ pending: 3, sending: 0, sent: 0, failed: 0, skipped: 0 });
      expect(await store.latestAnnouncementId()).toBe(a.id);
    });

    it('refuses the same article again by guid, link or content, and records a baseline without deliveries', async () => {
      await store.addSubscription(chat('1'), { kind: 'all', value: '', label: 'all' });
      const first = await store.recordAnnouncement(announcement({ guid: 'g', link: 'https://x.test/a' }));
      if (!first.recorded) throw new Error('not recorded');
      expect(await store.recordAnnouncement(announcement({ guid: 'g', title: 'Other', text: 'Other text' }))).toEqual({ recorded: false, duplicateOf: first.announcement.id, by: 'guid' });
      expect(await store.recordAnnouncement(announcement({ link: 'https://x.test/a', title: 'Other', text: 'Other text' }))).toEqual({ recorded: false, duplicateOf: first.announcement.id, by: 'link' });
      expect(await store.recordAnnouncement(announcement({ guid: 'h' }))).toEqual({ recorded: false, duplicateOf: first.announcement.id, by: 'content' });
      expect(await store.findDuplicate({ hash: 'nothing' })).toBeUndefined();
      const baseline = await store.recordAnnouncement(announcement({ title: 'Old item', text: 'Already in the feed.' }), { baseline: true });
      expect(baseline).toMatchObject({ recorded: true, deliveries: 0, announcement: { baseline: true } });
      expect((await store.countDeliveries()).pending).toBe(1);
    });

    it('finds the announcement recorded with a knowledge source (an interrupted ingest is finished by it)', async () => {
      const recorded = await store.recordAnnouncement(announcement({ sourceId: 'cyberport-web3-hub' }));
      if (!recorded.recorded) throw new Error('not recorded');
      expect(await store.announcementOfSource('cyberport-web3-hub')).toBe(recorded.announcement.id);
      expect(await store.announcementOfSource('no-such-source')).toBeUndefined();
    });

    it('finds announcements by words of their title, newest first', async () => {
      await store.recordAnnouncement(announcement({ title: 'CATL battery plant', text: 'one' }));
      await store.recordAnnouncement(announcement({ title: 'CATL battery lab 100% ready', text: 'two' }));
      await store.recordAnnouncement(announcement({ title: 'Cyberport week', text: 'three' }));
      expect((await store.findAnnouncements('catl battery', 5)).map((a) => a.title)).toEqual(['CATL battery lab 100% ready', 'CATL battery plant']);
      expect((await store.findAnnouncements('100%', 5)).map((a) => a.title)).toEqual(['CATL battery lab 100% ready']);
      expect((await store.findAnnouncements('', 2)).map((a) => a.title)).toEqual(['Cyberport week', 'CATL battery lab 100% ready']);
      expect(await store.findAnnouncements('nothing here')).toEqual([]);
    });

    it('switches a refusing chat off and skips what is pending for it', async () => {
      await store.addSubscription(chat('9'), { kind: 'all', value: '', label: 'all' });
      await store.addSubscription(chat('9'), { kind: 'entity', value: 'cyberport', label: 'Cyberport' });
      const r = await store.recordAnnouncement(announcement());
      expect(await store.deactivateChat('telegram:9', '403 blocked', 5)).toEqual({ subscriptions: 2, skipped: 1 });
      const list = await store.listSubscriptions(chat('9'), { all: true });
      expect(list.map((s) => [s.active, s.deactivatedReason])).toEqual([[false, '403 blocked'], [false, '403 blocked']]);
      expect(await store.listSubscriptions(chat('9'))).toEqual([]);
      if (r.recorded) expect(await store.getDelivery(r.announcement.id, 'telegram:9')).toMatchObject({ status: 'skipped', lastError: 'chat deactivated: 403 blocked' });
      expect((await store.addSubscription(chat('9', 'group'), { kind: 'all', value: '', label: 'all' }, { now: 7 })).status).toBe('reactivated');
      expect((await store.listSubscriptions(chat('9')))[0]).toMatchObject({ active: true, chatType: 'group', createdAt: 7 });
    });

    it('keeps each feed’s state: baseline, conditional GET, failures and health', async () => {
      const urls = ['https://a.test/feed', 'https://b.test/feed'];
      await store.ensureFeeds(urls);
      await store.ensureFeeds(urls);
      expect(await store.dueFeeds(urls, 0)).toEqual(urls);
      expect(await store.getFeed(urls[0]!)).toMatchObject({ url: urls[0], health: 'new', failures: 0, baselineDone: false, items: 0, nextPollAt: 0 });
      await store.feedFetched(urls[0]!, { etag: '"v1"', lastModified: 'Mon, 02 Jun 2025 10:00:00 GMT', newItems: 3 });
      await store.feedOk(urls[0]!, { now: 100, nextPollAt: 700 });
      await store.feedFailed(urls[1]!, { failures: 2, error: 'HTTP 500', now: 100, nextPollAt: 300 });
      expect(await store.getFeed(urls[0]!)).toEqual({ url: urls[0], health: 'ok', failures: 0, baselineDone: true, items: 3, nextPollAt: 700, etag: '"v1"', lastModified: 'Mon, 02 Jun 2025 10:00:00 GMT', lastCheckedAt: 100, lastOkAt: 100, skippedLastPoll: 0, skippedTotal: 0 });
      expect(await store.dueFeeds(urls, 400)).toEqual([urls[1]]);
      expect((await store.feedHealth(urls)).map((f) => [f.url, f.health, f.lastError])).toEqual([[urls[0], 'ok', undefined], [urls[1], 'failing', 'HTTP 500']]);
      expect(await store.getFeed('https://unknown.test')).toBeUndefined();
    });

    it('notes what the ceilings left out and a failed page read, and counts a feed’s items by time', async () => {
      const url = 'https://rotating.test/feed';
      await store.ensureFeeds([url]);
      await store.feedNoted(url, { now: 500, skipped: { count: 180, reason: 'over the ceiling of 20 items per feed per poll' }, pageError: 'full page of "X" not read: HTTP 404' });
      await store.feedNoted(url, { now: 600, skipped: { count: 20, reason: 'over the ceiling of 200 items per feed per day' } });
      expect(await store.getFeed(url)).toMatchObject({ skippedLastPoll: 20, skippedTotal: 200, skipReason: 'over the ceiling of 200 items per feed per day', skippedAt: 600, pageError: 'full page of "X" not read: HTTP 404', pageErrorAt: 500 });
      await store.feedNoted(url, { now: 700, skipped: { count: 0 }, pageError: null });
      const cleared = await store.getFeed(url);
      expect(cleared).toMatchObject({ skippedLastPoll: 0, skippedTotal: 200, skippedAt: 600 });
      expect(cleared?.pageError).toBeUndefined();

      await store.recordAnnouncement(announcement({ title: 'Old', text: 'An item of the first day.', origin: `feed:${url}` }), { now: 1_000 });
      await store.recordAnnouncement(announcement({ title: 'New', text: 'An item of the second day.', origin: `feed:${url}` }), { now: 90_000_000 });
      await store.recordAnnouncement(announcement({ title: 'Baseline', text: 'Listed before the feed was watched.', origin: `feed:${url}` }), { now: 90_000_001, baseline: true });
      await store.recordAnnouncement(announcement({ title: 'Elsewhere', text: 'An item of another feed.', origin: 'feed:https://other.test/feed' }), { now: 90_000_002 });
      expect(await store.feedItemsSince(url, 90_000_000 - 24 * 3600_000)).toBe(1);
      expect(await store.feedItemsSince(url, 0)).toBe(2);
    });

    it('answers a Telegram update once, however many times it arrives at once', async () => {
      const claims = await Promise.all(Array.from({ length: 20 }, () => store.claimUpdate(4242, 10)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.claimUpdate(4243, 20)).toBe(true);
      expect(await store.pruneUpdates(15)).toBe(1);
      expect(await store.claimUpdate(4243, 30)).toBe(false);
    });

    it('keeps answers for rating, one vote per voter and answer, and exports the votes without voters', async () => {
      const answer = { question: 'What did CATL announce?', answered: true, factIds: ['catl-rd-centre', 'passage-3'], platform: 'telegram' as const };
      expect(await store.keepAnswer('answer-1', answer, 1000)).toBe(true);
      expect(await store.keepAnswer('answer-1', { ...answer, question: 'other' }, 1000)).toBe(false);
      expect(await store.keepAnswer('answer-2', { question: 'Mars?', answered: false, factIds: [], platform: 'discord' }, 1000)).toBe(true);
      expect(await store.castVote({ answerId: 'nope', voterHash: 'h1', vote: 'up', now: 2000 })).toEqual({ status: 'unknown' });
      expect(await store.castVote({ answerId: 'answer-1', voterHash: 'h1', vote: 'up', now: 2000 })).toEqual({ status: 'added', vote: 'up' });
      expect(await store.castVote({ answerId: 'answer-1', voterHash: 'h1', vote: 'up', now: 2001 })).toEqual({ status: 'unchanged', vote: 'up' });
      expect(await store.castVote({ answerId: 'answer-1', voterHash: 'h1', vote: 'down', note: 'wrong firm', now: 3000 })).toEqual({ status: 'changed', vote: 'down' });
      expect(await store.castVote({ answerId: 'answer-1', voterHash: 'h1', vote: 'down', now: 3001 })).toEqual({ status: 'unchanged', vote: 'down' });
      expect(await store.feedbackRecords()).toEqual([{ question: 'What did CATL announce?', answered: true, factIds: ['catl-rd-centre', 'passage-3'], vote: 'down', platform: 'telegram', at: new Date(3000).toISOString(), note: 'wrong firm' }]);
      expect(await store.feedbackCounts()).toEqual({ answers: 2, up: 0, down: 1 });
      expect(await store.pruneUnrated(5000)).toBe(1);
      expect(await store.feedbackCounts()).toEqual({ answers: 1, up: 0, down: 1 });
      const salt = await store.feedbackSalt();
      expect(salt.length).toBe(32);
      expect((await store.feedbackSalt()).equals(salt)).toBe(true);
    });

    it('keeps a chat’s follow-up memory for every instance until it is stale', async () => {
      await store.saveChatState('telegram:5', { recentEntities: ['catl', 'cyberport'] }, 1000);
      expect(await store.loadChatState('telegram:5', 500)).toEqual({ recentEntities: ['catl', 'cyberport'] });
      expect(await store.loadChatState('telegram:5', 1001)).toBeUndefined();
      await store.saveChatState('telegram:5', { recentEntities: ['hkstp'] }, 2000);
      expect(await store.loadChatState('telegram:5', 1500)).toEqual({ recentEntities: ['hkstp'] });
      expect(await store.loadChatState('telegram:6', 0)).toBeUndefined();
    });
  });
}
