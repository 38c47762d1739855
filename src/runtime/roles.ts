// Starts what BOT_ROLES asks of this process: Telegram ingress, Discord gateway, delivery worker, feed poller.
import { hostname } from 'node:os';
import type { CommandServices } from '../../commands/types.js';
import { startDiscordBot } from '../adapters/discord/index.js';
import { createDiscordAlertSender } from '../adapters/discord/alert-sender.js';
import { startTelegramBot } from '../adapters/telegram/index.js';
import { createTelegramAlertSender } from '../adapters/telegram/alert-sender.js';
import { createConsoleSender, createFeedbackService, startAlerts, type RunningAlerts, type Senders } from '../alerts/index.js';
import type { App } from '../app.js';
import type { Config } from '../config.js';
import { createBudgets, type Budgets } from '../limits/index.js';
import type { Logger } from '../logger.js';
import { createPgWorker } from '../outbox/pg-worker.js';
import { createLeadership, soleLeadership, type Leadership } from './leadership.js';
import type { State } from './state.js';

export type Role = 'telegram' | 'discord' | 'worker' | 'poller';
const ALL: Role[] = ['telegram', 'discord', 'worker', 'poller'];

/** BOT_ROLES as a set ("webhook" is Telegram's ingress; "all", the default, is every role). */
export function rolesOf(config: Pick<Config, 'BOT_ROLES'>): Set<Role> {
  const roles = new Set<Role>();
  for (const r of config.BOT_ROLES) {
    if (r === 'all') ALL.forEach((a) => roles.add(a));
    else roles.add(r === 'webhook' ? 'telegram' : r);
  }
  return roles;
}

export interface Running {
  roles: Set<Role>;
  alerts: RunningAlerts;
  budgets: Budgets;
  services: CommandServices;
  leaderships: Leadership[];
  /** Console chat: no platform is configured (and every role runs here). */
  console: boolean;
  stop(): Promise<void>;
}

export async function startRoles(options: { config: Config; logger: Logger; app: App; state: State }): Promise<Running> {
  const { config, logger, app, state } = options;
  const roles = rolesOf(config);
  const telegram = Boolean(config.TELEGRAM_BOT_TOKEN);
  const discord = Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID);
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID) logger.warn('DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: Discord stays off');
  const consoleChat = !telegram && !discord && config.BOT_ROLES.includes('all');
  const shared = state.engine === 'postgres';

  // One budget per token: the bot's replies and the alerts of this process (and, shared, of every process).
  const budgets = createBudgets({
    tokens: { ...(telegram ? { telegram: config.TELEGRAM_BOT_TOKEN! } : {}), ...(discord ? { discord: config.DISCORD_TOKEN! } : {}), ...(consoleChat ? { console: 'console' } : {}) },
    limiter: state.limiter,
    tuning: { onStoreError: (error) => logger.warn('limits: the shared budget is unreachable; waiting', { error }) },
  });
  const senders: Senders = {};
  if (telegram) senders.telegram = createTelegramAlertSender({ token: config.TELEGRAM_BOT_TOKEN!, ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}), timeoutSeconds: 10 });
  if (discord) senders.discord = createDiscordAlertSender({ token: config.DISCORD_TOKEN!, ...(config.DISCORD_API_ROOT ? { apiRoot: config.DISCORD_API_ROOT } : {}), budget: budgets.discord! });
  if (consoleChat) senders.console = createConsoleSender();

  const leadership = (role: string, onLead?: () => Promise<void>, onLose?: () => Promise<void>): Leadership =>
    state.engine === 'postgres'
      ? createLeadership({ connectionString: state.connectionString, schema: state.schema, role, logger, intervalMs: config.FAILOVER_SECONDS * 1000, ...(onLead ? { onLead } : {}), ...(onLose ? { onLose } : {}) })
      : soleLeadership(role, onLead, onLose);
  const leaderships: Leadership[] = [];
  const poller = roles.has('poller') && config.FEEDS.length > 0 ? leadership('feed-poller') : undefined;
  if (poller) leaderships.push(poller);

  let outbox: Parameters<typeof startAlerts>[0]['outbox'];
  if (!roles.has('worker')) outbox = null;
  else if (state.engine === 'postgres') {
    outbox = createPgWorker({ boss: state.queue, store: state.store, senders, budgets, logger, workerId: `${hostname()}:${process.pid}`, leaseMs: config.OUTBOX_LEASE_SECONDS * 1000 });
  }
  const alerts = startAlerts({
    app,
    config,
    logger,
    senders,
    store: state.store,
    budgets,
    ...(outbox !== undefined ? { outbox } : {}),
    poll: Boolean(poller),
    ...(poller ? { isLeader: () => poller.isLeader() } : {}),
    watch: roles.has('telegram') || roles.has('discord') || roles.has('poller'),
  });
  const services: CommandServices = { alerts: alerts.service, feedback: createFeedbackService({ store: state.store, logger }) };
  const stops: Array<() => Promise<void>> = [];

  if (telegram && roles.has('telegram')) {
    // Updates are claimed in the database: a webhook instance answers an update another already took, never.
    const claimUpdate = shared || config.TELEGRAM_WEBHOOK_URL ? (id: number) => state.store.claimUpdate(id) : undefined;
    const start = async () => {
      const bot = await startTelegramBot({ app, config, logger, services, budget: budgets.telegram!, ...(claimUpdate ? { claimUpdate } : {}) });
      logger.info('telegram: started');
      return bot;
    };
    if (config.TELEGRAM_WEBHOOK_URL || !shared) {
      const bot = await start();
      stops.push(() => bot.stop());
    } else {
      // Long polling: Telegram hands updates to one getUpdates caller, so one process polls, the others stand by.
      let bot: Awaited<ReturnType<typeof start>> | undefined;
      const lead = leadership('telegram-polling', async () => void (bot = await start()), async () => void (await bot?.stop(), (bot = undefined)));
      leaderships.push(lead);
    }
    if (claimUpdate) {
      const prune = setInterval(() => void state.store.pruneUpdates(Date.now() - 2 * 86_400_000).catch(() => undefined), 3600_000);
      prune.unref();
      stops.push(async () => clearInterval(prune));
    }
  }
  if (discord && roles.has('discord')) {
    let bot: Awaited<ReturnType<typeof startDiscordBot>> | undefined;
    const start = async () => {
      bot = await startDiscordBot({ app, config, logger, services, budget: budgets.discord! });
      logger.info('discord: started');
    };
    if (!shared) {
      await start();
      stops.push(async () => bot?.stop());
    } else {
      // One gateway session per token: a standby connects within FAILOVER_SECONDS of the holder dying.
      leaderships.push(leadership('discord-gateway', start, async () => void (await bot?.stop(), (bot = undefined))));
    }
  }
  logger.info('roles: started', { roles: [...roles], state: state.engine, worker: roles.has('worker'), poller: Boolean(poller) });

  let stopping: Promise<void> | undefined;
  return {
    roles,
    alerts,
    budgets,
    services,
    leaderships,
    console: consoleChat,
    stop() {
      stopping ??= (async () => {
        await Promise.allSettled([...stops.map((stop) => stop()), ...leaderships.map((l) => l.stop())]);
        await alerts.stop();
        for (const budget of Object.values(budgets)) if (budget?.limited) logger.info('limits: budget used by this process', { platform: budget.platform, ...budget.stats() });
      })();
      return stopping;
    },
  };
}
