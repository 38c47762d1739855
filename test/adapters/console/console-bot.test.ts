import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runConsoleBot } from '../../../src/adapters/console/console-bot.js';
import { createApp } from '../../../src/app.js';

async function chat(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const done = runConsoleBot(createApp({ knowledgeDir: 'knowledge' }), { input, output });
  for (const line of lines) input.write(`${line}\n`);
  input.end();
  await done;
  return text;
}

describe('the console chat', () => {
  it('answers questions and slash commands with the same replies as the chat platforms', async () => {
    const text = await chat(['What did CATL announce?', '/org 數碼港', '/help', '/sources']);
    expect(text).toContain('500');
    expect(text).toContain('Sources:');
    expect(text).toContain('Cyberport (organisation)');
    expect(text).toContain('/search');
    expect(text).toMatch(/Articles \(\d+\)/);
  });

  it('keeps follow-up context within the chat', async () => {
    const text = await chat(['Tell me about CATL', 'how many people will it hire?']);
    const answers = text.split('bot> ');
    expect(answers[2]).toContain('500');
  });

  it('replies politely to an unknown command and stops at /quit', async () => {
    const text = await chat(['/frobnicate', '/quit', 'What did CATL announce?']);
    expect(text).toContain("I don't know the command /frobnicate");
    expect(text).not.toContain('500 staff');
  });
});
