// 👍/👎 under answers on Discord, through discord.js and the local REST + gateway stand-in: private thanks, votes in SQLite.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/alerts/db.js';
import { createFeedbackService } from '../../../src/alerts/feedback.js';
import { sqliteStore } from '../../../src/storage/sqlite-store.js';
import { DISCORD_LIMITS } from '../../../src/adapters/discord/index.js';
import { buttons, interact, sent, startHarness, type Harness } from './harness.js';
import { buttonPress, messageCreate, person, slashCommand } from './payloads.js';

let h: Harness;
let db: Db;
beforeAll(async () => {
  db = openDatabase(':memory:');
  h = await startHarness({ services: { feedback: createFeedbackService({ store: sqliteStore(db) }) } });
});
afterAll(async () => {
  await h?.stop();
  db.close();
});

const votesFor = async (question: string) => (await sqliteStore(db).feedbackRecords()).filter((r) => r.question === question);

async function askSlash(question: string) {
  const reply = sent(await interact(h, slashCommand(h.guild, 'ask', { question })));
  const byLabel = new Map(buttons(reply).map((b) => [b.label, b.custom_id]));
  return { reply, up: byLabel.get('👍')!, down: byLabel.get('👎')! };
}

describe('discord: rating answers', () => {
  it('puts 👍 and 👎 on a row of their own under an answer, custom_ids within 100 characters', async () => {
    const { reply, up, down } = await askSlash('What did CATL announce?');
    expect(reply.components?.map((row) => row.components.map((b) => b.label))).toEqual([['Sources', 'More about CATL'], ['👍', '👎']]);
    expect(up).toMatch(/^run:feedback:up #[A-Za-z0-9_-]{8}$/);
    expect(down).toBe(up.replace(':up ', ':down '));
    for (const b of buttons(reply)) expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
  });

  it('a press is thanked privately, leaves the answer as it is, and a second press changes the vote', async () => {
    const question = 'How much will J2 Semiconductor invest?';
    const { up, down } = await askSlash(question);
    const from = h.standIn.calls.length;
    const first = sent(await interact(h, buttonPress(h.guild, up)));
    expect(first).toMatchObject({ type: 4, flags: 64 });
    expect(first.embeds[0]?.description).toBe('Thanks for your feedback 👍');
    const second = sent(await interact(h, buttonPress(h.guild, down)));
    expect(second.embeds[0]?.description).toBe('Thanks, your feedback is now 👎');
    expect(h.standIn.calls.slice(from).filter((c) => c.method === 'PATCH' || c.method === 'DELETE')).toEqual([]);
    expect(await votesFor(question)).toEqual([expect.objectContaining({ vote: 'down', answered: true, platform: 'discord' })]);
  });

  it('another member adds a vote of their own', async () => {
    const question = 'Who runs Cyberport?';
    const { up } = await askSlash(question);
    await interact(h, buttonPress(h.guild, up));
    const other = sent(await interact(h, buttonPress({ ...h.guild, user: person('carol') }, up)));
    expect(other.embeds[0]?.description).toBe('Thanks for your feedback 👍');
    expect((await votesFor(question)).map((r) => r.vote)).toEqual(['up', 'up']);
  });

  it('/feedback as a slash command and typed in a DM rates the last answer there', async () => {
    const question = 'Where is CATL setting up its research centre?';
    await askSlash(question);
    const slash = sent(await interact(h, slashCommand(h.guild, 'feedback', { vote: 'down', note: 'wrong place' })));
    expect(slash).toMatchObject({ flags: 64 });
    expect(slash.embeds[0]?.description).toBe('Thanks for your feedback 👎');
    expect(await votesFor(question)).toEqual([expect.objectContaining({ vote: 'down', note: 'wrong place' })]);

    const dm = h.dm.channelId;
    h.standIn.dispatch('MESSAGE_CREATE', messageCreate(h.dm, 'What did CATL announce?'));
    await h.standIn.waitForCall({ method: 'POST', path: `/channels/${dm}/messages` });
    const from = h.standIn.calls.length;
    h.standIn.dispatch('MESSAGE_CREATE', messageCreate(h.dm, '/feedback up'));
    const reply = sent(await h.standIn.waitForCall({ method: 'POST', path: `/channels/${dm}/messages` }, { from }));
    expect(reply.embeds[0]?.description).toBe('Thanks for your feedback 👍');
    expect(await votesFor('What did CATL announce?')).toEqual([expect.objectContaining({ vote: 'up', platform: 'discord' })]);
  });

  it('a forged answer id gets a polite private answer', async () => {
    const reply = sent(await interact(h, buttonPress(h.guild, 'run:feedback:up #AAAAAAAA')));
    expect(reply.flags).toBe(64);
    expect(reply.embeds[0]?.description).toBe('That answer can no longer be rated. Ask again and rate the new answer.');
  });
});
