// Pure rendering: every reply within Discord's limits, escaped, with buttons that fit; alert messages; chat admins.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../commands/types.js';
import { PermissionsBitField } from 'discord.js';
import {
  DISCORD_LIMITS,
  actionRows,
  buildAlertMessages,
  decodeAction,
  embedLength,
  renderDiscordReply,
  toMessageBody,
  type DiscordMessage,
} from '../../../src/adapters/discord/index.js';
import { discordContext } from '../../../src/adapters/discord/context.js';
import { createApp } from '../../../src/app.js';

function expectWithinLimits(messages: DiscordMessage[]): void {
  expect(messages.length).toBeGreaterThan(0);
  for (const m of messages) {
    expect(m.embeds.length).toBeGreaterThan(0);
    expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedsPerMessage);
    expect(m.embeds.reduce((n, e) => n + embedLength(e), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    for (const e of m.embeds) {
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.title);
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.description);
      expect(e.fields?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
      for (const f of e.fields ?? []) {
        expect(f.name.length).toBeGreaterThan(0);
        expect(f.name.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
        expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
      }
    }
    for (const row of m.components) for (const b of row.components) expect(b.custom_id.length).toBeLessThanOrEqual(DISCORD_LIMITS.customId);
  }
}

describe('discord rendering', () => {
  it('splits a 10,000-character answer at sentence boundaries, keeping every word', () => {
    const text = Array.from({ length: 100 }, (_, i) => `Fact number ${i} is about a science park in Hong Kong.`).join(' ').repeat(2);
    const reply: Reply = {
      kind: 'answer',
      answer: { question: 'q', answered: true, text, citations: [], entities: [], suggestions: [], intent: 'general' },
      actions: [{ label: 'Sources', command: 'sources' }],
    };
    const messages = renderDiscordReply(reply);
    expectWithinLimits(messages);
    const descriptions = messages.flatMap((m) => m.embeds.map((e) => e.description ?? ''));
    expect(descriptions.length).toBeGreaterThan(2);
    for (const d of descriptions.slice(0, -1)) expect(d).toMatch(/\.$/);
    expect(descriptions.join(' ')).toBe(text);
    expect(messages.at(-1)?.components).toHaveLength(1);
    expect(messages.slice(0, -1).every((m) => m.components.length === 0)).toBe(true);
  });

  it('puts more than 25 fields in further embeds', () => {
    const commands = Array.from({ length: 40 }, (_, i) => ({ name: `c${i}`, description: `Command ${i}`, usage: `/c${i}` }));
    const messages = renderDiscordReply({ kind: 'help', title: 'Help', intro: 'Intro', commands, examples: [] });
    expectWithinLimits(messages);
    expect(messages.flatMap((m) => m.embeds).flatMap((e) => e.fields ?? [])).toHaveLength(40);
  });

  it('escapes markdown a user typed, so it shows as typed', () => {
    const [message] = renderDiscordReply({ kind: 'notice', tone: 'info', text: '# Big\n**bold** _it_ `code` [x](https://evil.example) ||spoiler||' });
    expect(message?.embeds[0]?.description).toBe('\\# Big\n\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[x](https://evil.example) \\|\\|spoiler\\|\\|');
  });

  it('shows errors and refusals privately, other notices publicly', () => {
    expect(renderDiscordReply({ kind: 'notice', tone: 'error', text: 'bad' })[0]?.ephemeral).toBe(true);
    expect(renderDiscordReply({ kind: 'notice', tone: 'denied', text: 'no' })[0]?.ephemeral).toBe(true);
    expect(renderDiscordReply({ kind: 'notice', tone: 'info', text: 'hi' })[0]?.ephemeral).toBe(false);
  });

  it('drops buttons whose custom_id cannot fit and never repeats one', () => {
    const rows = actionRows([
      { label: 'A', command: 'org', args: 'x'.repeat(200) },
      { label: 'B', command: 'org', args: 'catl' },
      { label: 'B again', command: 'org', args: 'catl' },
      ...Array.from({ length: 8 }, (_, i) => ({ label: `L${i}`, command: 'org', args: `e${i}` })),
    ]);
    const ids = rows.flatMap((r) => r.components.map((b) => b.custom_id));
    expect(ids[0]).toBe('run:org:catl');
    expect(new Set(ids).size).toBe(ids.length);
    expect(rows.map((r) => r.components.length)).toEqual([5, 4]);
    expect(decodeAction(ids[0]!)).toEqual({ command: 'org', args: 'catl' });
    expect(decodeAction('run:ORG;drop')).toBeUndefined();
  });

  it('keeps any notice or list within every limit (property)', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 9000 }), fc.array(fc.string({ maxLength: 2000 }), { maxLength: 60 }), fc.string({ maxLength: 400 }), (text, items, title) => {
        expectWithinLimits(renderDiscordReply({ kind: 'notice', tone: 'info', title, text }));
        expectWithinLimits(renderDiscordReply({ kind: 'list', title, items, empty: 'none', footer: text.slice(0, 3000) }));
      }),
      { numRuns: 60 },
    );
  });
});

describe('discord alert messages', () => {
  it('shows title, summary, entities, link, why it matched and how to unsubscribe, and pings nobody', () => {
    const [message] = buildAlertMessages({
      title: 'Cyberport opens an AI lab @everyone',
      summary: 'Cyberport announced a new *AI* lab.',
      url: 'https://example.org/news/1',
      entities: ['Cyberport'],
      matched: 'organisation Cyberport',
      unsubscribe: '/unsubscribe Cyberport',
      date: '2024-05-01',
      actions: [{ label: 'More about Cyberport', command: 'org', args: 'cyberport' }],
    });
    const body = toMessageBody(message!);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const embed = body.embeds![0]!;
    expect(embed.title).toBe('New: Cyberport opens an AI lab @everyone');
    expect(embed.url).toBe('https://example.org/news/1');
    expect(embed.description).toContain('Cyberport announced a new \\*AI\\* lab.');
    expect(embed.description).toContain('[Read the announcement](https://example.org/news/1)');
    expect(embed.fields).toEqual([
      { name: 'About', value: 'Cyberport', inline: true },
      { name: 'Why you got this', value: 'organisation Cyberport', inline: true },
    ]);
    expect(embed.footer?.text).toBe('To stop these alerts: /unsubscribe Cyberport');
    expect(body.components).toHaveLength(1);
  });
});

describe('discord command context', () => {
  const app = createApp({ knowledgeDir: 'knowledge' });
  const deps = { app, config: { ADMIN_IDS: ['discord:42'] }, services: {} };
  const source = (guildId: string | null, bits: bigint) => ({
    channelId: '7',
    guildId,
    userId: '42',
    permissions: async () => new PermissionsBitField(bits),
  });

  it('a member with Manage Server or Administrator is a chat admin; others are not; a DM is always the user’s own', async () => {
    expect(await discordContext(deps, source('1', PermissionsBitField.Flags.ManageGuild)).user.isChatAdmin()).toBe(true);
    expect(await discordContext(deps, source('1', PermissionsBitField.Flags.Administrator)).user.isChatAdmin()).toBe(true);
    expect(await discordContext(deps, source('1', PermissionsBitField.Flags.SendMessages)).user.isChatAdmin()).toBe(false);
    expect(await discordContext(deps, source(null, 0n)).user.isChatAdmin()).toBe(true);
  });

  it('ADMIN_IDS makes a bot admin; the chat is the channel and its memory is per channel', () => {
    const ctx = discordContext(deps, source('1', 0n));
    expect(ctx.isAdmin).toBe(true);
    expect(ctx.chat).toEqual({ id: '7', type: 'group' });
    expect(discordContext(deps, { ...source(null, 0n), userId: '43' }).isAdmin).toBe(false);
    expect(ctx.state).toBe(app.memory.get('discord:7'));
  });
});
