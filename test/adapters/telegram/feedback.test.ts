// 👍/👎 under answers on Telegram, over the local Bot API stand-in: a toast per press, the message untouched, votes in SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/alerts/db.js';
import { createFeedbackService } from '../../../src/alerts/feedback.js';
import { sqliteStore } from '../../../src/storage/sqlite-store.js';
import { freshUser, startHarness, type Harness } from './harness.js';

let h: Harness;
let db: Db;
beforeAll(async () => {
  db = openDatabase(':memory:');
  h = await startHarness({ services: { feedback: createFeedbackService({ store: sqliteStore(db), limit: { votes: 4, windowMs: 60_000 } }) } });
});
afterAll(async () => {
  await h.stop();
  db.close();
});

/** Ask in a chat and return the answer with its buttons by label. */
async function ask(text: string, chatId: number, userId = chatId) {
  const before = h.standIn.messages(chatId).length;
  h.standIn.sendText(text, { userId, chatId, chatType: chatId < 0 ? 'supergroup' : 'private' });
  const message = (await h.standIn.waitForMessages(chatId, before + 1))[before]!;
  const byLabel = new Map(message.buttons.flat().map((b) => [b.text, b.callback_data!]));
  return { message, up: byLabel.get('👍')!, down: byLabel.get('👎')! };
}

/** Press a button and wait for the toast that answers it. */
async function press(data: string, chatId: number, userId: number, messageId: number): Promise<string | undefined> {
  const from = h.standIn.callsTo('answerCallbackQuery').length;
  h.standIn.pressButton(data, { chatId, userId, messageId });
  await h.standIn.waitFor(() => h.standIn.callsTo('answerCallbackQuery').length > from);
  return h.standIn.callsTo('answerCallbackQuery')[from]!.params.text as string | undefined;
}

const votesFor = async (question: string) => (await sqliteStore(db).feedbackRecords()).filter((r) => r.question === question);

describe('telegram: rating answers', () => {
  it('puts 👍 and 👎 on a row of their own under an answer, within 64 bytes of callback data', async () => {
    const { message } = await ask('What did CATL announce?', freshUser());
    expect(message.buttons.map((row) => row.map((b) => b.text))).toEqual([['Sources', 'More about CATL'], ['👍', '👎']]);
    for (const b of message.buttons.flat()) expect(Buffer.byteLength(b.callback_data ?? '')).toBeLessThanOrEqual(64);
    expect(message.text).toContain('500');
  });

  it('a press is answered with a short toast, sends no message and leaves the answer as it is', async () => {
    const chatId = freshUser();
    const question = 'How much will J2 Semiconductor invest?';
    const { message, up, down } = await ask(question, chatId);
    expect(await press(up, chatId, chatId, message.messageId)).toBe('Thanks for your feedback 👍');
    expect(await press(down, chatId, chatId, message.messageId)).toBe('Thanks, your feedback is now 👎');
    await new Promise((r) => setTimeout(r, 150));
    expect(h.standIn.messages(chatId)).toHaveLength(1);
    expect(h.standIn.calls.filter((c) => /^(edit|deleteMessage)/.test(c.method))).toEqual([]);
    expect(h.standIn.callsTo('sendChatAction').filter((c) => c.params.chat_id === chatId)).toHaveLength(1);
    expect(await votesFor(question)).toEqual([expect.objectContaining({ vote: 'down', answered: true, platform: 'telegram' })]);
  });

  it('in a group each member has one vote on an answer', async () => {
    const group = -100_900;
    const question = 'Who runs Cyberport?';
    const { message, up, down } = await ask(`/ask ${question}`, group, 71);
    expect(await press(up, group, 71, message.messageId)).toBe('Thanks for your feedback 👍');
    expect(await press(down, group, 72, message.messageId)).toBe('Thanks for your feedback 👎');
    expect(await press(up, group, 71, message.messageId)).toBe('You already rated this answer 👍');
    expect((await votesFor(question)).map((r) => r.vote)).toEqual(['up', 'down']);
    expect(h.standIn.messages(group)).toHaveLength(1);
  });

  it('too many presses get a friendly toast, and a stale or forged answer id is refused politely', async () => {
    const chatId = freshUser();
    const { message, up, down } = await ask('What did CATL announce?', chatId);
    for (const data of [up, down, up, down]) await press(data, chatId, chatId, message.messageId);
    expect(await press(up, chatId, chatId, message.messageId)).toMatch(/^You are rating faster than I can note it down\. Please wait about \d+ seconds\.$/);
    const other = freshUser();
    expect(await press('c:feedback:up #AAAAAAAA', other, other, 1)).toBe('That answer can no longer be rated. Ask again and rate the new answer.');
    expect(h.standIn.messages(other)).toHaveLength(0);
  });

  it('/feedback typed in the chat rates the last answer, with a note', async () => {
    const chatId = freshUser();
    const question = 'Where is CATL setting up its research centre?';
    await ask(question, chatId);
    h.standIn.sendText('/feedback down the quote is about another firm', { userId: chatId });
    const [, reply] = await h.standIn.waitForMessages(chatId, 2);
    expect(reply!.text).toBe('Thanks for your feedback 👎');
    expect(await votesFor(question)).toEqual([expect.objectContaining({ vote: 'down', note: 'the quote is about another firm' })]);
  });
});
