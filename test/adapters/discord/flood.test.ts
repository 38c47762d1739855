// The flood guard on Discord (the same one, from commands/, as on Telegram): a user who floods gets one polite warning,
// then is ignored for a while; everyone else is answered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snowflake } from '../../support/discord-stand-in.js';
import { interact, sent, startHarness, visibleText, type Harness } from './harness.js';
import { messageCreate, person, slashCommand } from './payloads.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ flood: { limit: 3, windowMs: 60_000 } });
});
afterAll(async () => {
  await h?.stop();
});

const posts = (channelId: string) => h.standIn.callsTo({ method: 'POST', path: `/channels/${channelId}/messages` });

async function postsTo(channelId: string, count: number, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (posts(channelId).length < count) {
    if (Date.now() > end) throw new Error(`only ${posts(channelId).length} of ${count} messages in ${channelId}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return posts(channelId);
}

describe('discord flood guard', () => {
  it('answers a flooding user 3 times, warns once, then ignores the rest while another user is answered', async () => {
    const flooder = { channelId: snowflake(), user: person('mallory') };
    for (let i = 0; i < 8; i++) h.standIn.dispatch('MESSAGE_CREATE', messageCreate(flooder, 'What did CATL announce?'));
    await postsTo(flooder.channelId, 4);
    const other = { channelId: snowflake(), user: person('carol') };
    h.standIn.dispatch('MESSAGE_CREATE', messageCreate(other, 'Who is Albert Wong?'));
    const [answer] = await postsTo(other.channelId, 1);
    expect(sent(answer!).embeds[0]?.description).toMatch(/Albert Wong/);
    await new Promise((r) => setTimeout(r, 500));
    const replies = posts(flooder.channelId).map((c) => visibleText(sent(c)));
    expect(replies).toHaveLength(4);
    // The warning may overtake the answers still being written: what counts is three answers and one warning.
    expect(replies.filter((t) => t.includes('hire 500 staff'))).toHaveLength(3);
    expect(replies.filter((t) => /You're asking faster than I can read\. Please wait about \d+ seconds, then ask again\./.test(t))).toHaveLength(1);
  });

  it('counts slash commands too: the warning is shown only to the user, then nothing', async () => {
    const place = { ...h.guild, user: person('trent') };
    for (let i = 0; i < 3; i++) expect(visibleText(sent(await interact(h, slashCommand(place, 'org', { name: 'CATL' }))))).toMatch(/CATL/);
    const warned = sent(await interact(h, slashCommand(place, 'org', { name: 'CATL' })));
    expect(visibleText(warned)).toMatch(/asking faster than I can read/);
    expect(warned.flags).toBe(64);
    const ignored = slashCommand(place, 'org', { name: 'CATL' });
    h.standIn.dispatch('INTERACTION_CREATE', ignored);
    await new Promise((r) => setTimeout(r, 500));
    expect(h.standIn.callsTo({ method: 'POST', path: `/interactions/${ignored.id}/${ignored.token}/callback` })).toHaveLength(0);
  });
});
