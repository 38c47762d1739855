// One process, one Telegram token, two senders (the bot's replies and the alert dispatcher): one budget between them.
// At the Bot API never more than 30 messages in any second, and a question asked while alerts pour out is answered first.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';
import { killMains, startMain } from '../support/main-process.js';
import { startTelegramStandIn, type TelegramStandIn } from '../support/telegram-stand-in.js';

const standIns: TelegramStandIn[] = [];
afterEach(async () => {
  killMains();
  for (const s of standIns.splice(0)) await s.stop();
});

const maxInAnySecond = (times: number[]) => times.reduce((max, t, i) => Math.max(max, times.slice(i).filter((u) => u < t + 1000).length), 0);

describe('one budget per token in one process', () => {
  it('replies and alerts together never exceed 30 messages in any second, and replies go first', async () => {
    const SUBSCRIBERS = 150;
    const QUESTIONS = 25;
    const dataDir = mkdtempSync(join(tmpdir(), 'budget-'));
    const store = openSqliteStore(dataDir);
    for (let i = 0; i < SUBSCRIBERS; i++) await store.addSubscription({ platform: 'telegram', id: String(10_000 + i), type: 'private' }, { kind: 'all', value: '', label: 'everything' });
    await store.close();

    const api = await startTelegramStandIn();
    standIns.push(api);
    const admin = 999;
    const bot = startMain({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, DATA_DIR: dataDir, ADMIN_IDS: `telegram:${admin}` });
    await api.waitFor((c) => c.method === 'getUpdates', 20_000);
    api.sendText('/announce CATL opens a battery lab | CATL will open a battery research lab in Hong Kong.', { chatId: admin, userId: admin });
    await api.waitForMessages(10_000, 1, 15_000);
    // Alerts are pouring out: now people ask questions, one a chat, a few a second.
    const asked: Array<{ chat: number; update: number }> = [];
    for (let i = 0; i < QUESTIONS; i++) {
      const chat = 20_000 + i;
      asked.push({ chat, update: api.sendText('What did CATL announce?', { chatId: chat, userId: chat }).updateId });
      await new Promise((r) => setTimeout(r, 120));
    }
    for (const { chat } of asked) await api.waitForMessages(chat, 1, 20_000);
    const alerted = () => api.messages().filter((m) => m.chatId >= 10_000 && m.chatId < 10_000 + SUBSCRIBERS);
    await new Promise<void>((resolve, reject) => {
      const end = Date.now() + 30_000;
      const timer = setInterval(() => {
        if (alerted().length >= SUBSCRIBERS) resolve(void clearInterval(timer));
        else if (Date.now() > end) reject(new Error(`only ${alerted().length} alerts sent`));
      }, 100);
    });

    const sent = api.messages();
    expect(asked.every(({ chat }) => api.messages(chat).length === 1 && api.messages(chat)[0]!.text.includes('hire 500 staff'))).toBe(true);
    expect(alerted().every((m) => m.text.includes('CATL opens a battery lab'))).toBe(true);
    expect(new Set(alerted().map((m) => m.chatId)).size).toBe(SUBSCRIBERS);
    // One budget: never more than 30 messages in any second, replies and alerts together.
    expect(maxInAnySecond(sent.map((m) => m.at).sort((a, b) => a - b))).toBeLessThanOrEqual(30);
    // Replies first: the alerts took seconds to go out (the budget spaces them), and each question asked meanwhile was
    // answered in a fraction of that, before the last alert, instead of queueing behind them.
    const firstAlert = Math.min(...alerted().map((m) => m.at));
    const lastAlert = Math.max(...alerted().map((m) => m.at));
    expect(lastAlert - firstAlert).toBeGreaterThan(4000);
    const latencies = asked.map(({ chat, update }) => api.messages(chat)[0]!.at - api.deliveredAt(update)!).sort((a, b) => a - b);
    expect(latencies[Math.floor(latencies.length / 2)]).toBeLessThan(500);
    expect(latencies.at(-1)).toBeLessThan(2500);
    for (const { chat } of asked) expect(api.messages(chat)[0]!.at).toBeLessThan(lastAlert);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 90_000);
});
