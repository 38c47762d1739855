import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTelegramStandIn, type TelegramStandIn } from './support/telegram-stand-in.js';
import { startDiscordStandIn, snowflake, type DiscordStandIn } from './support/discord-stand-in.js';
import { messageCreate, person } from './adapters/discord/payloads.js';

const children: ChildProcess[] = [];
const standIns: Array<{ stop(): Promise<void> }> = [];

/** `npm start` as a user runs it: the compiled entry point in its own process, configured by the environment. */
function start(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null>; dataDir: string } {
  let output = '';
  const dataDir = mkdtempSync(join(tmpdir(), 'main-data-'));
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/bundle/main.js'], {
    env: { ...process.env, DATA_DIR: dataDir, FEEDS: '', ADMIN_IDS: '', METRICS_PORT: '', LOG_FORMAT: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited, dataDir };
}

/** The port the operations endpoint chose (METRICS_PORT=0), read from its JSON log line. */
async function metricsPort(output: () => string): Promise<number> {
  return vi.waitFor(() => {
    const line = output().split('\n').find((l) => l.includes('"component":"metrics"') && l.includes('"msg":"listening"'));
    const url = line ? (JSON.parse(line) as { url: string }).url : undefined;
    if (!url) throw new Error('the metrics endpoint has not started yet');
    return Number(new URL(url).port);
  }, { timeout: 15_000, interval: 50 });
}

/** A counter or gauge of a Prometheus scrape (0 when absent). */
function sample(scrape: string, name: string, labels = ''): number {
  const line = scrape.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
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

  it('with METRICS_PORT serves /metrics whose counters move, and /healthz turns 503 while the database takes no writes', async () => {
    const api: TelegramStandIn = await startTelegramStandIn();
    standIns.push(api);
    const admin = 601;
    const bot = start({ TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, DISCORD_TOKEN: '', METRICS_PORT: '0', ADMIN_IDS: `telegram:${admin}` });
    const port = await metricsPort(bot.output);
    await api.waitFor((c) => c.method === 'getUpdates', 15_000);
    const get = (path: string) => fetch(`http://127.0.0.1:${port}${path}`);

    const healthy = await get('/healthz');
    expect(healthy.status).toBe(200);
    const report = (await healthy.json()) as { status: string; checks: Record<string, { ok: boolean }> };
    expect(report.status).toBe('ok');
    expect(report.checks).toMatchObject({ knowledge: { ok: true }, database: { ok: true }, telegram: { ok: true, mode: 'polling' }, feeds: { ok: true } });

    // Two questions (one answered, one declined), a reply that meets a 429, a subscription and one alert.
    api.sendText('What did CATL announce?', { chatId: admin, userId: admin });
    api.sendText('What is the tallest mountain in Peru?', { chatId: admin, userId: admin });
    await api.waitForMessages(admin, 2, 15_000);
    api.failNext('sendMessage', { status: 429, retry_after: 1, description: 'Too Many Requests: retry after 1' });
    api.sendText('/subscribe CATL', { chatId: admin, userId: admin });
    await api.waitForMessages(admin, 3, 15_000);
    api.sendText('/announce CATL opens a battery lab | CATL will open a battery research lab in Hong Kong.', { chatId: admin, userId: admin });
    const messages = await api.waitForMessages(admin, 5, 15_000);
    expect(messages.some((m) => m.text.includes('CATL opens a battery lab') && m.text.includes('follows'))).toBe(true);

    const scrape = await vi.waitFor(async () => {
      const text = await (await get('/metrics')).text();
      expect(sample(text, 'hkbot_alerts_total', 'outcome="sent",platform="telegram"')).toBe(1);
      expect(sample(text, 'hkbot_alerts_queued_total')).toBe(1);
      // Counted once each reply is sent, a moment after the stand-in received it.
      expect(sample(text, 'hkbot_answer_duration_seconds_count', 'platform="telegram"')).toBe(4);
      return text;
    }, { timeout: 10_000, interval: 100 });
    expect(sample(scrape, 'hkbot_questions_total', 'platform="telegram",outcome="answered"')).toBe(1);
    expect(sample(scrape, 'hkbot_questions_total', 'platform="telegram",outcome="declined"')).toBe(1);
    expect(sample(scrape, 'hkbot_rate_limited_total', 'platform="telegram",source="reply"')).toBe(1);
    expect(sample(scrape, 'hkbot_outbox_pending')).toBe(0);
    expect(sample(scrape, 'hkbot_platform_connected', 'platform="telegram"')).toBe(1);
    expect(scrape).toContain('# TYPE hkbot_answer_duration_seconds histogram');

    // Another process holds the write lock (a stuck ingest, a backup): the bot cannot record anything.
    const other = new Database(join(bot.dataDir, 'alerts.sqlite'));
    other.exec('BEGIN EXCLUSIVE');
    try {
      const failing = await get('/healthz');
      expect(failing.status).toBe(503);
      const body = (await failing.json()) as { status: string; checks: { database: { ok: boolean; error: string } } };
      expect(body.status).toBe('failing');
      expect(body.checks.database).toEqual({ ok: false, error: 'database is locked' });
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await get('/healthz')).status).toBe(200);
    expect(bot.output()).not.toContain(api.token);
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
  }, 60_000);
});
