// A production install: the repository with its build, `npm ci --omit=dev`, then `npm start` answers on Telegram.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTelegramStandIn } from '../support/telegram-stand-in.js';

const root = mkdtempSync(join(tmpdir(), 'omit-dev-'));
const app = join(root, 'app');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group has already gone
    }
  }
  rmSync(root, { recursive: true, force: true });
});

/** What a deployment gets: the repository's files (as a clone has them) and the dist/ built beforehand. */
function copyRelease(): void {
  const files = spawnSync('git', ['ls-files', '-z'], { encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  expect(files).toContain('package-lock.json');
  for (const file of files) {
    if (!existsSync(file)) continue;
    mkdirSync(dirname(join(app, file)), { recursive: true });
    cpSync(file, join(app, file));
  }
  cpSync('dist', join(app, 'dist'), { recursive: true });
}

function npm(args: string[], env: Record<string, string> = {}) {
  return spawnSync('npm', args, { cwd: app, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 540_000 });
}

describe('npm ci --omit=dev, then npm start', () => {
  it('installs without the dev dependencies and answers /start on Telegram', async () => {
    copyRelease();
    const install = npm(['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund']);
    expect(install.status, install.stderr).toBe(0);
    // (@types/node stays: discord.js needs it through @discordjs/ws → @types/ws.)
    for (const dev of ['typescript', 'tsx', 'vitest', 'fast-check', '@types/better-sqlite3', '@types/html-to-text']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    for (const runtime of ['grammy', 'pino', 'prom-client', 'better-sqlite3']) expect(existsSync(join(app, 'node_modules', runtime)), runtime).toBe(true);

    const api = await startTelegramStandIn();
    try {
      let output = '';
      const bot = spawn('npm', ['start'], {
        cwd: app,
        env: { ...process.env, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, DISCORD_TOKEN: '', DATA_DIR: join(root, 'data'), FEEDS: '', METRICS_PORT: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, as a terminal gives it: Ctrl-C (and systemd's stop) signal the whole group.
        detached: true,
      });
      children.push(bot);
      bot.stdout!.on('data', (d: Buffer) => (output += d.toString()));
      bot.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      // 'close': every holder of its output is gone, the bot npm started included.
      const exited = new Promise<void>((resolve) => bot.on('close', () => resolve()));
      await api.waitFor((c) => c.method === 'getUpdates', 30_000);
      api.sendText('/start', { chatId: 901 });
      const [hello] = await api.waitForMessages(901, 1, 30_000);
      expect(hello!.text).toMatch(/^Hello!/);
      expect(output).toContain('"msg":"long polling"');
      expect(output).not.toContain(api.token);
      // Stopped as a terminal's Ctrl-C or systemd does it: the signal goes to every process of the group. (npm alone
      // would not pass a SIGTERM on to the bot: under a supervisor that signals one process, run node directly.)
      process.kill(-bot.pid!, 'SIGTERM');
      await exited;
      expect(output).toContain('"msg":"shutting down"');
      expect(output).toMatch(/"component":"telegram".*"msg":"stopped"/);
    } finally {
      await api.stop();
    }
  });

  it('without a build and without TypeScript, the install still succeeds and npm start says what to do', () => {
    rmSync(join(app, 'dist'), { recursive: true, force: true });
    const prepare = npm(['run', 'prepare']);
    expect(prepare.status).toBe(0);
    expect(prepare.stderr).toContain('dist/ is missing and TypeScript is not installed');
    const start = npm(['start'], { TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '' });
    expect(start.status).not.toBe(0);
    expect(start.stderr).toContain('Build first with the dev dependencies: npm ci && npm run build');
  });
});
