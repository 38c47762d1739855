// Ingest as a careless operator and a bad disk meet it: binaries, huge files, a killed ingest, a repeat, a full disk.
import { spawn } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startAlerts } from '../../src/alerts/index.js';
import { ingestArticleInto } from '../../src/alerts/ingest.js';
import { openSqliteStore } from '../../src/storage/sqlite-store.js';
import { createTestEnv, waitUntil, type AlertsTestEnv } from './helpers/env.js';

// Each test has its own folders; the tests of a group run at once (they mostly wait for the CLI's processes).
const envs: AlertsTestEnv[] = [];
afterAll(() => {
  for (const env of envs.splice(0)) env.cleanup();
});
function testEnv(): AlertsTestEnv {
  const env = createTestEnv();
  envs.push(env);
  return env;
}

function ingest(env: AlertsTestEnv, args: string[], extra: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/src/alerts/ingest-cli.js', ...args], {
      env: { ...process.env, KNOWLEDGE_DIR: env.knowledgeDir, DATA_DIR: env.dataDir, TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '', FEEDS: '', ADMIN_IDS: '', DATABASE_URL: '', ...extra },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close', not 'exit': the output may still be in the pipes when the process has exited.
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const sources = (env: AlertsTestEnv) => readdirSync(join(env.knowledgeDir, 'sources')).sort();
const article = `# Zentrix Quantum opens a lab at Cyberport

Zentrix Quantum Labs said on Monday it will open a quantum computing lab at Cyberport and hire 45 researchers.
The lab will work with two universities on error correction, the company said in a statement.
`;

async function announcements(env: AlertsTestEnv): Promise<Array<{ id: number; sourceId?: string }>> {
  const store = openSqliteStore(env.dataDir);
  try {
    return (await store.findAnnouncements('', 100)).map((a) => ({ id: a.id, ...(a.sourceId ? { sourceId: a.sourceId } : {}) }));
  } finally {
    await store.close();
  }
}

describe.concurrent('ingest refuses what is not an article, with a message, and writes nothing', () => {
  it('a binary, a file over ARTICLE_MAX_BYTES, too many sentences, no sentences, front matter that does not parse', async () => {
    const env = testEnv();
    const before = sources(env);
    const file = (name: string, content: string | Buffer) => {
      const path = join(env.root, name);
      writeFileSync(path, content);
      return path;
    };
    const binary = join(env.root, 'ls.txt');
    copyFileSync('/bin/ls', binary);
    const latin1 = file('latin1.txt', Buffer.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x70, 0x65, 0x6e, 0x73, 0x2e]));
    const big = file('big.txt', 'Cyberport said it will hire more staff this year. '.repeat(200));
    const many = file('many.txt', Array.from({ length: 30 }, (_, i) => `Cyberport said in update ${i} that it will hire staff.`).join(' '));
    const empty = file('headings.md', '# Title\n\n## Only\n');
    const front = file('front.md', '---\ntitle: "unclosed\n---\nCyberport said it will hire 10 people this year.\n');
    const limits = { ARTICLE_MAX_BYTES: '5000', ARTICLE_MAX_SENTENCES: '20' };
    const [b, l, g, m, e, f] = await Promise.all([binary, latin1, big, many, empty, front].map((path) => ingest(env, [path], limits)));
    expect(b!.stderr).toContain('ingest: the file is not text');
    expect(l!.stderr).toContain('not UTF-8 text');
    expect(g!.stderr).toContain('the file is 10 KB of text, more than the 5 KB an article may be (ARTICLE_MAX_BYTES)');
    expect(m!.stderr).toContain('the article has 30 sentences, more than the 20 an article may have (ARTICLE_MAX_SENTENCES)');
    expect(e!.stderr).toContain('the article has no sentences to read');
    expect(f!.stderr).toContain('the front matter does not parse as YAML');
    for (const r of [b, l, g, m, e, f]) {
      expect(r!.code).toBe(1);
      expect(r!.stderr).toContain('nothing was written');
      expect(r!.stderr).not.toMatch(/\n\s+at /);
    }
    expect(sources(env)).toEqual(before);
    expect(await announcements(env)).toEqual([]);
  });

  it('an article whose title has U+FFFE and control characters is added cleaned, and the folder still loads', async () => {
    const env = testEnv();
    const path = join(env.root, 'hostile.md');
    writeFileSync(path, '---\ntitle: "Zentrix\\uFFFE Quantum\\u0007 opens a lab"\ndate: "2025-06-02"\n---\nZentrix Quantum Labs\uFFFF said on Monday it will open a lab at Cyberport and hire 45 researchers.\n');
    const result = await ingest(env, [path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Added source "zentrix-quantum-opens-lab"');
    const text = readFileSync(join(env.knowledgeDir, 'sources', 'zentrix-quantum-opens-lab.md'), 'utf8');
    expect(text).toContain('title: Zentrix Quantum opens a lab');
    expect(text).not.toMatch(/[\uFFFE\uFFFF\u0007]/);
    const check = await new Promise<number | null>((resolve) => spawn(process.execPath, ['dist/src/core/knowledge/check.js', env.knowledgeDir]).on('exit', resolve));
    expect(check).toBe(0);
  });

  it('a bad limit in the environment is refused, naming the variable', async () => {
    const env = testEnv();
    const result = await ingest(env, [join(env.root, 'x.md')], { ARTICLE_MAX_SENTENCES: 'lots' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('ARTICLE_MAX_SENTENCES: must be a whole number');
  });
});

describe.concurrent('ingest is atomic: killed at any step, the next run leaves the source and its announcement both there or neither', () => {
  for (const step of ['staged', 'recorded', 'renamed'] as const) {
    it(`killed after the source was ${step}`, async () => {
      const env = testEnv();
      const before = sources(env);
      const path = join(env.root, 'zentrix.md');
      writeFileSync(path, article);
      const killed = await ingest(env, [path], { HKBOT_INGEST_CRASH_AFTER: step });
      expect(killed.code).toBe(86);
      // The next run (a start) finishes or rolls back what was half done, then ingests the article at most once.
      const next = await ingest(env, [path]);
      const added = sources(env).filter((n) => !before.includes(n));
      expect(added).toEqual(['zentrix-quantum-opens-lab-at-cyberport.md']);
      expect(await announcements(env)).toEqual([{ id: 1, sourceId: 'zentrix-quantum-opens-lab-at-cyberport' }]);
      if (step === 'staged') {
        expect(next.stderr).toContain('rolled back an earlier ingest');
        expect(next.code).toBe(0);
        expect(next.stdout).toContain('Announcement #1 recorded');
      } else {
        if (step === 'recorded') expect(next.stderr).toContain('finished an earlier ingest that was interrupted: sources/zentrix-quantum-opens-lab-at-cyberport.md is now in place');
        expect(next.code).toBe(1);
        expect(next.stderr).toContain('already recorded as announcement #1');
      }
      expect(readFileSync(join(env.knowledgeDir, 'sources', added[0]!), 'utf8')).toContain('hire 45 researchers');
    });
  }

  it('refuses the same article again under another name and extension', async () => {
    const env = testEnv();
    const first = join(env.root, 'zentrix.md');
    const copy = join(env.root, 'Copy of zentrix (2).txt');
    writeFileSync(first, article);
    writeFileSync(copy, `${article.replace('# Zentrix Quantum opens a lab at Cyberport', '# ZENTRIX QUANTUM OPENS A LAB AT CYBERPORT!')}\n\n`);
    expect((await ingest(env, [first])).code).toBe(0);
    const again = await ingest(env, [copy]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already recorded as announcement #1 (same content); nothing was written');
    expect(sources(env).filter((n) => n.startsWith('zentrix'))).toEqual(['zentrix-quantum-opens-lab-at-cyberport.md']);
  });

  it('on a full disk says so, leaves no .tmp file and records nothing', async () => {
    const env = testEnv();
    const store = openSqliteStore(env.dataDir);
    try {
      const full = () => {
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
      };
      const attempt = ingestArticleInto({ knowledgeDir: env.knowledgeDir, store, file: 'zentrix.md', content: article, writeFile: (path, text) => (writeFileSync(path, text.slice(0, 10)), full()) });
      await expect(attempt).rejects.toThrow(/ingest: cannot write the new source .*zentrix-quantum-opens-lab-at-cyberport\.md: the disk is full \(ENOSPC\); nothing was written\. Free some space/);
      expect(readdirSync(join(env.knowledgeDir, 'sources')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(await store.latestAnnouncementId()).toBe(0);
    } finally {
      await store.close();
    }
  });
});

describe('a bot starting after an interrupted ingest', () => {
  it('finishes it: the source is put in place and answered from, and its announcement is the only one', async () => {
    const env = testEnv();
    const path = join(env.root, 'zentrix.md');
    writeFileSync(path, article);
    expect((await ingest(env, [path], { HKBOT_INGEST_CRASH_AFTER: 'recorded' })).code).toBe(86);
    const alerts = startAlerts({ app: { core: env.core }, config: { DATA_DIR: env.dataDir, KNOWLEDGE_DIR: env.knowledgeDir, FEEDS: [], FEED_POLL_SECONDS: 3600 }, logger: env.logger, senders: {}, watchIntervalMs: 100 });
    try {
      await waitUntil(() => env.core.knowledge.sources.some((s) => s.id === 'zentrix-quantum-opens-lab-at-cyberport'), 'the finished source in the running core', 15_000);
      expect(env.core.ask('How many researchers will Zentrix Quantum Labs hire?').text).toContain('45 researchers');
      expect(env.logger.lines.some((l) => l.includes('a half-done ingest was finished'))).toBe(true);
      expect(readdirSync(join(env.knowledgeDir, 'sources')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
      expect(await alerts.store.latestAnnouncementId()).toBe(1);
    } finally {
      await alerts.stop();
    }
  });
});
