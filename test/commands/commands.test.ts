import { describe, expect, it } from 'vitest';
import { dispatchText, findCommand, runCommand, type Reply } from '../../commands/index.js';
import { testContext } from '../support/command-context.js';

async function run(name: string, options: Record<string, string | number | undefined> = {}, ctx = testContext()): Promise<Reply> {
  return runCommand(name, options, ctx);
}

describe('commands, with the real knowledge base and no platform', () => {
  it('/start greets and lists the commands with examples', async () => {
    const reply = await run('start');
    expect(reply.kind).toBe('help');
    if (reply.kind !== 'help') return;
    expect(reply.title).toMatch(/Hello/);
    expect(reply.commands.map((c) => c.name)).toEqual(expect.arrayContaining(['ask', 'org', 'search', 'latest', 'sources']));
    expect(reply.examples.length).toBeGreaterThan(0);
  });

  it('/help lists every public command with its usage', async () => {
    const reply = await run('help');
    if (reply.kind !== 'help') throw new Error(reply.kind);
    for (const c of reply.commands) expect(c.usage).toMatch(/^\//);
  });

  it('/ask answers with a citation and offers next steps', async () => {
    const ctx = testContext();
    const reply = await run('ask', { question: 'How much will J2 Semiconductor invest?' }, ctx);
    if (reply.kind !== 'answer') throw new Error(reply.kind);
    expect(reply.answer.answered).toBe(true);
    expect(reply.answer.text).toContain('HK$6.9 billion');
    expect(reply.answer.citations[0]?.quote).toContain('6.9 billion');
    expect(reply.actions?.map((a) => a.command)).toEqual(expect.arrayContaining(['sources', 'org']));
    expect(ctx.state.recentEntities[0]).toBe('j2-semiconductor');
  });

  it('/ask without a question explains how to ask', async () => {
    const reply = await run('ask', { question: '' });
    expect(reply.kind).toBe('notice');
  });

  it('/org finds an organisation by alias, a person and a park', async () => {
    for (const [name, id] of [['HKSTP', 'hkstp'], ['Albert Wong', 'albert-wong'], ['數碼港', 'cyberport']] as const) {
      const reply = await run('org', { name });
      if (reply.kind !== 'profile') throw new Error(`${name}: ${reply.kind}`);
      expect(reply.profile.entity.id).toBe(id);
      expect(reply.profile.description.length).toBeGreaterThan(10);
    }
  });

  it('/org with an unknown name suggests close names', async () => {
    const reply = await run('org', { name: 'Cyberprt' });
    expect(reply.kind === 'profile' ? reply.profile.entity.id : reply.kind).toBe('cyberport');
    const unknown = await run('org', { name: 'Zzyzx Holdings' });
    expect(unknown.kind).toBe('notice');
    if (unknown.kind === 'notice') expect(unknown.text).toContain("I don't know");
  });

  it('/search returns ranked passages with snippets', async () => {
    const reply = await run('search', { query: 'unicorns' });
    if (reply.kind !== 'search') throw new Error(reply.kind);
    expect(reply.result.hits.length).toBeGreaterThan(0);
    expect(reply.result.hits[0]!.snippet.toLowerCase()).toContain('unicorn');
  });

  it('/search with no match says so', async () => {
    const reply = await run('search', { query: 'xylophone zebra' });
    expect(reply.kind).toBe('notice');
  });

  it('/latest lists announcements, also for one organisation', async () => {
    const all = await run('latest');
    if (all.kind !== 'announcements') throw new Error(all.kind);
    expect(all.items.length).toBeGreaterThan(0);
    const one = await run('latest', { name: 'CATL' });
    if (one.kind !== 'announcements') throw new Error(one.kind);
    expect(one.items.every((i) => i.subject?.id === 'catl' || i.statement.includes('CATL'))).toBe(true);
  });

  it('/sources lists the articles', async () => {
    const reply = await run('sources');
    if (reply.kind !== 'sources') throw new Error(reply.kind);
    expect(reply.sources.length).toBeGreaterThanOrEqual(5);
  });

  it('/about says what the bot knows', async () => {
    const reply = await run('about');
    if (reply.kind !== 'notice') throw new Error(reply.kind);
    expect(reply.text).toMatch(/\d+ articles/);
  });

  it('dispatches text: commands with arguments, @botname suffixes and plain questions', async () => {
    const ctx = testContext();
    expect((await dispatchText('/org@hk_bot CATL', ctx, 'hk_bot'))?.kind).toBe('profile');
    expect(await dispatchText('/org@other_bot CATL', ctx, 'hk_bot')).toBeUndefined();
    expect((await dispatchText('what did CATL announce?', ctx))?.kind).toBe('answer');
    const unknown = await dispatchText('/frobnicate', ctx);
    expect(unknown?.kind === 'notice' && unknown.text).toContain("I don't know the command /frobnicate");
    const missing = await dispatchText('/org', ctx);
    expect(missing?.kind === 'notice' && missing.tone).toBe('error');
    expect(findCommand('ORG')?.name).toBe('org');
  });
});
