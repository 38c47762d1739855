// Load check: 1,000 questions from 100 chats through the local Bot API stand-in; time, p99 per answer, nothing lost.
// Usage: npx tsx scripts/telegram-load.ts [--limits] [--chats 100] [--per-chat 10]
//   --limits  keep Telegram's outgoing limits on (30 messages/s): then the run takes at least questions/30 seconds.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { commandLine } from '../src/cli-args.js';
import { startTelegramBot } from '../src/adapters/telegram/index.js';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startTelegramStandIn } from '../test/support/telegram-stand-in.js';

const QUESTIONS = [
  'What did CATL announce?',
  'How many staff will CATL hire?',
  'What is HKSTP?',
  'Who runs Cyberport?',
  'What did Westwell announce?',
  '/org 數碼港',
  '/org HKSTP',
  'Where is the AI Supercomputing Centre?',
  '/search robotics',
  '/latest',
];

const USAGE = 'Usage: npm run bench:telegram [-- --chats 100] [-- --per-chat 10] [-- --limits]';
const { values } = commandLine('telegram-load', USAGE, () =>
  parseArgs({
    args: process.argv.slice(2),
    options: { limits: { type: 'boolean' }, chats: { type: 'string', default: '100' }, 'per-chat': { type: 'string', default: '10' }, help: { type: 'boolean', short: 'h' } },
  }),
);

/** A whole number of at least 1 from an option, or a clear stop. */
function count(name: 'chats' | 'per-chat'): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 1) {
    process.stderr.write(`telegram-load: --${name} must be a whole number of at least 1 (got "${values[name]}")\n`);
    process.exit(2);
  }
  return value;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<number> {
  const chats = count('chats');
  const perChat = count('per-chat');
  const limits = values.limits ?? false;
  const total = chats * perChat;

  const standIn = await startTelegramStandIn({ maxPollSeconds: 1 });
  const app = createApp({ knowledgeDir: 'knowledge' });
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: standIn.token, TELEGRAM_API_ROOT: standIn.apiRoot }, { dotenv: false });
  const logger = createLogger({ level: 'warn', format: 'json' });
  const telegram = await startTelegramBot({
    app,
    config,
    logger,
    tuning: { pollTimeoutSeconds: 1, throttle: limits ? {} : false, flood: { limit: perChat + 1 } },
  });

  // 100 private chats, one user each, 10 questions each, all queued at once.
  const updates = new Map<number, number[]>();
  const started = performance.now();
  for (let round = 0; round < perChat; round++) {
    for (let c = 0; c < chats; c++) {
      const chatId = 700_000 + c;
      const { updateId } = standIn.sendText(QUESTIONS[(round + c) % QUESTIONS.length]!, { userId: chatId });
      updates.set(chatId, [...(updates.get(chatId) ?? []), updateId]);
    }
  }
  const timeoutMs = limits ? 120_000 + total * 50 : 60_000;
  const deadline = Date.now() + timeoutMs;
  while (standIn.messages().length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const finished = performance.now();
  await new Promise((r) => setTimeout(r, 300)); // any extra (duplicate) message would show up now

  // Per chat, answers come in order (updates of one chat are handled one after another).
  const latencies: number[] = [];
  // Service time: from when the chat's previous answer went out (or delivery, if later) to this answer.
  const service: number[] = [];
  let lost = 0;
  let extra = 0;
  for (const [chatId, ids] of updates) {
    const answers = standIn.messages(chatId);
    if (answers.length < ids.length) lost += ids.length - answers.length;
    if (answers.length > ids.length) extra += answers.length - ids.length;
    ids.forEach((id, i) => {
      const delivered = standIn.deliveredAt(id);
      const answer = answers[i];
      if (delivered !== undefined && answer) {
        latencies.push(answer.at - delivered);
        service.push(answer.at - Math.max(delivered, answers[i - 1]?.at ?? 0));
      }
    });
  }
  latencies.sort((a, b) => a - b);
  service.sort((a, b) => a - b);
  // A getUpdates still waiting (status 0) is the poll in progress, not a failure.
  const failed = standIn.calls.filter((c) => c.status !== 200 && !(c.method === 'getUpdates' && c.status === 0)).length;
  const seconds = (finished - started) / 1000;

  await telegram.stop();
  await standIn.stop();

  const ms = (v: number) => `${v.toFixed(1)} ms`;
  process.stdout.write(
    [
      `Telegram load check: ${total} questions from ${chats} chats (${perChat} each), outgoing limits ${limits ? 'ON (30/s, 1/s per chat)' : 'off'}`,
      `  answered:          ${standIn.messages().length - extra} of ${total}   lost: ${lost}   duplicates: ${extra}   failed API calls: ${failed}`,
      `  time to answer all: ${seconds.toFixed(2)} s  (${(total / seconds).toFixed(0)} answers/s)`,
      `  per answer (update delivered → sendMessage received): p50 ${ms(percentile(latencies, 50))}, p90 ${ms(percentile(latencies, 90))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? NaN)}`,
      `  per answer excluding the wait behind the same chat's earlier questions: p50 ${ms(percentile(service, 50))}, p99 ${ms(percentile(service, 99))}`,
      '  (the stand-in runs in the same process and shares its CPU)',
      '',
    ].join('\n'),
  );
  return lost === 0 && extra === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`telegram-load: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
