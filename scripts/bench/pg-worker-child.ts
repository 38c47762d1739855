// One delivery worker process for the PostgreSQL alerts benchmark: reports its figures on stdout when told to stop.
import { hostname } from 'node:os';
import { createTelegramAlertSender } from '../../src/adapters/telegram/alert-sender.js';
import { createBudgets, postgresLimiters } from '../../src/limits/index.js';
import { createLogger } from '../../src/logger.js';
import { createPgWorker } from '../../src/outbox/pg-worker.js';
import { createPgOutbox, startQueue } from '../../src/outbox/queue.js';
import { pgStore } from '../../src/storage/postgres/pg-store.js';
import { createPool } from '../../src/storage/postgres/pool.js';

const env = process.env;
const schema = env.DATABASE_SCHEMA!;
const logger = createLogger({ level: 'warn', format: 'json' });
const pool = createPool({ connectionString: env.DATABASE_URL!, schema, max: 4 });
const boss = await startQueue({ connectionString: env.DATABASE_URL!, schema, logger, leaseSeconds: 60 });
const store = pgStore({ pool, schema, outbox: createPgOutbox(boss, schema) });
const limited = env.LIMITS === 'telegram';
const budgets = createBudgets({ tokens: { telegram: env.TOKEN! }, limiter: postgresLimiters(pool, schema), ...(limited ? {} : { rules: false as const }) });
const worker = createPgWorker({
  boss,
  store,
  logger,
  workerId: `${hostname()}:${process.pid}`,
  leaseMs: 60_000,
  maxInFlight: Number(env.MAX_IN_FLIGHT ?? (limited ? 16 : 512)),
  idlePollMs: 50,
  senders: { telegram: createTelegramAlertSender({ token: env.TOKEN!, apiRoot: env.API_ROOT!, timeoutSeconds: 10 }) },
  budgets,
});
// CPU spent from here on: the deliveries' (start-up and compiling the TypeScript are not).
const cpuAtReady = (process.cpuUsage().user + process.cpuUsage().system) / 1000;
worker.start();
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  void (async () => {
    await worker.stop();
    const budget = budgets.telegram!.stats();
    process.stdout.write(`done ${JSON.stringify({ ...worker.stats(), lateSlots: budget.lateSlots, granted: budget.granted, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 - cpuAtReady, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
    await boss.stop({ graceful: false, wait: true, close: true });
    await pool.end();
    process.exit(0);
  })();
});
