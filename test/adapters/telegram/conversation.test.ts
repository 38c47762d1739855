// What users see in private chats and groups: commands, questions with citations, lookups, escaping, buttons.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshUser, startHarness, type Harness } from './harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

/** Send a private message and wait for the bot's answer. */
async function ask(text: string, userId = freshUser()) {
  h.standIn.sendText(text, { userId });
  const [message] = await h.standIn.waitForMessages(userId, 1);
  return message!;
}

describe('telegram: private chat', () => {
  it('/start greets and lists the commands', async () => {
    const m = await ask('/start');
    expect(m.text).toMatch(/Hello! I answer questions about Hong Kong/);
    expect(m.text).toContain('/org');
    expect(m.params.parse_mode).toBe('HTML');
  });

  it('/help lists every public command with its description', async () => {
    const m = await ask('/help');
    expect(m.text).toContain('How to use this bot');
    for (const name of ['ask', 'org', 'search', 'latest', 'sources']) expect(m.text).toContain(`/${name} — `);
  });

  it('registers the command menu at start-up', async () => {
    expect(await h.telegram.menu).toBe('registered');
    const [call] = h.standIn.callsTo('setMyCommands');
    expect(call?.status).toBe(200);
    expect(call?.params.commands.map((c: { command: string }) => c.command)).toEqual(expect.arrayContaining(['start', 'help', 'ask', 'org']));
  });

  it('answers a free-text question with the fact and a quoted citation', async () => {
    const userId = freshUser();
    const m = await ask('What did CATL announce?', userId);
    expect(m.text).toContain('500');
    expect(m.text).toMatch(/📰 .*CATL/);
    expect(m.text).toMatch(/“[^”]*hire 500 staff[^”]*”/);
    expect(m.tags).toContain('i');
    const typing = h.standIn.callsTo('sendChatAction').find((c) => c.params.chat_id === userId);
    expect(typing?.params.action).toBe('typing');
  });

  it('offers buttons under an answer, and a button runs its command', async () => {
    const userId = freshUser();
    const m = await ask('What did CATL announce?', userId);
    const buttons = m.buttons.flat();
    expect(buttons.map((b) => b.text)).toEqual(['Sources', 'More about CATL']);
    for (const b of buttons) expect(Buffer.byteLength(b.callback_data ?? '')).toBeLessThanOrEqual(64);
    h.standIn.pressButton(buttons[1]!.callback_data!, { userId, messageId: m.messageId });
    const [, profile] = await h.standIn.waitForMessages(userId, 2);
    expect(profile!.text).toMatch(/^CATL \(company\)/);
    const answered = await h.standIn.waitFor((c) => c.method === 'answerCallbackQuery' && c.params.text === undefined);
    expect(answered.status).toBe(200);
  });

  it('refuses forged or stale button data politely and keeps working', async () => {
    const userId = freshUser();
    for (const data of ['c:announce:x', 'c:nope', 'garbage', 'c:org']) h.standIn.pressButton(data, { userId });
    const refused = await h.standIn.waitFor((c) => c.method === 'answerCallbackQuery' && /no longer works/.test(c.params.text ?? ''));
    expect(refused.params.text).toBe('Sorry, that button no longer works. Send /help to see what I can do.');
    const m = await ask('/org HKSTP', userId);
    expect(m.text).toMatch(/Hong Kong Science and Technology Parks/);
    expect(h.standIn.callsTo('answerCallbackQuery').filter((c) => /no longer works/.test(c.params.text ?? ''))).toHaveLength(4);
  });

  it('/org finds an organisation by an alias', async () => {
    const m = await ask('/org HKSTP');
    expect(m.text).toMatch(/^Hong Kong Science and Technology Parks/);
    expect(m.tags).toContain('b');
  });

  it('/org finds an organisation by its Chinese name', async () => {
    const m = await ask('/org 數碼港');
    expect(m.text).toMatch(/^Cyberport \(organisation\)/);
  });

  it('remembers the chat’s subject for a follow-up question', async () => {
    const userId = freshUser();
    await ask('What did CATL announce?', userId);
    h.standIn.sendText('How many staff will it hire?', { userId });
    const [, follow] = await h.standIn.waitForMessages(userId, 2);
    expect(follow!.text).toContain('500');
  });

  it('escapes HTML and defuses mentions in what it echoes back', async () => {
    const m = await ask('/org <b>x</b> & _*[] @everyone');
    // Telegram accepted the message (the stand-in parses HTML as Telegram does) and shows the text literally.
    expect(m.text).toContain('<b>x</b> & _*[]');
    expect(m.tags).not.toContain('b');
    expect(m.text.replace(/\u2060/g, '')).toContain('@everyone');
    expect(m.mentions).toEqual([]);
  });

  it('an HTML-injection question comes back as text', async () => {
    const m = await ask('<b>x</b> & _*[] @everyone </i><a href="http://evil">');
    expect(m.html).not.toMatch(/<b>x<\/b>|<a href="http:\/\/evil">/);
    expect(m.mentions).toEqual([]);
    expect(m.links).not.toContain('http://evil');
  });
});

describe('telegram: groups', () => {
  const group = -100_777;

  it('ignores a message that is not for the bot', async () => {
    h.standIn.sendText('What did CATL announce?', { chatType: 'supergroup', chatId: group, userId: 42 });
    h.standIn.sendText('/org@some_other_bot CATL', { chatType: 'supergroup', chatId: group, userId: 42 });
    h.standIn.sendText('/weather', { chatType: 'supergroup', chatId: group, userId: 42 });
    // A later message for the bot is answered, and is the only answer.
    h.standIn.sendText(`/org@${h.standIn.username} CATL`, { chatType: 'supergroup', chatId: group, userId: 42 });
    const messages = await h.standIn.waitForMessages(group, 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.standIn.messages(group)).toHaveLength(1);
    expect(messages[0]!.text).toMatch(/^CATL \(company\)/);
  });

  it('answers a mention, as a reply to the question', async () => {
    const chatId = group - 1;
    const { messageId } = h.standIn.sendText(`@${h.standIn.username} what did CATL announce?`, { chatType: 'supergroup', chatId, userId: 43 });
    const [m] = await h.standIn.waitForMessages(chatId, 1);
    expect(m!.text).toContain('500');
    expect(m!.params.reply_parameters?.message_id).toBe(messageId);
  });

  it('answers a reply to one of its messages', async () => {
    const chatId = group - 2;
    h.standIn.sendText('/org CATL', { chatType: 'group', chatId, userId: 44 });
    const [first] = await h.standIn.waitForMessages(chatId, 1);
    h.standIn.sendText('How many staff will it hire?', { chatType: 'group', chatId, userId: 44, replyTo: first });
    const [, second] = await h.standIn.waitForMessages(chatId, 2, 4000);
    expect(second!.text).toContain('500');
  });
});

describe('telegram: inline mode', () => {
  it('answers an inline query with articles built from the core', async () => {
    h.standIn.inlineQuery('CATL research centre');
    const call = await h.standIn.waitFor((c) => c.method === 'answerInlineQuery');
    expect(call.status).toBe(200);
    const results = call.params.results as Array<{ title: string; input_message_content: { message_text: string } }>;
    expect(results.length).toBeGreaterThan(1);
    expect(results.length).toBeLessThanOrEqual(50);
    expect(results[0]!.input_message_content.message_text).toContain('500');
  });

  it('offers the latest announcements for an empty query', async () => {
    h.standIn.inlineQuery('', { userId: 99 });
    const call = await h.standIn.waitFor((c) => c.method === 'answerInlineQuery' && c.params.inline_query_id !== undefined && c.params.results.length > 0 && c.params.results[0].id.startsWith('l'));
    expect(call.status).toBe(200);
  });
});
