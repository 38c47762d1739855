// Telegram's failures and limits: 429 and 5xx retried, network drops, a failing menu, flood control, clean shutdown.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLog } from '../../support/logs.js';
import { startTelegramBot } from '../../../src/adapters/telegram/index.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { freshUser, startHarness, TEST_TUNING, testApp, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ tuning: { flood: { limit: 5, windowMs: 60_000 } } });
});
afterAll(async () => {
  await h.stop();
});

const sendsTo = (chatId: number) => h.standIn.callsTo('sendMessage').filter((c) => c.params.chat_id === chatId);

describe('telegram: retries', () => {
  it('waits out a 429 with retry_after 0 and still delivers the answer', async () => {
    const userId = freshUser();
    h.standIn.failNext('sendMessage', { status: 429, retry_after: 0 });
    h.standIn.sendText('What did CATL announce?', { userId });
    const [m] = await h.standIn.waitForMessages(userId, 1);
    expect(m!.text).toContain('500');
    expect(sendsTo(userId).map((c) => c.status)).toEqual([429, 200]);
  });

  it('retries a 500 and then succeeds', async () => {
    const userId = freshUser();
    h.standIn.failNext('sendMessage', { status: 500 });
    h.standIn.sendText('/org HKSTP', { userId });
    const [m] = await h.standIn.waitForMessages(userId, 1);
    expect(m!.text).toMatch(/^Hong Kong Science and Technology Parks/);
    expect(sendsTo(userId).map((c) => c.status)).toEqual([500, 200]);
  });

  it('retries a dropped connection', async () => {
    const userId = freshUser();
    h.standIn.failNext('sendMessage', { network: true });
    h.standIn.sendText('/org 數碼港', { userId });
    const [m] = await h.standIn.waitForMessages(userId, 1);
    expect(m!.text).toMatch(/^Cyberport/);
    expect(sendsTo(userId).map((c) => c.status)).toEqual([0, 200]);
  });

  it('gives up after a bounded number of 5xx, logs it without the token, and keeps serving', async () => {
    const userId = freshUser();
    h.standIn.failNext('sendMessage', { status: 502, times: 4 });
    h.standIn.sendText('/org CATL', { userId });
    await h.standIn.waitFor((c) => c.method === 'sendMessage' && c.params.chat_id === userId && c.status === 502 && sendsTo(userId).length === 4);
    h.standIn.sendText('/org HKSTP', { userId });
    const [m] = await h.standIn.waitForMessages(userId, 1);
    expect(m!.text).toMatch(/^Hong Kong Science and Technology Parks/);
    expect(findLog(h.logs, 'error', 'handler failed')).toMatchObject({ error: { layer: 'api', method: 'sendMessage', code: 502 } });
    expect(h.logs.join('\n')).not.toContain(h.standIn.token);
  });
});

describe('telegram: flood protection and throttle', () => {
  it('answers 5 questions a minute, then asks politely to wait, once', async () => {
    const userId = freshUser();
    for (let i = 0; i < 7; i++) h.standIn.sendText('/org CATL', { userId });
    const messages = await h.standIn.waitForMessages(userId, 6, 4000);
    await new Promise((r) => setTimeout(r, 250));
    expect(h.standIn.messages(userId)).toHaveLength(6);
    expect(messages.slice(0, 5).every((m) => m.text.startsWith('CATL (company)'))).toBe(true);
    expect(messages[5]!.text).toMatch(/asking faster than I can read\. Please wait about \d+ seconds/);
    // The per-chat throttle spaces messages to one chat.
    for (let i = 1; i < messages.length; i++) expect(messages[i]!.at - messages[i - 1]!.at).toBeGreaterThanOrEqual(90);
  });
});

describe('telegram: start-up and shutdown', () => {
  it('answers while setMyCommands fails, retries the menu a few times in the background, then gives up with a log line', async () => {
    const other = await startHarness({ beforeStart: (s) => s.failNext('setMyCommands', { status: 500, times: 10 }) });
    try {
      other.standIn.sendText('/start', { userId: 7 });
      const [m] = await other.standIn.waitForMessages(7, 1);
      expect(m!.text).toMatch(/^Hello!/);
      expect(await other.telegram.menu).toBe('gave-up');
      expect(other.standIn.callsTo('setMyCommands')).toHaveLength(3);
      expect(findLog(other.logs, 'warn', 'setMyCommands failed; the bot runs without a command menu')).toMatchObject({ component: 'telegram', attempts: 3 });
    } finally {
      await other.stop();
    }
  });

  it('registers the menu on a later attempt when setMyCommands fails only at first', async () => {
    const other = await startHarness({ beforeStart: (s) => s.failNext('setMyCommands', { status: 502, times: 1 }) });
    try {
      expect(await other.telegram.menu).toBe('registered');
      expect(other.standIn.callsTo('setMyCommands').map((c) => c.status)).toEqual([502, 200]);
    } finally {
      await other.stop();
    }
  });

  it('fails start-up quickly, after bounded retries, when the Bot API server is unreachable', async () => {
    const port = await freePort();
    const config = loadConfig({ TELEGRAM_BOT_TOKEN: h.standIn.token, TELEGRAM_API_ROOT: `http://127.0.0.1:${port}` }, { dotenv: false });
    const started = Date.now();
    await expect(startTelegramBot({ app: testApp(), config, logger: createLogger({ level: 'error', write: () => undefined }), tuning: TEST_TUNING })).rejects.toThrow(/Network request for 'getMe' failed/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops polling, finishes the answer in flight, then resolves', async () => {
    const other = await startHarness();
    other.standIn.delayNext('sendMessage', 300);
    other.standIn.sendText('What did CATL announce?', { userId: 8 });
    await other.standIn.waitFor((c) => c.method === 'sendChatAction');
    await other.telegram.stop();
    // The answer was delivered before stop() resolved.
    expect(other.standIn.messages(8)).toHaveLength(1);
    expect(other.standIn.messages(8)[0]!.text).toContain('500');
    const polls = other.standIn.callsTo('getUpdates').length;
    await new Promise((r) => setTimeout(r, 150));
    expect(other.standIn.callsTo('getUpdates')).toHaveLength(polls);
    await expect(other.telegram.stop()).resolves.toBeUndefined();
    await other.standIn.stop();
  });

  it('runs behind a webhook with a secret token when TELEGRAM_WEBHOOK_URL is set', async () => {
    const port = await freePort();
    const other = await startHarness({
      env: { TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram/hook`, TELEGRAM_WEBHOOK_PORT: String(port) },
      tuning: { webhookHost: '127.0.0.1' },
    });
    try {
      const [setWebhook] = other.standIn.callsTo('setWebhook');
      const secret = String(setWebhook?.params.secret_token);
      expect(other.standIn.callsTo('getUpdates')).toHaveLength(0);
      const update = (id: number, text: string) =>
        JSON.stringify({ update_id: id, message: { message_id: id, date: 0, chat: { id: 9, type: 'private', first_name: 'W' }, from: { id: 9, is_bot: false, first_name: 'W' }, text } });
      const url = `http://127.0.0.1:${port}/telegram/hook`;
      const forged = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: update(1, '/start') });
      expect(forged.status).toBe(401);
      const real = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret }, body: update(2, '/org HKSTP') });
      expect(real.status).toBe(200);
      const [m] = await other.standIn.waitForMessages(9, 1);
      expect(m!.text).toMatch(/^Hong Kong Science and Technology Parks/);
    } finally {
      await other.stop();
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
