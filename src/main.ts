// Starts the adapters that are configured (Telegram, Discord) with alerts, or the console chat when none is.
// Each platform's library is imported only when that platform is configured, so a start pays only for what it runs.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { KnowledgeErrors } from './core/index.js';
import { createLogger, redact, registerSecret } from './logger.js';
import { createConsoleSender, createFeedbackService, startAlerts, type Senders } from './alerts/index.js';
import { startObservability } from './observability/index.js';
import type { PlatformStatus } from './observability/types.js';
import type { CommandServices, Platform } from '../commands/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  registerSecret(config.TELEGRAM_BOT_TOKEN);
  registerSecret(config.DISCORD_TOKEN);
  const logger = createLogger({ level: config.LOG_LEVEL, ...(config.LOG_FORMAT === 'auto' ? {} : { format: config.LOG_FORMAT }) });
  const app = createApp({ knowledgeDir: config.KNOWLEDGE_DIR, dataDir: config.DATA_DIR });
  logger.info('knowledge loaded', { component: 'knowledge', ...app.core.stats });
  const telegram = Boolean(config.TELEGRAM_BOT_TOKEN);
  const discord = Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID);
  const platforms: Platform[] = telegram || discord ? [...(telegram ? ['telegram' as const] : []), ...(discord ? ['discord' as const] : [])] : ['console'];
  const ops = await startObservability({ config, app, logger: logger.child({ component: 'metrics' }), platforms });
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID) logger.warn('DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: Discord stays off');

  const senders: Senders = {};
  if (telegram) {
    const { createTelegramAlertSender } = await import('./adapters/telegram/alert-sender.js');
    senders.telegram = createTelegramAlertSender({ token: config.TELEGRAM_BOT_TOKEN!, ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}) });
  }
  if (discord) {
    const { createDiscordAlertSender } = await import('./adapters/discord/alert-sender.js');
    senders.discord = createDiscordAlertSender({ token: config.DISCORD_TOKEN!, ...(config.DISCORD_API_ROOT ? { apiRoot: config.DISCORD_API_ROOT } : {}) });
  }
  if (!telegram && !discord) senders.console = createConsoleSender();
  const alerts = startAlerts({ app, config, logger: logger.child({ component: 'alerts' }), metrics: ops.metrics, senders });
  ops.health.add('database', () => alerts.databaseStatus());
  ops.health.add('feeds', () => ({ ok: alerts.poller.health().every((f) => f.health !== 'failing'), feeds: alerts.poller.health() }), { critical: false });
  ops.read({ outbox: () => alerts.outbox(), feeds: () => alerts.poller.health() });
  const services: CommandServices = { alerts: alerts.service, feedback: createFeedbackService({ db: alerts.db, logger: logger.child({ component: 'feedback' }) }) };

  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { reason });
    await Promise.allSettled(stops.map((stop) => stop()));
    await alerts.stop();
    await ops.stop();
  };

  if (!telegram && !discord) {
    const { runConsoleBot } = await import('./adapters/console/console-bot.js');
    await runConsoleBot(app, { services, metrics: ops.metrics });
    await shutdown('console closed');
    return;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(() => process.exit(0));
    });
  }
  // Until a platform is up, /healthz says it is starting (and fails: the bot does not answer there yet).
  const starting = { ok: false, error: 'starting' };
  if (telegram) {
    let bot: { status(): PlatformStatus } | undefined;
    ops.platform('telegram', () => bot?.status() ?? starting);
    const { startTelegramBot } = await import('./adapters/telegram/index.js');
    const started = await startTelegramBot({ app, config, logger: logger.child({ component: 'telegram' }), metrics: ops.metrics, services });
    stops.push(() => started.stop());
    bot = started;
  }
  if (discord) {
    let bot: { status(): PlatformStatus } | undefined;
    ops.platform('discord', () => bot?.status() ?? starting);
    const { startDiscordBot } = await import('./adapters/discord/index.js');
    const started = await startDiscordBot({ app, config, logger: logger.child({ component: 'discord' }), metrics: ops.metrics, services });
    stops.push(() => started.stop());
    bot = started;
  }
}

main().catch((error: unknown) => {
  if (error instanceof KnowledgeErrors || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${redact(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)}\n`);
  }
  process.exit(1);
});
