// `npm run ask -- "question"` answers one question; `npm run --silent ask -- --json` answers lines of stdin as JSON.
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { createApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { redact } from '../../redact.js';
import { consoleContext } from './context.js';
import { answerInChat } from '../../../commands/index.js';
import { renderText } from './render.js';
import type { Answer } from '../../core/index.js';

/** The evaluation's contract: one JSON object per question, in order. Keep it stable. */
export function answerJson(answer: Answer): string {
  return JSON.stringify({
    question: answer.question,
    answered: answer.answered,
    text: answer.text,
    citations: answer.citations.map((c) => ({ source: c.source, title: c.title, quote: c.quote, ...(c.url ? { url: c.url } : {}) })),
    entities: answer.entities,
  });
}

const USAGE = 'Usage: npm run ask -- "What did CATL announce?"   or   npm run --silent ask -- --json < questions.txt';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    process.stderr.write(`ask: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (parsed.values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const json = parsed.values.json ?? false;
  const question = parsed.positionals.join(' ').trim();
  if (!json && !question) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  const app = createApp({ knowledgeDir: config.KNOWLEDGE_DIR, dataDir: config.DATA_DIR });
  if (!json) {
    process.stdout.write(`${renderText(await answerInChat(question, consoleContext(app)))}\n`);
    return 0;
  }
  if (question) {
    process.stdout.write(`${answerJson(app.core.ask(question))}\n`);
    return 0;
  }
  const rl = createInterface({ input: process.stdin, terminal: false });
  for await (const line of rl) {
    // Each line is its own question: no follow-up context between lines.
    process.stdout.write(`${answerJson(app.core.ask(line))}\n`);
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${redact(error instanceof Error ? error.message : String(error))}\n`);
    process.exitCode = 1;
  },
);
