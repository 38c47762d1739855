// Hostile text and broken files: a feed item with noncharacters, bad source files on disk, binaries and huge articles.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatchText } from '../../commands/index.js';
import { createApp } from '../../src/app.js';
import { loadKnowledge } from '../../src/core/index.js';
import { startFeedServer, type FeedServer } from '../support/feed-server.js';
import { startTelegramStandIn } from '../support/telegram-stand-in.js';
import { waitUntil } from './helpers/env.js';
import { startHarness, textOf, type Harness } from './helpers/harness.js';

let h: Harness | undefined;
let feeds: FeedServer | undefined;
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  await h?.stop();
  await feeds?.stop();
  h = undefined;
  feeds = undefined;
  for (const c of cleanups.splice(0)) await c();
});

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { env: { ...process.env, TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '', FEEDS: '', ADMIN_IDS: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close', not 'exit': the output may still be in the pipes when the process has exited.
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const rss = (title: string, description: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Hostile</title><link>http://127.0.0.1/</link><description>x</description>` +
  `<item><title>${title}</title><link>https://news.test/hostile-1</link><guid>hostile-1</guid><description>${description}</description><pubDate>Tue, 03 Jun 2025 08:00:00 GMT</pubDate></item></channel></rss>`;

describe('a hostile feed item', () => {
  it('with U+FFFE, U+FFFF and control characters in its title: alerted cleanly, and the knowledge base still loads', async () => {
    feeds = await startFeedServer();
    feeds.set('/h.rss', { kind: 'raw', body: rss('', '') });
    h = await startHarness({ feeds: [feeds.url('/h.rss')] });
    await h.say(h.chat('7001'), '/subscribe Cyberport');
    await h.alerts.poller.pollAll(); // baseline
    feeds.set('/h.rss', {
      kind: 'raw',
      body: rss('Cyberport\uFFFE opens a drone\u0007 lab\uFFFF', 'Cyberport said on Tuesday\uFFFE that its new drone lab\u0001 will host 25 start-ups from next month.'),
    });
    await h.alerts.poller.pollAll();
    const [alert] = await h.tg.waitForMessages(7001, 1);
    expect(alert!.text).toContain('Cyberport opens a drone lab');
    expect(alert!.text).toContain('will host 25 start-ups');
    expect(alert!.text).not.toMatch(/[\uFFFE\uFFFF\uFFFD\u0001\u0007]/);

    const written = readdirSync(join(h.env.knowledgeDir, 'sources')).filter((n) => n.startsWith('cyberport-opens-drone-lab'));
    expect(written).toEqual(['cyberport-opens-drone-lab.md']);
    expect(readFileSync(join(h.env.knowledgeDir, 'sources', written[0]!), 'utf8')).not.toMatch(/[\uFFFE\uFFFF\uFFFD\u0001\u0007]/);
    // The running bot took it in and keeps answering.
    await waitUntil(() => h!.env.core.knowledge.sources.some((s) => s.id === 'cyberport-opens-drone-lab'), 'the item in the running core');
    expect(h.env.core.ask('How many start-ups will the Cyberport drone lab host?').text).toContain('25 start-ups');
    // What a restart does (npm start loads the folder; knowledge:check validates it): both accept it.
    const app = createApp({ knowledgeDir: h.env.knowledgeDir });
    expect(app.core.knowledge.skipped ?? []).toEqual([]);
    expect(app.core.knowledge.sources.map((s) => s.title)).toContain('Cyberport opens a drone lab');
    const check = await run('dist/src/core/knowledge/check.js', [h.env.knowledgeDir], {});
    expect(check.stdout).toContain('knowledge: OK');
    expect(check.code).toBe(0);
  });
});

describe('a bad source file on disk', () => {
  function knowledgeWithBadSources(): string {
    const root = mkdtempSync(join(tmpdir(), 'bad-sources-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, 'knowledge');
    cpSync('knowledge', dir, { recursive: true });
    writeFileSync(join(dir, 'sources', 'broken-front-matter.md'), '---\nid: broken-front-matter\ntitle: "unclosed\ndate: 2025-01-01\n---\nCyberport said something.\n');
    writeFileSync(join(dir, 'sources', 'no-date.md'), '---\nid: no-date\ntitle: An article without a date\norigin: x.txt\n---\nCyberport said it will hire 10 people.\n');
    return dir;
  }

  it('is left out: the bot loads without it, and knowledge:check names the file and the reason', async () => {
    const dir = knowledgeWithBadSources();
    const kb = loadKnowledge(dir);
    expect(kb.sources.map((s) => s.id)).not.toContain('no-date');
    expect(kb.skipped?.map((s) => s.file.replace(/\\/g, '/'))).toEqual([expect.stringMatching(/sources\/broken-front-matter\.md$/), expect.stringMatching(/sources\/no-date\.md$/)]);
    expect(kb.skipped?.[1]?.reason).toContain('field "date"');
    const check = await run('dist/src/core/knowledge/check.js', [dir], {});
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('2 source files are left out');
    expect(check.stderr).toMatch(/broken-front-matter\.md: .*invalid YAML/);
    expect(check.stderr).toMatch(/no-date\.md: .*field "date"/);
  });

  it('npm start answers anyway, logs the file, and admins see it in /feeds and /healthz', async () => {
    const dir = knowledgeWithBadSources();
    const api = await startTelegramStandIn();
    cleanups.push(() => api.stop());
    const dataDir = mkdtempSync(join(tmpdir(), 'bad-sources-data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let output = '';
    const child = spawn(process.execPath, ['dist/src/main.js'], {
      env: { ...process.env, KNOWLEDGE_DIR: dir, DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, DISCORD_TOKEN: '', FEEDS: '', METRICS_PORT: '0', LOG_FORMAT: 'json', ADMIN_IDS: 'telegram:601' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    cleanups.push(() => child.exitCode === null && child.kill('SIGKILL'));
    await api.waitFor((c) => c.method === 'getUpdates', 15_000);
    api.sendText('What did CATL announce?', { userId: 601 });
    api.sendText('/feeds', { userId: 601 });
    const [answer, feedsReply] = await api.waitForMessages(601, 2, 15_000);
    expect(answer!.text).toMatch(/CATL/);
    expect(feedsReply!.text).toMatch(/no-date\.md left out: .*date/);
    const logged = output.split('\n').find((l) => l.includes('source file left out of the knowledge base') && l.includes('broken-front-matter.md'));
    expect(logged).toMatch(/invalid YAML/);
    // The operator's health check lists them too, and the bot stays healthy: it answers without them.
    const listening = output.split('\n').find((l) => l.includes('"msg":"listening"'));
    const health = (await (await fetch(`${(JSON.parse(listening!) as { url: string }).url}/healthz`)).json()) as { status: string; checks: Record<string, { ok: boolean; skipped?: Array<{ file: string; reason: string }> }> };
    expect(health.checks.knowledge?.ok).toBe(true);
    expect(health.checks.knowledge?.skipped?.map((s) => s.file.replace(/\\/g, '/').split('/').pop())).toEqual(['broken-front-matter.md', 'no-date.md']);
  });

  it('a curated file that is bad still stops start-up, naming the file and the field', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bad-curated-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, 'knowledge');
    cpSync('knowledge', dir, { recursive: true });
    const entities = readdirSync(join(dir, 'entities'))[0]!;
    writeFileSync(join(dir, 'entities', entities), `${readFileSync(join(dir, 'entities', entities), 'utf8')}\n- id: Not A Slug\n  name: X\n`);
    const result = await run('dist/src/main.js', [], { KNOWLEDGE_DIR: dir, DATA_DIR: join(root, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`entities/${entities}`);
    expect(result.stderr).toMatch(/field "(id|type)"/);
  });
});

describe('a bad source file appearing under a running bot', () => {
  it('is left out and named to admins; the bot keeps answering', async () => {
    h = await startHarness();
    writeFileSync(join(h.env.knowledgeDir, 'sources', 'dropped.md'), '---\nid: dropped\ntitle: [unclosed\n---\nCyberport said it will hire 10 people.\n');
    await waitUntil(() => h!.env.core.knowledge.skipped?.length, 'the bad file left out', 15_000);
    expect(h.env.core.ask('What did CATL announce?').answered).toBe(true);
    expect(textOf(await h.say(h.chat('8001', { admin: true }), '/feeds'))).toMatch(/dropped\.md left out: invalid YAML/);
    expect(h.env.logger.lines.some((l) => l.includes('source file left out') && l.includes('dropped.md'))).toBe(true);
  });
});

describe('admins and the limits', () => {
  it('/feeds names a left-out source even with no feeds configured', async () => {
    const root = mkdtempSync(join(tmpdir(), 'feeds-cmd-'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }));
    const dir = join(root, 'knowledge');
    cpSync('knowledge', dir, { recursive: true });
    writeFileSync(join(dir, 'sources', 'huge.md'), `---\nid: huge\ntitle: Huge\ndate: "2025-01-01"\norigin: x\n---\n${'Cyberport said it will grow. '.repeat(800)}\n`);
    const app = createApp({ knowledgeDir: dir, limits: { maxBytes: 15_000, maxSentences: 5_000 } });
    const reply = await dispatchText('/feeds', { core: app.core, platform: 'telegram', chat: { id: '1', type: 'private' }, user: { id: '1', name: 'A', isChatAdmin: async () => true }, isAdmin: true, state: { recentEntities: [] }, services: {} });
    expect(textOf(reply!)).toMatch(/huge\.md left out: .*more than ARTICLE_MAX_BYTES \(15000\)/);
  });
});
