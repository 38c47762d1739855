// The interactive console chat: questions and every slash command, rendered as text.
import { createInterface } from 'node:readline';
import { dispatchText } from '../../../commands/index.js';
import type { App } from '../../app.js';
import type { Metrics } from '../../observability/types.js';
import { consoleContext } from './context.js';
import { renderText } from './render.js';

export interface ConsoleBotOptions {
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream;
  services?: Parameters<typeof consoleContext>[1];
  /** Questions and reply times are counted here, like any platform's (default: nowhere). */
  metrics?: Metrics;
}

/** Run the console chat until the input ends or the user types /quit. */
export async function runConsoleBot(app: App, options: ConsoleBotOptions = {}): Promise<void> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  const interactive = input === process.stdin && process.stdin.isTTY;
  const rl = createInterface({ input, output, terminal: Boolean(interactive), prompt: 'you> ' });
  const write = (text: string) => output.write(`${text}\n`);
  write("HK I&T bot — ask about Hong Kong's innovation and technology (English or 中文). /help for commands, /quit to leave.");
  if (interactive) rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text) {
      const started = performance.now();
      const reply = await dispatchText(text, consoleContext(app, options.services));
      if (reply) write(`bot> ${renderText(reply).replace(/\n/g, '\n     ')}\n`);
      if (reply) options.metrics?.replied('console', reply.kind === 'answer' ? { kind: reply.kind, answered: reply.answer.answered } : { kind: reply.kind }, (performance.now() - started) / 1000);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
