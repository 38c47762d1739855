// Ingestion: the CLI adds an article to a copy of the knowledge base and a running bot alerts its subscriber.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestArticle } from '../../src/alerts/ingest.js';
import { openDatabase } from '../../src/alerts/db.js';
import { loadKnowledge } from '../../src/core/index.js';
import { createTestEnv, waitUntil } from './helpers/env.js';
import { startHarness, textOf, type Harness } from './helpers/harness.js';

const repoSources = readdirSync('knowledge/sources').sort();
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
  // Tests never write into the repository's knowledge folder.
  expect(readdirSync('knowledge/sources').sort()).toEqual(repoSources);
});

const article = `# Cyberport and Zentrix Quantum sign an AI partnership

Cyberport (數碼港) and Zentrix Quantum Labs announced a partnership on artificial intelligence for **fintech** start-ups.
The Harbourfront Angel Network will fund ten teams. Read [the release](https://example.org/r).
`;

function runCli(args: string[], env: { knowledgeDir: string; dataDir: string }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', 'dist/src/alerts/ingest-cli.js', ...args], {
      env: { ...process.env, KNOWLEDGE_DIR: env.knowledgeDir, DATA_DIR: env.dataDir, TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '', FEEDS: '', ADMIN_IDS: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close', not 'exit': the output may still be in the pipes when the process has exited.
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

describe('ingest', () => {
  it('npm run ingest adds a source, lists unknown names and reaches a subscriber of a running bot', async () => {
    h = await startHarness();
    await h.say(h.chat('9101'), '/subscribe Cyberport');
    await h.say(h.chat('9102'), '/subscribe CATL');
    const file = join(h.env.root, 'zentrix.md');
    writeFileSync(file, article);
    const result = await runCli([file, '--url', 'https://example.org/zentrix', '--date', '2025-06-01', '--publisher', 'Cyberport'], h.env);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Added source "cyberport-zentrix-quantum-sign-ai-partnership"');
    expect(result.stdout).toContain('Date used: 2025-06-01');
    const fresh = /^ {2}new: (.*)$/m.exec(result.stdout)?.[1] ?? '';
    const known = /^ {2}known: (.*)$/m.exec(result.stdout)?.[1] ?? '';
    expect(fresh).toContain('Zentrix Quantum Labs [');
    expect(fresh).toContain('Harbourfront Angel Network [');
    expect(fresh).not.toContain('Cyberport [');
    expect(known).toContain('Cyberport [organisation]');
    expect(result.stdout).toContain('alerts queued for 1 chat(s)');

    const [alert] = await h.tg.waitForMessages(9101, 1, 5000);
    expect(alert!.text).toContain('Cyberport and Zentrix Quantum sign an AI partnership');
    expect(alert!.links).toContain('https://example.org/zentrix');
    expect(h.tg.messages(9102)).toHaveLength(0);
    // The running bot reloaded its knowledge without a restart: the article is searchable.
    await waitUntil(() => h!.env.core.search('Zentrix Quantum').hits.length > 0, 'the new article in the index');
    const kb = loadKnowledge(h.env.knowledgeDir);
    expect(kb.sources.find((s) => s.id === 'cyberport-zentrix-quantum-sign-ai-partnership')).toMatchObject({ url: 'https://example.org/zentrix', date: '2025-06-01', publisher: 'Cyberport' });

    const again = await runCli([file, '--url', 'https://example.org/zentrix'], h.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already recorded as announcement #1 (same link)');
  });

  it('refuses bad arguments with a message and writes nothing', async () => {
    const env = createTestEnv();
    try {
      const file = join(env.root, 'a.txt');
      writeFileSync(file, 'Some plain text about Cyberport.');
      const [bad, missing, flag] = await Promise.all([runCli([file, '--date', 'yesterday'], env), runCli([join(env.root, 'nope.txt')], env), runCli([file, '--dated', '2025-01-01'], env)]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--date must be YYYY, YYYY-MM or YYYY-MM-DD');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('cannot read');
      // A mistyped flag: what is wrong in one line and the usage, no stack trace.
      expect(flag.code).toBe(2);
      expect(flag.stderr).toMatch(/^ingest: Unknown option '--dated'\nUsage: npm run ingest/);
      expect(flag.stderr).not.toContain('    at ');
      expect(readdirSync(join(env.knowledgeDir, 'sources')).sort()).toEqual(repoSources);
    } finally {
      env.cleanup();
    }
  });

  it('ingests several files in one run, one progress line per article, the bad one refused and the others kept', async () => {
    const env = createTestEnv();
    try {
      const files = ['one.md', 'empty.txt', 'two.txt'].map((name) => join(env.root, name));
      writeFileSync(files[0]!, '# HKSTP opens a robotics lab\n\nHKSTP opened a robotics lab for 20 start-ups.');
      writeFileSync(files[1]!, '   ');
      writeFileSync(files[2]!, 'Cyberport welcomes 30 fintech start-ups\n\nCyberport said 30 fintech start-ups joined its incubation programme.');
      const result = await runCli([...files, '--date', '2025-07-01'], env);
      expect(result.code).toBe(1);
      expect(result.stderr.split('\n').filter((l) => l.startsWith('ingest: '))).toEqual([
        `ingest: 1/3 ${files[0]}`,
        `ingest: 2/3 ${files[1]}`,
        `ingest: 3/3 ${files[2]}`,
        'ingest: 2 of 3 added',
      ]);
      expect(result.stderr).toContain(`${files[1]}: ingest: the article`);
      expect(result.stdout).toContain('Added source "hkstp-opens-robotics-lab"');
      expect(result.stdout).toContain('Added source "cyberport-welcomes-30-fintech-start-ups"');
      const kb = loadKnowledge(env.knowledgeDir);
      expect(kb.sources.filter((s) => s.date === '2025-07-01').map((s) => s.id).sort()).toEqual(['cyberport-welcomes-30-fintech-start-ups', 'hkstp-opens-robotics-lab']);
    } finally {
      env.cleanup();
    }
  });

  it('cleans HTML: scripts, navigation and tags go, entities are decoded, the title comes from <h1>', () => {
    const env = createTestEnv();
    const db = openDatabase(env.dataDir);
    try {
      const html = `<html><head><title>Site</title><script>var x = "<p>";</script></head><body><nav>Home | News</nav>
        <article><h1>CATL &amp; Cyberport open a battery lab</h1><p>CATL said the lab opens in 2026&nbsp;&mdash; with 30 staff.</p><p>Contact: &lt;press@example.org&gt;</p></article></body></html>`;
      const result = ingestArticle({ knowledgeDir: env.knowledgeDir, db, file: 'lab.html', content: html });
      expect(result.title).toBe('CATL & Cyberport open a battery lab');
      const body = readFileSync(result.sourceFile, 'utf8').split('---\n')[2]!;
      expect(body).toContain('CATL said the lab opens in 2026 — with 30 staff.');
      expect(body).toContain('<press@example.org>');
      expect(body).not.toMatch(/var x|Home \| News|<p>/);
      expect(result.entities.map((e) => e.id).sort()).toEqual(['catl', 'cyberport']);
      expect(existsSync(result.sourceFile)).toBe(true);
    } finally {
      db.close();
      env.cleanup();
    }
  });
});
