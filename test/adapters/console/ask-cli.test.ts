import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** A compiled entry point, as `npm run ask` and `npm start` run it. */
function run(args: string[], input = '', env: Record<string, string> = {}) {
  const [entry = '', ...rest] = args;
  const compiled = join('dist', entry.replace(/\.ts$/, '.js'));
  return spawnSync(process.execPath, ['--enable-source-maps', compiled, ...rest], { input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 20_000 });
}

describe('npm run ask', () => {
  it('answers one question with its citation', () => {
    const result = run(['src/adapters/console/ask.ts', 'How much will J2 Semiconductor invest?']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('HK$6.9 billion');
    expect(result.stdout).toContain('Sources:');
  });

  it('keeps the --json contract: one object per input line, in order', () => {
    const questions = ['What did CATL announce?', 'How do I bake bread?', '數碼港是甚麼？'];
    const result = run(['src/adapters/console/ask.ts', '--json'], `${questions.join('\n')}\n`);
    expect(result.status).toBe(0);
    const lines = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.question)).toEqual(questions);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['question', 'answered', 'text', 'citations', 'entities']);
      for (const c of line.citations) expect(Object.keys(c).filter((k) => k !== 'url')).toEqual(['source', 'title', 'quote']);
    }
    expect(lines[0].answered).toBe(true);
    expect(lines[0].citations[0].quote).toContain('500');
    expect(lines[1].answered).toBe(false);
    expect(lines[2].entities[0].id).toBe('cyberport');
  });
});

describe('start-up', () => {
  it('stops on a bad knowledge file with a message naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bad-kb-'));
    mkdirSync(join(dir, 'entities'));
    writeFileSync(join(dir, 'entities', 'orgs.yaml'), '- id: acme\n  type: spaceship\n  name: Acme\n  description: A company.\n');
    const result = run(['src/main.ts'], '', { KNOWLEDGE_DIR: dir, TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/entities[/\\]orgs\.yaml, item "acme", field "type"/);
  });

  it('stops on a bad configuration value with a message naming the variable', () => {
    const result = run(['src/main.ts'], '', { FEED_POLL_SECONDS: 'often', TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('FEED_POLL_SECONDS: must be a whole number');
  });
});
