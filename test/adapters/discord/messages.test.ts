// Free-text questions: DMs and mentions in a server channel, answered as replies that ping nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sent, startHarness, visibleText, type Harness } from './harness.js';
import { messageCreate } from './payloads.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function say(place: Harness['guild'], content: string, mentionBot = false) {
  const from = h.standIn.calls.length;
  const payload = messageCreate(place, content, mentionBot ? [h.standIn.botUser] : []);
  h.standIn.dispatch('MESSAGE_CREATE', payload);
  const call = await h.standIn.waitForCall({ method: 'POST', path: `/channels/${place.channelId}/messages` }, { from });
  return { payload, call, reply: sent(call), from };
}

describe('discord free-text questions', () => {
  it('answers a question in a DM, as a reply, after showing it is typing', async () => {
    const { payload, reply, from } = await say(h.dm, 'What did CATL announce?');
    expect(reply.message_reference?.message_id).toBe(payload.id);
    expect(reply.embeds[0]?.description).toContain('hire 500 staff');
    expect(visibleText(reply)).toContain('Quotes are verbatim');
    expect(h.standIn.callsTo({ method: 'POST', path: `/channels/${h.dm.channelId}/typing` }).length).toBeGreaterThan(0);
    expect(h.standIn.calls.slice(from).some((c) => c.path.includes('/typing'))).toBe(true);
  });

  it('follows up in the same DM with the remembered organisation', async () => {
    const { reply } = await say(h.dm, 'How many staff will it hire?');
    expect(reply.embeds[0]?.description).toContain('500');
  });

  it('answers a mention in a server channel and ignores messages not for it', async () => {
    const from = h.standIn.calls.length;
    h.standIn.dispatch('MESSAGE_CREATE', messageCreate(h.guild, 'just chatting about CATL, not for the bot'));
    const { payload, reply } = await say(h.guild, `<@${h.standIn.botUser.id}> Who is Albert Wong?`, true);
    expect(reply.message_reference?.message_id).toBe(payload.id);
    expect(reply.embeds[0]?.description).toMatch(/Albert Wong.*chief executive officer/i);
    const posted = h.standIn.callsTo((c) => c.method === 'POST' && c.path === `/channels/${h.guild.channelId}/messages`);
    expect(posted.filter((c) => h.standIn.calls.indexOf(c) >= from)).toHaveLength(1);
  });

  it('a mention with @everyone, @here and a role pings nobody', async () => {
    const { reply } = await say(h.guild, `<@${h.standIn.botUser.id}> @everyone @here <@&123456789012345678> what did CATL announce?`, true);
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply).not.toHaveProperty('content');
    expect(reply.embeds[0]?.description).toContain('500 staff');
  });

  it('a bare mention gets a hint, and a "/command" in a DM runs the command', async () => {
    const hint = await say(h.guild, `<@${h.standIn.botUser.id}>`, true);
    expect(hint.reply.embeds[0]?.description).toContain('Ask me a question');
    const org = await say(h.dm, '/org 數碼港');
    expect(org.reply.embeds[0]?.title).toBe('Cyberport (organisation)');
  });

  it('ignores messages from other bots', async () => {
    const robot = { ...h.dm.user, id: '999999999999999999', username: 'robot', bot: true };
    const from = h.standIn.calls.length;
    h.standIn.dispatch('MESSAGE_CREATE', messageCreate({ ...h.dm, user: robot }, 'What did CATL announce?'));
    const { payload } = await say(h.dm, 'Who is Albert Wong?');
    const replies = h.standIn.calls.slice(from).filter((c) => c.path === `/channels/${h.dm.channelId}/messages`);
    expect(replies.map((c) => sent(c).message_reference?.message_id)).toEqual([payload.id]);
  });
});
