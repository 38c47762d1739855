// The alert commands as a user meets them: subscribe by any name, friendly refusals, group admins, limits, unsubscribe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../../commands/index.js';
import { testContext } from '../support/command-context.js';
import { startHarness, textOf, type Harness } from './helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());

const list = async (id: string, type: 'private' | 'group' = 'private') => textOf(await h.say(h.chat(id, { type }), '/subscriptions'));

describe('subscribe', () => {
  it('resolves an organisation by alias, Chinese name or misspelling to the same subscription', async () => {
    expect(textOf(await h.say(h.chat('c1'), '/subscribe HKSTP'))).toContain('Hong Kong Science and Technology Parks Corporation');
    expect(textOf(await h.say(h.chat('c1'), '/subscribe 香港科技園'))).toContain('already follows Hong Kong Science and Technology Parks Corporation');
    expect(textOf(await h.say(h.chat('c1'), '/subscribe org Cyberpot'))).toContain('Cyberport');
    expect(await list('c1')).toMatch(/1\. Hong Kong Science and Technology Parks Corporation \(stop: \/unsubscribe org hkstp\)\n2\. Cyberport/);
  });

  it('takes sectors, keywords and "all"', async () => {
    expect(textOf(await h.say(h.chat('c2'), '/subscribe sector FinTech'))).toContain('sector "fintech"');
    expect(textOf(await h.say(h.chat('c2'), '/subscribe keyword  Silicon   Carbide '))).toContain('keyword "silicon carbide"');
    expect(textOf(await h.say(h.chat('c2'), '/subscribe all'))).toContain('all announcements');
    expect(await list('c2')).toContain('Alerts in this chat (3 of 50)');
  });

  it('answers bad input with a clear, friendly reply and changes nothing', async () => {
    const unknown = await h.say(h.chat('c3'), '/subscribe Zorblax Holdings');
    expect(unknown).toMatchObject({ kind: 'notice', tone: 'info' });
    expect(textOf(unknown)).toContain('I don\'t know an organisation called "Zorblax Holdings"');
    expect(textOf(unknown)).toContain('/subscribe keyword Zorblax Holdings');
    expect(textOf(await h.say(h.chat('c3'), '/subscribe sector underwater basket weaving'))).toContain("I don't know the sector");
    expect(textOf(await h.say(h.chat('c3'), '/subscribe keyword x'))).toContain('2 to 60 characters');
    expect(textOf(await h.say(h.chat('c3'), '/subscribe'))).toContain('/subscribe needs topic');
    expect(await list('c3')).toContain('This chat has no subscriptions yet');
  });

  it('keeps a chat to 50 subscriptions', async () => {
    for (let i = 0; i < 50; i++) await h.say(h.chat('c4'), `/subscribe keyword word${i}`);
    const reply = await h.say(h.chat('c4'), '/subscribe keyword one-too-many');
    expect(textOf(reply)).toContain('already has 50 subscriptions');
    expect(await list('c4')).toContain('(50 of 50)');
  });
});

describe('groups', () => {
  it('lets only the group\'s admins change its subscriptions; members may look', async () => {
    const member = h.chat('-100500', { type: 'group', chatAdmin: false, userId: 'm1' });
    const admin = h.chat('-100500', { type: 'group', chatAdmin: true, userId: 'a1' });
    const refused = await h.say(member, '/subscribe Cyberport');
    expect(refused).toMatchObject({ kind: 'notice', tone: 'denied' });
    expect(textOf(refused)).toContain("Only this chat's admins can change its alerts");
    expect(await list('-100500', 'group')).toContain('no subscriptions yet');
    expect(textOf(await h.say(admin, '/subscribe Cyberport'))).toContain('Subscribed');
    expect(textOf(await h.say(member, '/unsubscribe org cyberport'))).toContain("Only this chat's admins");
    expect(textOf(await h.say(member, '/subscriptions'))).toContain('1. Cyberport');
    expect(textOf(await h.say(admin, '/unsubscribe org cyberport'))).toContain('No more alerts here about Cyberport');
  });
});

describe('unsubscribe and why', () => {
  it('stops by the text under an alert, by number, or everything', async () => {
    const chat = h.chat('c5');
    await h.say(chat, '/subscribe CATL');
    await h.say(chat, '/subscribe keyword battery');
    await h.say(chat, '/subscribe sector fintech');
    expect(textOf(await h.say(chat, '/unsubscribe org catl'))).toContain('No more alerts here about CATL');
    expect(textOf(await h.say(chat, '/unsubscribe 9'))).toContain('no subscription number 9');
    expect(textOf(await h.say(chat, '/unsubscribe 1'))).toContain('battery');
    expect(textOf(await h.say(chat, '/unsubscribe keyword nothing'))).toContain('does not follow');
    expect(textOf(await h.say(chat, '/unsubscribe everything'))).toContain('Removed all 1 subscriptions');
    expect(await list('c5')).toContain('no subscriptions yet');
  });

  it('explains an announcement from before the subscription, and an unknown one', async () => {
    await h.say(h.chat('admin', { admin: true }), '/announce CATL opens a battery lab in Hong Kong | A lab for batteries.');
    await h.say(h.chat('c6'), '/subscribe CATL');
    expect(textOf(await h.say(h.chat('c6'), '/why battery lab'))).toContain('before this chat subscribed to CATL');
    expect(textOf(await h.say(h.chat('c6'), '/why #99999'))).toContain("I can't find an announcement");
  });

  it('says so politely when alerts are not running', async () => {
    const reply = await runCommand('subscribe', { topic: 'all' }, testContext());
    expect(textOf(reply)).toBe('Alerts are not running on this bot right now.');
  });
});

describe('alert buttons under answers', () => {
  it('offers alerts about the organisation an answer is about, and the button subscribes', async () => {
    const reply = await h.say(h.chat('c9'), 'What did CATL announce?');
    if (reply.kind !== 'answer') throw new Error(reply.kind);
    const action = reply.actions?.find((a) => a.command === 'subscribe');
    expect(action).toMatchObject({ label: 'Alerts about CATL', args: 'catl' });
    expect(textOf(await h.say(h.chat('c9'), `/${action!.command} ${action!.args}`))).toContain('Subscribed');
    expect(await list('c9')).toContain('1. CATL');
  });
});
