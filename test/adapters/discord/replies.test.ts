// Replies that need care: a slow answer is deferred, a long one is split, a 429 is waited out, a failure is private.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLog } from '../../support/logs.js';
import { defineCommand, registerCommands } from '../../../commands/index.js';
import type { Answer } from '../../../src/core/index.js';
import { DISCORD_LIMITS, embedLength } from '../../../src/adapters/discord/index.js';
import { TOKEN, buttons, interact, sent, startHarness, visibleText, type Harness } from './harness.js';
import { slashCommand } from './payloads.js';

const sentence = (i: number) => `Sentence ${i} of a very long answer about Hong Kong's innovation and technology parks and their start-ups.`;
const LONG_TEXT = Array.from({ length: 120 }, (_, i) => sentence(i)).join(' ');

function longAnswer(): Answer {
  return {
    question: 'everything',
    answered: true,
    text: LONG_TEXT,
    citations: [{ source: 's', title: 'A long article', quote: 'A quote.', url: 'https://example.org/a' }],
    entities: [],
    suggestions: [],
    intent: 'general',
  };
}

registerCommands([
  defineCommand({
    name: 'test_slow',
    description: 'Answers after a while',
    usage: '/test_slow',
    options: [],
    run: async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { kind: 'notice', tone: 'success', text: 'Done at last.' };
    },
  }),
  defineCommand({
    name: 'test_slow_refusal',
    description: 'Refuses after a while',
    usage: '/test_slow_refusal',
    options: [],
    run: async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return { kind: 'notice', tone: 'denied', text: 'Not for you.' };
    },
  }),
  defineCommand({
    name: 'test_long',
    description: 'A very long answer',
    usage: '/test_long',
    options: [],
    run: () => ({ kind: 'answer', answer: longAnswer(), actions: [{ label: 'Sources', command: 'sources' }] }),
  }),
  defineCommand({
    name: 'test_broken',
    description: 'Always fails',
    usage: '/test_broken',
    options: [],
    run: () => {
      throw new Error(`database exploded with ${TOKEN}`);
    },
  }),
]);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deferAfterMs: 100 });
});
afterAll(async () => {
  await h?.stop();
});

describe('discord replies', () => {
  it('defers a slow answer (the user sees "thinking…") and then edits the reply', async () => {
    const payload = slashCommand(h.guild, 'test_slow');
    const callback = await interact(h, payload);
    expect(sent(callback).type).toBe(5);
    const edit = await h.standIn.waitForCall({ method: 'PATCH', path: `/webhooks/${h.standIn.applicationId}/${payload.token}/messages/@original` });
    expect(sent(edit).embeds[0]?.description).toBe('Done at last.');
    expect(sent(edit).allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('a slow refusal replaces the public "thinking…" with a private message', async () => {
    const payload = slashCommand(h.guild, 'test_slow_refusal');
    expect(sent(await interact(h, payload)).type).toBe(5);
    const followUp = await h.standIn.waitForCall({ method: 'POST', path: `/webhooks/${h.standIn.applicationId}/${payload.token}` });
    expect(sent(followUp).flags).toBe(64);
    expect(sent(followUp).embeds[0]?.description).toBe('Not for you.');
    expect(h.standIn.callsTo({ method: 'DELETE', path: `/webhooks/${h.standIn.applicationId}/${payload.token}/messages/@original` })).toHaveLength(1);
  });

  it('splits an answer over 4,096 characters into messages within every limit, buttons under the last', async () => {
    expect(LONG_TEXT.length).toBeGreaterThan(12_000);
    const payload = slashCommand(h.guild, 'test_long');
    const first = sent(await interact(h, payload));
    expect(first.type).toBe(4);
    const webhook = `/webhooks/${h.standIn.applicationId}/${payload.token}`;
    await h.standIn.waitForCall((c) => c.method === 'POST' && c.path === webhook && visibleText(sent(c)).includes('A long article'));
    const messages = [first, ...h.standIn.callsTo({ method: 'POST', path: webhook }).map(sent)];
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) {
      expect(message.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
      expect(message.embeds.reduce((n, e) => n + embedLength(e as never), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
      for (const e of message.embeds) expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
      expect(message.allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
    const text = messages.flatMap((m) => m.embeds.map((e) => e.description ?? '')).join(' ');
    expect(text.replace(/\s+/g, ' ')).toContain(sentence(0));
    expect(text).toContain(sentence(119));
    expect(messages.slice(0, -1).every((m) => buttons(m).length === 0)).toBe(true);
    expect(buttons(messages.at(-1)!).map((b) => b.label)).toEqual(['Sources']);
  });

  it('waits out a 429 from the API and still delivers the reply', async () => {
    h.standIn.fail({ method: 'POST', path: /\/callback$/ }, { status: 429, retryAfter: 1 });
    const payload = slashCommand(h.guild, 'about');
    h.standIn.dispatch('INTERACTION_CREATE', payload);
    const path = `/interactions/${payload.id}/${payload.token}/callback`;
    const ok = await h.standIn.waitForCall((c) => c.path === path && c.status === 204);
    const attempts = h.standIn.callsTo({ method: 'POST', path });
    expect(attempts.map((c) => c.status)).toEqual([429, 204]);
    expect(ok.at - attempts[0]!.at).toBeGreaterThanOrEqual(900);
    expect(sent(ok).embeds[0]?.title).toBe('About this bot');
    expect(findLog(h.logs, 'warn', 'rate limited, waiting')).toMatchObject({ component: 'discord' });
  });

  it('a failing command is logged with context and shown privately, never the token', async () => {
    const payload = slashCommand(h.guild, 'test_broken');
    const reply = sent(await interact(h, payload));
    expect(reply.flags).toBe(64);
    expect(reply.embeds[0]?.description).toContain('Sorry, something went wrong');
    const line = h.logs.find((l) => l.includes('"msg":"command failed"'));
    expect(findLog(h.logs, 'error', 'command failed')).toMatchObject({ component: 'discord', command: 'test_broken', update: payload.id, kind: 'other' });
    expect(line).toContain('[redacted]');
    expect(h.logs.join('\n')).not.toContain(TOKEN);
    expect(h.logs.join('\n')).not.toContain(payload.token);
  });

  it('stop() disconnects from the gateway', async () => {
    await h.bot.stop();
    expect(h.bot.client.isReady()).toBe(false);
    expect(findLog(h.logs, 'info', 'stopped')).toMatchObject({ component: 'discord' });
  });
});
