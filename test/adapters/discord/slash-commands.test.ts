// Every slash command, autocomplete and buttons, through discord.js against the local REST + gateway stand-in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../../commands/index.js';
import { buttons, interact, sent, startHarness, visibleText, type Harness } from './harness.js';
import { buttonPress, slashCommand } from './payloads.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

async function slash(name: string, options: Record<string, string | number> = {}) {
  const call = await interact(h, slashCommand(h.guild, name, options));
  expect(call.status).toBe(204);
  return sent(call);
}

describe('discord slash commands', () => {
  it('logs in through the local gateway only and identifies with the intents it needs', () => {
    const identify = h.standIn.gatewayFrames.find((f) => f.op === 2)?.d as { token: string; intents: number };
    expect(identify.token).toBe(h.bot.client.token);
    // Guilds | GuildMessages | DirectMessages | MessageContent
    expect(identify.intents).toBe((1 << 0) | (1 << 9) | (1 << 12) | (1 << 15));
    expect(h.standIn.callsTo({ method: 'GET', path: '/gateway/bot' })).toHaveLength(1);
    expect(h.bot.client.rest.options.api).toBe(h.standIn.apiRoot);
    expect(h.bot.client.ws.gateway).toBe(`${h.standIn.gatewayUrl}/`);
    expect(h.bot.client.isReady()).toBe(true);
  });

  it('/start greets and lists the commands', async () => {
    const reply = await slash('start');
    expect(reply.type).toBe(4);
    expect(reply.embeds[0]?.title).toMatch(/^Hello!/);
    expect(visibleText(reply)).toContain('/ask');
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it('/help lists every command of the registry with an example', async () => {
    const reply = await slash('help');
    const names = reply.embeds.flatMap((e) => e.fields ?? []).map((f) => f.name);
    for (const command of registry.filter((c) => !c.admin)) expect(names).toContain(`/${command.name}`);
    expect(visibleText(reply)).toContain('e.g. `/org HKSTP`');
  });

  it('/ask answers with the fact first, the verbatim quote and next-step buttons', async () => {
    const reply = await slash('ask', { question: 'What did CATL announce?' });
    const [embed] = reply.embeds;
    expect(embed?.description).toMatch(/^CATL .*hire 500 staff/);
    expect(embed?.fields?.[0]?.value).toContain('> Contemporary Amperex Technology (CATL), the world');
    expect(embed?.footer?.text).toBe('Quotes are verbatim from the articles.');
    expect(buttons(reply)).toEqual([
      expect.objectContaining({ label: 'Sources', custom_id: 'run:sources:' }),
      expect.objectContaining({ label: 'More about CATL', custom_id: 'run:org:catl' }),
    ]);
  });

  it('/org finds an organisation by its Chinese name', async () => {
    const reply = await slash('org', { name: '數碼港' });
    expect(reply.embeds[0]?.title).toBe('Cyberport (organisation)');
    expect(visibleText(reply)).toContain('數碼港');
    expect(visibleText(reply)).toMatch(/…and \d+ more/);
  });

  it('/search shows ranked passages with links to the articles', async () => {
    const reply = await slash('search', { query: 'semiconductor' });
    expect(reply.embeds[0]?.title).toBe('Results for “semiconductor”');
    expect(reply.embeds[0]?.fields?.length).toBeGreaterThan(0);
    expect(reply.embeds[0]?.fields?.[0]?.value.toLowerCase()).toContain('semiconductor');
    expect(reply.embeds.at(-1)?.footer?.text).toMatch(/^\d+ matches · showing \d+$/);
  });

  it('/latest lists announcements, and /latest with a name filters them', async () => {
    const all = await slash('latest');
    expect(all.embeds[0]?.title).toBe('Latest announcements');
    expect(all.embeds[0]?.description).toMatch(/^• \*\*\d{4}/);
    const catl = await slash('latest', { name: 'CATL' });
    expect(catl.embeds[0]?.title).toBe('Latest announcements about CATL');
  });

  it('/sources lists the articles with publisher, date and facts', async () => {
    const reply = await slash('sources');
    expect(reply.embeds[0]?.title).toBe(`Articles I have read (${h.app.core.sources().length})`);
    const lines = reply.embeds[0]?.description?.split('\n') ?? [];
    expect(lines).toHaveLength(h.app.core.sources().length);
    expect(lines[0]).toMatch(/^• HKSTP Reached out .* — The Post \(HKSTP press release\) \(2024-01, \d+ facts\)$/);
  });

  it('/about says what the bot knows', async () => {
    const reply = await slash('about');
    expect(reply.embeds[0]?.title).toBe('About this bot');
    expect(reply.embeds[0]?.description).toContain(`${h.app.core.stats.sources} articles`);
  });

  it('a question mentioning @everyone, a role and a user pings nobody', async () => {
    const reply = await slash('ask', { question: '@everyone @here <@&123456789012345678> <@234567890123456789> what did CATL announce?' });
    expect(reply.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(reply).not.toHaveProperty('content');
    expect(reply.embeds[0]?.description).toContain('500 staff');
  });
});

describe('discord autocomplete', () => {
  async function complete(command: string, option: string, typed: string) {
    const started = Date.now();
    const call = await interact(h, slashCommand(h.guild, command, { [option]: typed }, option));
    const body = call.body as { type: number; data: { choices: Array<{ name: string; value: string }> } };
    expect(body.type).toBe(8);
    return { choices: body.data.choices, ms: Date.now() - started };
  }

  it('offers Cyberport for its Chinese name 數碼港', async () => {
    const { choices } = await complete('org', 'name', '數碼港');
    expect(choices[0]).toEqual({ name: 'Cyberport (數碼港)', value: 'Cyberport' });
  });

  it('offers CATL for its alias, on /latest too', async () => {
    const { choices } = await complete('latest', 'name', 'Contemporary Amperex');
    expect(choices[0]).toEqual({ name: 'CATL (Contemporary Amperex)', value: 'CATL' });
  });

  it('offers at most 25 choices, fast, when nothing is typed yet', async () => {
    const { choices, ms } = await complete('org', 'name', '');
    expect(choices.length).toBe(25);
    expect(ms).toBeLessThan(1000);
  });
});

describe('discord buttons', () => {
  it('a "More about" button runs /org and answers publicly', async () => {
    const reply = sent(await interact(h, buttonPress(h.guild, 'run:org:catl')));
    expect(reply.type).toBe(4);
    expect(reply.flags ?? 0).toBe(0);
    expect(reply.embeds[0]?.title).toBe('CATL (company)');
  });

  it('a stale or forged button gets a polite private answer', async () => {
    for (const id of ['run:nosuchcommand:x', 'garbage']) {
      const reply = sent(await interact(h, buttonPress(h.guild, id)));
      expect(reply.flags).toBe(64);
      expect(reply.embeds[0]?.description).toContain('no longer works');
    }
  });
});
