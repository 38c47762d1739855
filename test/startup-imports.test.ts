// A start pays only for what it runs: the console paths never load a chat platform's library, feeds or metrics.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** The packages a compiled entry point (the bundles npm start and npm run ask run) loads (ESM and CommonJS alike), run as a user runs it. */
function packagesLoaded(args: string[], env: Record<string, string> = {}, input = ''): { status: number | null; packages: Set<string> } {
  const root = mkdtempSync(join(tmpdir(), 'trace-'));
  const file = join(root, 'packages.txt');
  const run = spawnSync(process.execPath, ['--import', './test/support/trace/register.mjs', ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, TRACE_FILE: file, DATA_DIR: join(root, 'data'), TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '', FEEDS: '', METRICS_PORT: '', ...env },
    timeout: 20_000,
  });
  const packages = new Set(existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : []);
  rmSync(root, { recursive: true, force: true });
  return { status: run.status, packages };
}

const PLATFORMS = ['grammy', '@grammyjs/runner', '@grammyjs/auto-retry', '@grammyjs/transformer-throttler', 'discord.js', '@discordjs/rest', '@discordjs/ws'];

describe('what a start loads', () => {
  it('npm run ask loads the core and its parsers only: no platform, database, feeds, logging or metrics library', () => {
    const { status, packages } = packagesLoaded(['dist/bundle/ask.js', 'What did CATL announce?']);
    expect(status).toBe(0);
    // The core's own packages (zod, minisearch, stemmer) are inside the bundle.
    for (const name of [...PLATFORMS, 'better-sqlite3', 'pg', 'pg-boss', 'feedsmith', 'html-to-text', 'pino', 'prom-client']) expect(packages.has(name), name).toBe(false);
  });

  it('the console bot loads its database and logger, but no platform library, feeds parser or metrics', () => {
    const { status, packages } = packagesLoaded(['dist/bundle/main.js'], {}, '/quit\n');
    expect(status).toBe(0);
    expect(packages.has('better-sqlite3')).toBe(true);
    expect(packages.has('pino')).toBe(true);
    for (const name of [...PLATFORMS, 'feedsmith', 'html-to-text', 'prom-client']) expect(packages.has(name), name).toBe(false);
  });

  it('METRICS_PORT brings in prom-client, and only then', () => {
    const { status, packages } = packagesLoaded(['dist/bundle/main.js'], { METRICS_PORT: '0' }, '/quit\n');
    expect(status).toBe(0);
    expect(packages.has('prom-client')).toBe(true);
    for (const name of PLATFORMS) expect(packages.has(name), name).toBe(false);
  });
});
