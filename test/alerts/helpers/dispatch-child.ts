// A child process that only runs the dispatcher (Telegram sender) on DATA_DIR, to be killed with SIGKILL by a test or the benchmark.
import { createTelegramAlertSender } from '../../../src/adapters/telegram/alert-sender.js';
import { openDatabase } from '../../../src/alerts/db.js';
import { createDispatcher } from '../../../src/alerts/dispatcher.js';
import { createBudgets, memoryLimiters } from '../../../src/limits/index.js';
import { createLogger } from '../../../src/logger.js';

const db = openDatabase(process.env.DATA_DIR ?? 'data');
const dispatcher = createDispatcher({
  db,
  logger: createLogger({ level: 'warn', format: 'json' }),
  senders: { telegram: createTelegramAlertSender({ token: process.env.TELEGRAM_BOT_TOKEN ?? '', apiRoot: process.env.TELEGRAM_API_ROOT ?? '' }) },
  budgets: createBudgets({ tokens: { telegram: 'child' }, limiter: memoryLimiters, ...(process.env.NO_LIMITS ? { rules: false as const } : {}) }),
  maxInFlight: Number(process.env.MAX_IN_FLIGHT ?? 8),
  idlePollMs: 100,
});
dispatcher.start();
process.stdout.write(`started ${JSON.stringify({ resumedInFlight: dispatcher.stats().resumedInFlight })}\n`);
const report = setInterval(() => process.stdout.write(`stats ${JSON.stringify(dispatcher.stats())}\n`), 200);
process.on('SIGTERM', () => {
  clearInterval(report);
  void dispatcher.stop().then(() => {
    db.close();
    process.exit(0);
  });
});
