// Delivery without loss: restarts and kill -9 mid fan-out, 429 bursts, 5xx retries, 403 deactivation, Discord.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { createDiscordAlertSender } from '../../src/adapters/discord/alert-sender.js';
import { openDatabase } from '../../src/alerts/db.js';
import { recordAnnouncement } from '../../src/alerts/announcements.js';
import { addSubscription } from '../../src/alerts/subscriptions.js';
import { startDiscordStandIn, type DiscordStandIn } from '../support/discord-stand-in.js';
import { createTestEnv, sleep, waitUntil } from './helpers/env.js';
import { startHarness, textOf, type Harness } from './helpers/harness.js';
import { startTelegramStandIn } from '../support/telegram-stand-in.js';

let h: Harness | undefined;
let discord: DiscordStandIn | undefined;
afterEach(async () => {
  await h?.stop();
  await discord?.stop();
  h = undefined;
  discord = undefined;
});

const chats = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
const perChat = (h: Harness, ids: number[]) => ids.map((id) => h.tg.messages(id).length);

describe('delivery', () => {
  it('a restart in the middle of a fan-out delivers every pending alert exactly once', async () => {
    h = await startHarness({ dispatcher: { maxInFlight: 3 } });
    const ids = chats(6001, 24);
    for (const id of ids) await h.say(h.chat(String(id)), '/subscribe Cyberport');
    h.tg.delayNext('sendMessage', 60, 100);
    await h.say(h.chat('1', { admin: true }), '/announce Cyberport launches a metaverse lab | Cyberport opened a lab.');
    await waitUntil(() => h!.tg.messages().length >= 8, '8 alerts before the restart');
    await h.restart();
    await waitUntil(() => h!.tg.messages().length >= ids.length, 'all alerts after the restart', 8000);
    await sleep(300);
    expect(perChat(h, ids)).toEqual(ids.map(() => 1));
    expect(h.tg.messages(6001)[0]!.text).toContain('Cyberport launches a metaverse lab');
  });

  it('after a kill -9 mid fan-out, a restart delivers every alert; repeats are at most the messages in flight', async () => {
    const env = createTestEnv();
    const tg = await startTelegramStandIn();
    try {
      const db = openDatabase(env.dataDir);
      const ids = chats(8001, 40);
      for (const id of ids) addSubscription(db, { platform: 'telegram', id: String(id), type: 'private' }, { kind: 'all', value: '', label: 'all' });
      recordAnnouncement(db, { title: 'Crash test announcement', text: 'Nothing is lost.', origin: 'test', entities: [], sectors: [] });
      db.close();
      tg.delayNext('sendMessage', 30, 1000);
      const run = () =>
        spawn(process.execPath, ['--import', 'tsx', 'test/alerts/helpers/dispatch-child.ts'], {
          env: { ...process.env, DATA_DIR: env.dataDir, TELEGRAM_BOT_TOKEN: tg.token, TELEGRAM_API_ROOT: tg.apiRoot, NO_LIMITS: '1', MAX_IN_FLIGHT: '4' },
          stdio: ['ignore', 'pipe', 'inherit'],
        });
      const first = run();
      await waitUntil(() => tg.messages().length >= 12, 'the first child to send 12', 10_000);
      first.kill('SIGKILL');
      await new Promise((r) => first.once('exit', r));
      const second = run();
      let out = '';
      second.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      await waitUntil(() => ids.every((id) => tg.messages(id).length >= 1), 'every chat to get its alert', 10_000);
      second.kill('SIGTERM');
      await new Promise((r) => second.once('exit', r));
      const resumed = JSON.parse(/started (\{.*\})/.exec(out)![1]!).resumedInFlight as number;
      const repeats = tg.messages().length - ids.length;
      expect(resumed).toBeLessThanOrEqual(4);
      expect(repeats).toBeLessThanOrEqual(resumed);
      expect(ids.filter((id) => tg.messages(id).length === 0)).toEqual([]);
    } finally {
      await tg.stop();
      env.cleanup();
    }
  });

  it('a 429 burst delays alerts (retry_after honoured) but loses none', async () => {
    h = await startHarness();
    const ids = chats(7101, 6);
    for (const id of ids) await h.say(h.chat(String(id)), '/subscribe all');
    h.tg.failNext('sendMessage', { status: 429, retry_after: 1, times: 2 });
    const started = Date.now();
    await h.say(h.chat('1', { admin: true }), '/announce Burst test | Several chats at once.');
    await waitUntil(() => ids.every((id) => h!.tg.messages(id).length === 1), 'every chat once', 10_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    await sleep(200);
    expect(perChat(h, ids)).toEqual(ids.map(() => 1));
    expect(h.tg.callsTo('sendMessage').filter((c) => c.status === 429).length).toBe(2);
    expect(h.alerts.dispatcher.stats().rateLimited).toBeGreaterThanOrEqual(1);
  });

  it('5xx and network errors are retried with backoff until the alert arrives', async () => {
    h = await startHarness();
    await h.say(h.chat('7201'), '/subscribe all');
    h.tg.failNext('sendMessage', { status: 502 });
    h.tg.failNext('sendMessage', { network: true });
    await h.say(h.chat('1', { admin: true }), '/announce Retry test | Flaky network.');
    const [alert] = await h.tg.waitForMessages(7201, 1, 5000);
    expect(alert!.text).toContain('Retry test');
    expect(h.tg.callsTo('sendMessage').map((c) => c.status)).toEqual([502, 0, 200]);
  });

  it('a 403 (bot blocked) switches the chat\'s subscriptions off, logs it and explains it', async () => {
    h = await startHarness();
    await h.say(h.chat('7301'), '/subscribe Cyberport');
    await h.say(h.chat('7301'), '/subscribe keyword metaverse');
    h.tg.failNext('sendMessage', { status: 403, description: 'Forbidden: bot was blocked by the user' });
    await h.say(h.chat('1', { admin: true }), '/announce Cyberport metaverse week | Events all week.');
    await waitUntil(() => h!.env.logger.lines.find((l) => l.includes('refused the bot') && l.includes('telegram:7301')), 'the deactivation log');
    const list = textOf(await h.say(h.chat('7301'), '/subscriptions'));
    expect(list).toContain('Alerts in this chat (0 of 50)');
    expect(list).toContain('Switched off: Cyberport, because 403 Forbidden: bot was blocked by the user');
    expect(textOf(await h.say(h.chat('7301'), '/why metaverse week'))).toContain('could not be delivered: 403 Forbidden: bot was blocked by the user');
    await h.say(h.chat('1', { admin: true }), '/announce Cyberport second event | Another one.');
    await sleep(400);
    expect(h.tg.messages(7301)).toHaveLength(0);
    expect(textOf(await h.say(h.chat('7301'), '/why second event'))).toContain('switched off');
  });

  it('delivers to Discord channels as an embed that pings no one; a 429 waits, a 403 deactivates', async () => {
    discord = await startDiscordStandIn();
    const sender = createDiscordAlertSender({ token: 'discord-test-token', apiRoot: discord.apiRoot });
    h = await startHarness({ senders: { discord: sender } });
    const channel = (id: string) => h!.chat(id, { platform: 'discord', type: 'group' });
    await h.say(channel('111'), '/subscribe Cyberport');
    await h.say(channel('222'), '/subscribe Cyberport');
    discord.fail({ method: 'POST', path: '/channels/111/messages' }, { status: 429, retryAfter: 0.3 });
    discord.fail({ method: 'POST', path: '/channels/222/messages' }, { status: 403, body: { message: 'Missing Access', code: 50001 } });
    await h.say(h.chat('1', { admin: true }), '/announce Cyberport @everyone day | Join us. | https://news.test/everyone');
    const call = await discord.waitForCall((c) => c.path === '/channels/111/messages' && c.status === 200, { timeoutMs: 5000 });
    const body = call.body as { embeds: Array<{ title: string; footer?: { text: string } }>; allowed_mentions: { parse: string[] } };
    expect(body.embeds[0]!.title).toContain('Cyberport @everyone day');
    expect(body.embeds[0]!.footer?.text).toContain('/unsubscribe org cyberport');
    expect(body.allowed_mentions.parse).toEqual([]);
    await waitUntil(() => h!.env.logger.lines.find((l) => l.includes('refused the bot') && l.includes('discord:222')), 'the Discord deactivation');
    expect(textOf(await h.say(channel('222'), '/subscriptions'))).toContain('Switched off');
    expect(discord.callsTo({ method: 'POST', path: '/channels/111/messages' }).filter((c) => c.status === 200)).toHaveLength(1);
  });
});
