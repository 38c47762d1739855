// Replies over Telegram's 4,096 characters arrive split and intact; a command that throws gets a polite reply.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { findLog, logRecords } from '../../support/logs.js';
import { defineCommand, registerCommands } from '../../../commands/index.js';
import { startHarness, type Harness } from './harness.js';

const paragraph = (i: number) => `<Paragraph ${i}> & "quotes" — ${'word '.repeat(80).trim()} @everyone.`;
const items = Array.from({ length: 12 }, (_, i) => paragraph(i));

registerCommands([
  defineCommand({
    name: 'essay',
    description: 'Test only: a reply of about 5,000 characters',
    usage: '/essay',
    options: [],
    run: () => ({ kind: 'list', title: 'A long list', items, empty: '', actions: [{ label: 'Sources', command: 'sources' }] }),
  }),
  defineCommand({
    name: 'broken',
    description: 'Test only: a command that throws',
    usage: '/broken',
    options: [],
    run: () => {
      throw new Error('boom');
    },
  }),
]);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.stop();
});

describe('telegram: long replies', () => {
  it('splits a 5,000-character reply into valid messages without losing a word', async () => {
    const visible = items.map((i) => `• ${i}`).join('\n');
    expect(visible.length).toBeGreaterThan(5000);
    h.standIn.sendText('/essay', { userId: 21 });
    const parts = await h.standIn.waitForMessages(21, 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(h.standIn.messages(21)).toHaveLength(2);
    for (const part of parts) expect(part.text.length).toBeLessThanOrEqual(4096);
    const joined = parts.map((p) => p.text).join('\n').replace(/\u2060/g, '');
    for (const item of items) expect(joined).toContain(item);
    // Split at a line break: each part ends with a whole item.
    expect(parts[0]!.text).toMatch(/@\u2060everyone\.$/);
    // The buttons go under the last part only.
    expect(parts[0]!.buttons).toEqual([]);
    expect(parts[1]!.buttons.flat().map((b) => b.callback_data)).toEqual(['c:sources']);
  });
});

describe('telegram: error boundary', () => {
  it('a failing command gets a polite reply and is logged with context, never the token', async () => {
    h.standIn.sendText('/broken', { userId: 22 });
    const [m] = await h.standIn.waitForMessages(22, 1);
    expect(m!.text).toContain("Sorry, something went wrong on my side and I couldn't finish /broken. Please try again in a moment.");
    const log = findLog(h.logs, 'error', 'command failed');
    expect(log).toMatchObject({ component: 'telegram', chat: 22, command: 'broken', update: expect.any(Number), kind: 'other', err: { type: 'Error', message: 'boom' } });
    // The stack is kept, down to the command that threw.
    expect((log!.err as { stack: string }).stack).toMatch(/^Error: boom\n\s+at /);
    expect(h.logs.join('\n')).not.toContain(h.standIn.token);
    h.standIn.sendText('/org CATL', { userId: 22 });
    const [, next] = await h.standIn.waitForMessages(22, 2);
    expect(next!.text).toMatch(/^CATL/);
    // Each update is logged once answered, bound to its chat, update and command, with its latency.
    await vi.waitFor(() => expect(logRecords(h.logs).find((r) => r.msg === 'replied' && r.command === 'org' && r.chat === 22)).toMatchObject({ level: 'info', component: 'telegram', reply: 'profile', update: expect.any(Number), latencyMs: expect.any(Number) }));
  });
});
