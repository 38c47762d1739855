// The bot token never appears in anything the bot prints, even when the Bot API echoes the request URL in its errors.
import { afterEach, describe, expect, it } from 'vitest';
import { killMains, startMain } from '../support/main-process.js';
import { startTelegramStandIn, type Failure, type Params, type TelegramStandIn } from '../support/telegram-stand-in.js';

const TOKEN = '987654321:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0';
const SECRET_PART = TOKEN.split(':')[1]!;
const standIns: TelegramStandIn[] = [];

afterEach(async () => {
  killMains();
  for (const s of standIns.splice(0)) await s.stop();
});

/** A stand-in whose errors for `failing` methods (n-th call, parameters → status) echo the request URL, as some proxies do. */
async function echoingStandIn(failing: Record<string, (n: number, params: Params) => number | undefined>): Promise<TelegramStandIn> {
  let root = '';
  const api = await startTelegramStandIn({
    token: TOKEN,
    inject: (method, n, params): Failure | undefined => {
      const status = failing[method]?.(n, params);
      if (status === undefined) return undefined;
      const url = `${root}/bot${TOKEN}/${method}`;
      return { status, description: `Request to ${url} failed (${encodeURI(url).replace(':', '%3A')}; token ${SECRET_PART})` };
    },
  });
  root = api.apiRoot;
  standIns.push(api);
  return api;
}

function expectNoToken(output: string): void {
  expect(output).not.toContain(SECRET_PART);
  expect(output).not.toContain(encodeURIComponent(TOKEN));
  expect(output.length).toBeGreaterThan(0);
}

describe('the bot token in errors', () => {
  it('is redacted on the fatal path: getMe refused with the URL in the error text', async () => {
    const api = await echoingStandIn({ getMe: () => 401 });
    for (const format of ['json', 'pretty']) {
      const bot = startMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, LOG_FORMAT: format, LOG_LEVEL: 'debug' });
      expect(await bot.exited).not.toBe(0);
      expect(bot.output()).toMatch(/getMe/);
      expect(bot.output()).toContain('[redacted]');
      expectNoToken(bot.output());
    }
  }, 40_000);

  it('is redacted when start-up calls, long polling, replies and the menu fail with the URL in the error text', async () => {
    const api = await echoingStandIn({
      deleteWebhook: (n) => (n === 1 ? 500 : undefined),
      setMyCommands: () => 500,
      getUpdates: (n) => (n === 2 ? 502 : undefined),
      sendChatAction: () => 400,
      sendMessage: (n) => (n === 1 ? 400 : undefined),
    });
    const bot = startMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, LOG_FORMAT: 'json', LOG_LEVEL: 'debug' });
    await api.waitFor((c) => c.method === 'getUpdates' && c.status === 200, 20_000);
    api.sendText('/start', { chatId: 71 });
    // The first reply is refused (echoing the URL) and logged; the bot answers on.
    await api.waitFor((c) => c.method === 'sendMessage' && c.status === 400, 15_000);
    api.sendText('/help', { chatId: 71 });
    const [help] = await api.waitForMessages(71, 1, 15_000);
    expect(help!.text).toContain('/org');
    await api.waitFor((c) => c.method === 'setMyCommands' && c.status === 500, 10_000);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(bot.output()).toMatch(/setMyCommands|sendMessage|sendChatAction/);
    expectNoToken(bot.output());
  }, 60_000);

  it('is kept out of a failed alert\'s error, which /why shows in the chat', async () => {
    const subscriber = 72;
    const admin = 73;
    const api = await echoingStandIn({ sendMessage: (_n, params) => (Number(params.chat_id) === subscriber && String(params.text).includes('Stop:') ? 400 : undefined) });
    const bot = startMain({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api.apiRoot, ADMIN_IDS: `telegram:${admin}`, LOG_FORMAT: 'json' });
    await api.waitFor((c) => c.method === 'getUpdates', 20_000);
    api.sendText('/subscribe CATL', { chatId: subscriber });
    await api.waitForMessages(subscriber, 1, 15_000);
    api.sendText('/announce CATL opens a battery lab | CATL will open a battery research lab.', { chatId: admin, userId: admin });
    await api.waitFor((c) => c.method === 'sendMessage' && c.status === 400, 15_000);
    api.sendText('/why 1', { chatId: subscriber });
    const [, why] = await api.waitForMessages(subscriber, 2, 15_000);
    expect(why!.text).toMatch(/could not be delivered: .*400 Request to .*\[redacted\]/);
    expectNoToken(why!.text);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expectNoToken(bot.output());
  }, 60_000);
});
