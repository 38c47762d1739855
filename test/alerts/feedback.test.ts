// Feedback storage: the numbered migration on an existing database, and `npm run feedback -- --export` as valid JSON Lines.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { migrations, openDatabase } from '../../src/alerts/db.js';
import { createFeedbackService } from '../../src/alerts/feedback.js';
import { sqliteStore } from '../../src/storage/sqlite-store.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'feedback-'));
  dirs.push(dir);
  return dir;
};

/** `npm run feedback -- ARGS` as a user runs it. */
async function feedbackCli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'feedback', '--', ...args], { env: { ...process.env, ...env }, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const exported = z.strictObject({
  question: z.string().min(1),
  answered: z.boolean(),
  factIds: z.array(z.string()),
  vote: z.enum(['up', 'down']),
  platform: z.enum(['console', 'telegram', 'discord']),
  at: z.iso.datetime(),
  note: z.string().optional(),
});

describe('feedback storage', () => {
  it('migrates a database of the previous version, keeping its data', async () => {
    const file = join(tempDir(), 'alerts.sqlite');
    const old = new Database(file);
    old.exec(migrations[0]!);
    old.pragma('user_version = 1');
    old.prepare("INSERT INTO subscriptions (chat, platform, chat_id, chat_type, kind, value, label, created_at) VALUES ('telegram:1', 'telegram', '1', 'private', 'all', '', 'all', 0)").run();
    old.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(migrations.length).toBeGreaterThanOrEqual(2);
    expect(db.prepare('SELECT count(*) FROM subscriptions').pluck().get()).toBe(1);
    const feedback = createFeedbackService({ store: sqliteStore(db) });
    const id = await feedback.record({ question: 'q', answered: true, factIds: ['f1'], platform: 'console' });
    expect(await feedback.vote({ answerId: id!, voter: 'console:local', vote: 'up' })).toEqual({ status: 'added', vote: 'up' });
    db.close();
  });
});

describe('npm run feedback', () => {
  it('exports every rating as one JSON object per line, with what was asked and never who asked', async () => {
    const dataDir = tempDir();
    const db = openDatabase(dataDir);
    const feedback = createFeedbackService({ store: sqliteStore(db) });
    const questions = ['What did CATL announce?', 'Was "J2" hiring?\nAnd 寧德時代喺香港做緊乜嘢？ 🚀', 'What is the weather on Mars?'];
    const ids: string[] = [];
    for (const [i, question] of questions.entries()) ids.push((await feedback.record({ question, answered: i < 2, factIds: i < 2 ? [`fact-${i}`, `passage-${i}`] : [], platform: i ? 'discord' : 'telegram' }))!);
    await feedback.vote({ answerId: ids[0]!, voter: 'telegram:42', vote: 'up' });
    await feedback.vote({ answerId: ids[1]!, voter: 'discord:7', vote: 'down', note: 'quote is about "another" firm' });
    await feedback.vote({ answerId: ids[2]!, voter: 'discord:7', vote: 'up' });
    await feedback.vote({ answerId: ids[0]!, voter: 'telegram:43', vote: 'down' });
    await feedback.record({ question: 'never rated', answered: true, factIds: [], platform: 'console' });
    db.close();

    const out = join(dataDir, 'labels.jsonl');
    const result = await feedbackCli(['--export', out], { DATA_DIR: dataDir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`Exported 4 rating(s) to ${out}. 4 rating(s): 2 up, 2 down, over 4 answer(s) kept for rating.\n`);

    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(4);
    const records = lines.map((line) => exported.parse(JSON.parse(line)));
    expect(records.map((r) => [r.question, r.vote, r.platform])).toEqual([
      [questions[0], 'up', 'telegram'],
      [questions[1], 'down', 'discord'],
      [questions[2], 'up', 'discord'],
      [questions[0], 'down', 'telegram'],
    ]);
    expect(records[1]).toMatchObject({ answered: true, factIds: ['fact-1', 'passage-1'], note: 'quote is about "another" firm' });
    expect(records[2]).toMatchObject({ answered: false, factIds: [] });
    // (The times are left out: a minute or second of 42 or 43 would read as a voter's id.)
    expect(text.replace(/"at":"[^"]*"/g, '')).not.toMatch(/\b(42|43|7)\b|voter|hash/);
  });

  it('prints a summary, and refuses a bad option or a missing database clearly', async () => {
    const dataDir = tempDir();
    const [missing, bad] = await Promise.all([feedbackCli(['--data-dir', dataDir], {}), feedbackCli(['--exprot', 'x.jsonl'], { DATA_DIR: dataDir })]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`feedback: no database at ${join(dataDir, 'alerts.sqlite')} yet (the bot creates it when it first runs).\n`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^feedback: Unknown option '--exprot'.*\nUsage: npm run feedback/s);
    openDatabase(dataDir).close();
    expect((await feedbackCli(['--data-dir', dataDir], {})).stdout).toBe('0 rating(s): 0 up, 0 down, over 0 answer(s) kept for rating.\nExport them with: npm run feedback -- --export feedback.jsonl\n');
  });
});
