import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTelegramStandIn, type TelegramStandIn } from './support/telegram-stand-in.js';
import { startDiscordStandIn, snowflake, type DiscordStandIn } from './support/discord-stand-in.js';
import { messageCreate, person } from './adapters/discord/payloads.js';

const children: ChildProcess[] = [];
const standIns: Array<{ stop(): Promise<void> }> = [];

/** `npm start` as a user runs it: the real entry point in its own process, configured by the environment. */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let output = '';
  const child = spawn(join('node_modules', '.bin', 'tsx'), ['src/main.ts'], {
    env: { ...process.env, DATA_DIR: mkdtempSync(join(tmpdir(), 'main-data-')), FEEDS: '', ADMIN_IDS: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const s of standIns.splice(0)) await s.stop();
});

describe('npm start', () => {
  it('with a Telegram token answers /start, /help and a question through the Bot API, then stops cleanly', async () => {
    const api: TelegramStandIn = await startTelegramStandIn();
    standIns.push(api);
    const bot = start({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, DISCORD_TOKEN: '' });
    await api.waitFor((c) => c.method === 'getUpdates', 15_000);
    api.sendText('/start', { chatId: 501 });
    api.sendText('/help', { chatId: 501 });
    api.sendText('How much will J2 Semiconductor invest?', { chatId: 501 });
    const messages = await api.waitForMessages(501, 3, 15_000);
    expect(messages[0]!.text).toMatch(/Hello/);
    expect(messages[1]!.text).toContain('/org');
    expect(messages[2]!.text).toContain('HK$6.9 billion');
    expect(bot.output()).not.toContain(api.token);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 40_000);

  it('with Discord credentials answers a DM question through the gateway, without pinging anyone', async () => {
    const discord: DiscordStandIn = await startDiscordStandIn({ guilds: [{ id: snowflake(), channels: [{ id: snowflake(), name: 'general' }] }] });
    standIns.push(discord);
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.main-test.discord-token-secret';
    const bot = start({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_API_ROOT: discord.apiRoot, TELEGRAM_BOT_TOKEN: '' });
    await discord.waitForCall({ method: 'GET', path: /\/gateway\/bot$/ }, { timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 1500));
    const channelId = snowflake();
    discord.dispatch('MESSAGE_CREATE', messageCreate({ channelId, user: person('carol') }, 'What did CATL announce? @everyone'));
    const reply = await discord.waitForCall({ method: 'POST', path: `/channels/${channelId}/messages` }, { timeoutMs: 15_000 });
    const body = reply.body as { embeds: Array<{ description?: string }>; allowed_mentions: { parse: unknown[] } };
    expect(body.embeds.map((e) => e.description).join(' ')).toContain('500');
    expect(body.allowed_mentions.parse).toEqual([]);
    expect(bot.output()).not.toContain(token);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 40_000);
});
