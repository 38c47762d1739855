// Starts what BOT_ROLES asks of this process: Telegram ingress, Discord gateway, delivery worker, feed poller.
// Platform libraries and PostgreSQL's are imported only when this process uses them.
import { hostname } from 'node:os';
import type { CommandServices, Platform } from '../../commands/types.js';
import { createConsoleSender, createFeedbackService, outboxState, probeWritable, startAlerts, type RunningAlerts, type Senders } from '../alerts/index.js';
import type { App } from '../app.js';
import type { Config } from '../config.js';
import { createBudgets, type Budgets } from '../limits/index.js';
import type { Logger } from '../logger.js';
import type { Observability } from '../observability/index.js';
import type { PlatformStatus } from '../observability/types.js';
import { soleLeadership, type Leadership } from './sole-leadership.js';
import { cachedReading } from './cached-reading.js';
import { runtimeReadings } from './metrics.js';
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

/** The platforms configured (the console when none is). */
export function platformsOf(config: Pick<Config, 'TELEGRAM_BOT_TOKEN' | 'DISCORD_TOKEN' | 'DISCORD_APPLICATION_ID'>): Platform[] {
  const list: Platform[] = [];
  if (config.TELEGRAM_BOT_TOKEN) list.push('telegram');
  if (config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID) list.push('discord');
  return list.length ? list : ['console'];
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

export async function startRoles(options: { config: Config; logger: Logger; app: App; state: State; ops: Observability }): Promise<Running> {
  const { config, logger, app, state, ops } = options;
  const roles = rolesOf(config);
  const platforms = platformsOf(config);
  const telegram = platforms.includes('telegram');
  const discord = platforms.includes('discord');
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID) logger.warn('DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: Discord stays off');
  const consoleChat = platforms.includes('console') && config.BOT_ROLES.includes('all');
  const shared = state.engine === 'postgres';

  // One budget per token: the bot's replies and the alerts of this process (and, shared, of every process).
  const budgets = createBudgets({
    tokens: { ...(telegram ? { telegram: config.TELEGRAM_BOT_TOKEN! } : {}), ...(discord ? { discord: config.DISCORD_TOKEN! } : {}), ...(consoleChat ? { console: 'console' } : {}) },
    limiter: state.limiter,
    tuning: { onStoreError: (error) => logger.warn('the shared budget is unreachable; waiting', { component: 'limits', err: error }) },
  });
  const senders: Senders = {};
  if (telegram) {
    const { createTelegramAlertSender } = await import('../adapters/telegram/alert-sender.js');
    senders.telegram = createTelegramAlertSender({ token: config.TELEGRAM_BOT_TOKEN!, ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}), timeoutSeconds: 10 });
  }
  if (discord) {
    const { createDiscordAlertSender } = await import('../adapters/discord/alert-sender.js');
    senders.discord = createDiscordAlertSender({ token: config.DISCORD_TOKEN!, ...(config.DISCORD_API_ROOT ? { apiRoot: config.DISCORD_API_ROOT } : {}), budget: budgets.discord! });
  }
  if (consoleChat) senders.console = createConsoleSender();

  const leadership = async (role: string, onLead?: () => Promise<void>, onLose?: () => Promise<void>): Promise<Leadership> => {
    if (state.engine !== 'postgres') return soleLeadership(role, onLead, onLose);
    const { createLeadership } = await import('./leadership.js');
    return createLeadership({ connectionString: state.connectionString, schema: state.schema, role, logger: logger.child({ component: role }), intervalMs: config.FAILOVER_SECONDS * 1000, ...(onLead ? { onLead } : {}), ...(onLose ? { onLose } : {}) });
  };
  const leaderships: Leadership[] = [];
  const poller = roles.has('poller') && config.FEEDS.length > 0 ? await leadership('feed-poller') : undefined;
  if (poller) leaderships.push(poller);

  let outbox: Parameters<typeof startAlerts>[0]['outbox'];
  if (!roles.has('worker')) outbox = null;
  else if (state.engine === 'postgres') {
    const { createPgWorker } = await import('../outbox/pg-worker.js');
    outbox = createPgWorker({ boss: state.queue, store: state.store, senders, budgets, logger: logger.child({ component: 'outbox' }), metrics: ops.metrics, workerId: `${hostname()}:${process.pid}`, leaseMs: config.OUTBOX_LEASE_SECONDS * 1000 });
  }
  const alerts = startAlerts({
    app,
    config,
    logger: logger.child({ component: 'alerts' }),
    metrics: ops.metrics,
    senders,
    store: state.store,
    budgets,
    ...(outbox !== undefined ? { outbox } : {}),
    poll: Boolean(poller),
    ...(poller ? { isLeader: () => poller.isLeader() } : {}),
    watch: roles.has('telegram') || roles.has('discord') || roles.has('poller'),
  });
  const services: CommandServices = {
    alerts: alerts.service,
    feedback: createFeedbackService({ store: state.store, logger: logger.child({ component: 'feedback' }) }),
    onFailure: reportFailure(logger.child({ component: 'commands' }), config),
  };
  const stops: Array<() => Promise<void>> = [];
  watchHealth(state, alerts, config, ops, stops);

  // Until a platform is up, /healthz says it is starting (and fails: the bot does not answer there yet).
  const starting: PlatformStatus = { ok: false, error: 'starting' };
  const standby: PlatformStatus = { ok: true, mode: 'standby' };
  if (telegram && roles.has('telegram')) {
    // Updates are claimed in the database: no webhook instance answers an update another already took.
    const claimUpdate = shared || config.TELEGRAM_WEBHOOK_URL ? (id: number) => state.store.claimUpdate(id) : undefined;
    const { startTelegramBot } = await import('../adapters/telegram/index.js');
    let bot: Awaited<ReturnType<typeof startTelegramBot>> | undefined;
    const start = async () => {
      bot = await startTelegramBot({ app, config, logger: logger.child({ component: 'telegram' }), metrics: ops.metrics, services, budget: budgets.telegram!, ...(claimUpdate ? { claimUpdate } : {}) });
    };
    if (config.TELEGRAM_WEBHOOK_URL || !shared) {
      ops.platform('telegram', () => bot?.status() ?? starting);
      await start();
      stops.push(async () => bot?.stop());
    } else {
      // Long polling: Telegram hands updates to one getUpdates caller, so one process polls, the others stand by.
      const lead = await leadership('telegram-polling', start, async () => void (await bot?.stop(), (bot = undefined)));
      ops.platform('telegram', () => bot?.status() ?? (lead.isLeader() ? starting : standby));
      leaderships.push(lead);
    }
    if (claimUpdate) {
      const prune = setInterval(() => void state.store.pruneUpdates(Date.now() - 2 * 86_400_000).catch(() => undefined), 3600_000);
      prune.unref();
      stops.push(async () => clearInterval(prune));
    }
  }
  if (discord && roles.has('discord')) {
    const { startDiscordBot } = await import('../adapters/discord/index.js');
    let bot: Awaited<ReturnType<typeof startDiscordBot>> | undefined;
    const start = async () => {
      bot = await startDiscordBot({ app, config, logger: logger.child({ component: 'discord' }), metrics: ops.metrics, services, budget: budgets.discord! });
    };
    if (!shared) {
      ops.platform('discord', () => bot?.status() ?? starting);
      await start();
      stops.push(async () => bot?.stop());
    } else {
      // One gateway session per token: a standby connects within FAILOVER_SECONDS of the holder dying.
      const lead = await leadership('discord-gateway', start, async () => void (await bot?.stop(), (bot = undefined)));
      ops.platform('discord', () => bot?.status() ?? (lead.isLeader() ? starting : standby));
      leaderships.push(lead);
    }
  }
  const queued = state.engine === 'postgres' ? cachedReading(async () => state.queue.getQueueSize((await import('../outbox/queue.js')).ALERT_QUEUE), 0) : undefined;
  if (queued) stops.push(async () => queued.stop());
  ops.read({ extra: () => runtimeReadings({ alerts, budgets, leaderships }, queued?.get) });
  logger.info('roles started', { component: 'roles', roles: [...roles], state: state.engine, worker: roles.has('worker'), poller: Boolean(poller) });

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
        for (const budget of Object.values(budgets)) if (budget?.limited) logger.info('budget used by this process', { component: 'limits', platform: budget.platform, ...budget.stats() });
      })();
      return stopping;
    },
  };
}

/** Log a command's failure; a full or read-only disk gets a line that says what to do (the user got a friendly reply). */
function reportFailure(logger: Logger, config: Config): NonNullable<CommandServices['onFailure']> {
  const where = config.DATABASE_URL ? 'the PostgreSQL database of DATABASE_URL' : `DATA_DIR (${config.DATA_DIR})`;
  // The chat adapters log every failure with the update's context; here the disk's state, and the console's failures.
  return (error, { command, kind, platform }) => {
    if (kind === 'disk-full') logger.error(`the disk of ${where} is full: /${command} could not save its change; free some space (questions are still answered)`, { command, kind, err: error });
    else if (kind === 'read-only') logger.error(`${where} is read-only: /${command} could not save its change`, { command, kind, err: error });
    else if (kind === 'damaged') logger.error(`the database of ${where} is damaged: /${command} failed; stop the bot and restore it from a backup`, { command, kind, err: error });
    else if (platform === 'console') logger.error('command failed', { command, kind, err: error });
  };
}

/** /healthz and /metrics readings of the database, the outbox and the feeds (SQLite: read live; PostgreSQL: every 5 s). */
function watchHealth(state: State, alerts: RunningAlerts, config: Config, ops: Observability, stops: Array<() => Promise<void>>): void {
  if (state.engine === 'sqlite') {
    const db = state.store.db;
    ops.health.add('database', () => probeWritable(db));
    ops.health.add('feeds', () => ({ ok: alerts.poller.health().every((f) => f.health !== 'failing'), feeds: alerts.poller.health() }), { critical: false });
    ops.read({ outbox: () => outboxState(db), feeds: () => alerts.poller.health() });
    return;
  }
  const { store } = state;
  const database = cachedReading(() => store.probeWritable(), { ok: false, error: 'not checked yet' });
  const outbox = cachedReading(() => store.outboxState(), { pending: 0, oldestAgeSeconds: 0 });
  const feeds = cachedReading(() => store.feedHealth(config.FEEDS), []);
  ops.health.add('database', database.get);
  ops.health.add('feeds', () => ({ ok: feeds.get().every((f) => f.health !== 'failing'), feeds: feeds.get() }), { critical: false });
  ops.read({ outbox: outbox.get, feeds: feeds.get });
  stops.push(async () => [database, outbox, feeds].forEach((r) => r.stop()));
}
