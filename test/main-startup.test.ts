// `npm start` when the Bot API's extras fail: the bot answers first, the command menu follows in the background.
import { afterEach, describe, expect, it } from 'vitest';
import { killMains, startMain } from './support/main-process.js';
import { startTelegramStandIn, type TelegramStandIn } from './support/telegram-stand-in.js';

const standIns: TelegramStandIn[] = [];
afterEach(async () => {
  killMains();
  for (const s of standIns.splice(0)) await s.stop();
});

describe('npm start with setMyCommands answering 500', () => {
  it('answers /start within 3 s of its first Bot API call, and logs that the menu is retried in the background', async () => {
    const api = await startTelegramStandIn({ inject: (method) => (method === 'setMyCommands' ? { status: 500 } : undefined) });
    standIns.push(api);
    const bot = startMain({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, LOG_FORMAT: 'json', LOG_LEVEL: 'debug' });
    const getMe = await api.waitFor((c) => c.method === 'getMe', 20_000);
    // The user wrote /start while the bot was starting.
    api.sendText('/start', { chatId: 81 });
    const [hello] = await api.waitForMessages(81, 1, 10_000);
    expect(hello!.text).toMatch(/^Hello!/);
    expect(hello!.at - getMe.at).toBeLessThan(3000);
    await api.waitFor((c) => c.method === 'setMyCommands' && c.status === 500, 5000);
    expect(bot.output()).toMatch(/"msg":"setMyCommands failed; retrying"/);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 40_000);
});
