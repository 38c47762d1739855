// /feedback and the rating buttons without a platform: what a user sees, and what SQLite keeps (never who rated).
import { afterAll, describe, expect, it } from 'vitest';
import { dispatchText, type CommandContext, type Reply } from '../../commands/index.js';
import { openDatabase, type Db } from '../../src/alerts/db.js';
import { createFeedbackService, type FeedbackOptions } from '../../src/alerts/feedback.js';
import { sqliteStore } from '../../src/storage/sqlite-store.js';
import { testContext } from '../support/command-context.js';

const USER_ID = '987654321';
const USER_NAME = 'Ada Lovelace';
const DAY = 86_400_000;
const dbs: Db[] = [];
afterAll(() => dbs.forEach((db) => db.open && db.close()));

function setup(options: Partial<FeedbackOptions> = {}) {
  const db = openDatabase(':memory:');
  dbs.push(db);
  const feedback = createFeedbackService({ store: sqliteStore(db), ...options });
  const chat = (userId = USER_ID, chatId = 'chat-1', type: CommandContext['chat']['type'] = 'private'): CommandContext =>
    testContext({
      platform: 'telegram',
      chat: { id: chatId, type },
      user: { id: userId, name: USER_NAME, isChatAdmin: async () => true },
      state: { recentEntities: [] },
      services: { feedback },
    });
  return { db, feedback, chat };
}

async function say(ctx: CommandContext, text: string): Promise<Reply> {
  const reply = await dispatchText(text, ctx);
  if (!reply) throw new Error(`no reply to ${text}`);
  return reply;
}

const textOf = (reply: Reply) => (reply.kind === 'ack' || reply.kind === 'notice' ? reply.text : JSON.stringify(reply));
const votes = (db: Db) => db.prepare('SELECT vote, note FROM feedback_votes ORDER BY rowid').all();

/** The rating buttons under an answer. */
function ratingButtons(reply: Reply) {
  const actions = reply.actions?.filter((a) => a.command === 'feedback') ?? [];
  return { up: actions.find((a) => a.label === '👍'), down: actions.find((a) => a.label === '👎'), all: actions };
}

describe('rating buttons under answers', () => {
  it('offers 👍 and 👎 on a row of their own, pointing at the answer by a short id', async () => {
    const { chat } = setup();
    const reply = await say(chat(), 'What did CATL announce?');
    expect(reply.kind).toBe('answer');
    expect(reply.actions?.map((a) => a.label)).toEqual(['Sources', 'More about CATL', '👍', '👎']);
    const { up, down } = ratingButtons(reply);
    expect(up).toMatchObject({ command: 'feedback', newRow: true });
    expect(up?.args).toMatch(/^up #[A-Za-z0-9_-]{8}$/);
    expect(down?.args).toBe(up?.args?.replace('up', 'down'));
  });

  it('a press is thanked briefly and stores the question, the fact ids, answered and the platform', async () => {
    const { db, chat } = setup();
    const ctx = chat();
    const { up } = ratingButtons(await say(ctx, 'What did CATL announce?'));
    expect(await say(ctx, `/${up!.command} ${up!.args}`)).toEqual({ kind: 'ack', text: 'Thanks for your feedback 👍' });
    const [record, ...rest] = (await sqliteStore(db).feedbackRecords());
    expect(rest).toEqual([]);
    expect(record).toMatchObject({ question: 'What did CATL announce?', answered: true, vote: 'up', platform: 'telegram' });
    expect(record!.factIds.length).toBeGreaterThan(0);
    expect(record!.factIds.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(Date.now() - Date.parse(record!.at)).toBeLessThan(60_000);
  });

  it('never stores the user’s id or name, only a hash that differs per answer', async () => {
    const { db, chat } = setup();
    const ctx = chat();
    for (const question of ['What did CATL announce?', 'Who runs Cyberport?']) {
      await say(ctx, question);
      await say(ctx, '/feedback down');
    }
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    const everything = tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM ${t}`).all())).join('\n');
    expect(everything).not.toContain(USER_ID);
    expect(everything).not.toContain(USER_NAME);
    const hashes = db.prepare('SELECT voter_hash FROM feedback_votes').pluck().all() as string[];
    expect(hashes).toHaveLength(2);
    expect(new Set(hashes).size).toBe(2);
  });

  it('a second press by the same person changes the vote instead of adding one; another person adds theirs', async () => {
    const { db, chat } = setup();
    const asker = chat(USER_ID, 'group-1', 'group');
    const { up, down } = ratingButtons(await say(asker, 'How much will J2 Semiconductor invest?'));
    expect(textOf(await say(asker, `/feedback ${up!.args}`))).toBe('Thanks for your feedback 👍');
    expect(textOf(await say(asker, `/feedback ${down!.args}`))).toBe('Thanks, your feedback is now 👎');
    expect(textOf(await say(asker, `/feedback ${down!.args}`))).toBe('You already rated this answer 👎');
    expect(votes(db)).toEqual([{ vote: 'down', note: null }]);
    const other = chat('123123123', 'group-1', 'group');
    expect(textOf(await say(other, `/feedback ${up!.args}`))).toBe('Thanks for your feedback 👍');
    expect(votes(db)).toEqual([{ vote: 'down', note: null }, { vote: 'up', note: null }]);
  });

  it('rates a declined answer too, stored as not answered', async () => {
    const { db, chat } = setup();
    const ctx = chat();
    const reply = await say(ctx, 'What is the weather on Mars tomorrow?');
    expect(reply.kind === 'answer' && reply.answer.answered).toBe(false);
    expect(ratingButtons(reply).all).toHaveLength(2);
    await say(ctx, '/feedback up');
    expect((await sqliteStore(db).feedbackRecords())).toEqual([expect.objectContaining({ question: 'What is the weather on Mars tomorrow?', answered: false, factIds: [], vote: 'up' })]);
  });
});

describe('/feedback typed in a chat', () => {
  it('rates the chat’s last answer, with a note; a changed vote without a note drops the old one', async () => {
    const { db, chat } = setup();
    const ctx = chat();
    await say(ctx, 'Who runs Cyberport?');
    await say(ctx, 'What did CATL announce?');
    expect(textOf(await say(ctx, '/feedback down   it named the   wrong company '))).toBe('Thanks for your feedback 👎');
    expect((await sqliteStore(db).feedbackRecords())).toEqual([expect.objectContaining({ question: 'What did CATL announce?', vote: 'down', note: 'it named the wrong company' })]);
    expect(textOf(await say(ctx, '/feedback up'))).toBe('Thanks, your feedback is now 👍');
    expect(votes(db)).toEqual([{ vote: 'up', note: null }]);
  });

  it('answers bad input with a friendly reply and stores nothing', async () => {
    const { db, chat } = setup();
    const fresh = chat('555', 'chat-without-answers');
    expect(textOf(await say(fresh, '/feedback'))).toBe('/feedback needs vote. Usage: /feedback up · /feedback down it named the wrong company');
    expect(textOf(await say(fresh, '/feedback maybe'))).toBe('vote must be one of: up, down.');
    expect(textOf(await say(fresh, '/feedback up'))).toBe('There is no recent answer here to rate. Ask me a question first, then send /feedback up or /feedback down.');
    expect(textOf(await say(fresh, '/feedback up #AAAAAAAA'))).toBe('That answer can no longer be rated. Ask again and rate the new answer.');
    expect(textOf(await say(fresh, `/feedback up ${'x'.repeat(400)}`))).toBe('note is too long (at most 310 characters).');
    expect(votes(db)).toEqual([]);
  });

  it('is rate-limited per user with a friendly reply, and the limit passes', async () => {
    let now = Date.parse('2025-06-01T00:00:00Z');
    const { db, chat } = setup({ limit: { votes: 3, windowMs: 60_000 }, clock: () => now });
    const ctx = chat();
    await say(ctx, 'What did CATL announce?');
    for (const vote of ['up', 'down', 'up']) await say(ctx, `/feedback ${vote}`);
    now += 15_000;
    expect(await say(ctx, '/feedback down')).toEqual({ kind: 'ack', text: 'You are rating faster than I can note it down. Please wait about 45 seconds.' });
    expect(votes(db)).toEqual([{ vote: 'up', note: null }]);
    const other = chat('222', 'chat-2');
    await say(other, 'What did CATL announce?');
    expect(textOf(await say(other, '/feedback down'))).toBe('Thanks for your feedback 👎');
    now += 45_000;
    expect(textOf(await say(ctx, '/feedback down'))).toBe('Thanks, your feedback is now 👎');
  });

  it('forgets answers nobody rated after 30 days and keeps the rated ones', async () => {
    let now = Date.parse('2025-06-01T00:00:00Z');
    const { db, chat } = setup({ clock: () => now });
    const rated = chat('1', 'a');
    const unrated = chat('2', 'b');
    await say(rated, 'What did CATL announce?');
    await say(rated, '/feedback up');
    const { up } = ratingButtons(await say(unrated, 'Who runs Cyberport?'));
    now += 31 * DAY;
    await say(chat('3', 'c'), 'What did CATL announce?');
    expect(textOf(await say(unrated, `/feedback ${up!.args}`))).toBe('That answer can no longer be rated. Ask again and rate the new answer.');
    expect((await sqliteStore(db).feedbackRecords()).map((r) => r.question)).toEqual(['What did CATL announce?']);
    expect(db.prepare('SELECT count(*) FROM feedback_answers').pluck().get()).toBe(2);
  });
});

describe('without feedback storage', () => {
  it('answers without rating buttons and says /feedback is not collected', async () => {
    const ctx = testContext();
    const reply = await say(ctx, 'What did CATL announce?');
    expect(ratingButtons(reply).all).toEqual([]);
    expect(textOf(await say(ctx, '/feedback up'))).toBe('Feedback is not being collected on this bot right now.');
  });

  it('still answers when the answer cannot be kept for rating', async () => {
    const { db, chat } = setup();
    db.close();
    const reply = await say(chat(), 'What did CATL announce?');
    expect(reply.kind === 'answer' && reply.answer.text).toContain('500');
    expect(ratingButtons(reply).all).toEqual([]);
  });
});
