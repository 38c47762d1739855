// Starts the adapters that are configured (Telegram, Discord) with alerts, or the console chat when none is.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { KnowledgeErrors } from './core/index.js';
import { createLogger, registerSecret } from './logger.js';
import { runConsoleBot } from './adapters/console/console-bot.js';
import { createConsoleSender, createFeedbackService, startAlerts, type Senders } from './alerts/index.js';
import { startTelegramBot } from './adapters/telegram/index.js';
import { createTelegramAlertSender } from './adapters/telegram/alert-sender.js';
import { startDiscordBot } from './adapters/discord/index.js';
import { createDiscordAlertSender } from './adapters/discord/alert-sender.js';
import type { CommandServices } from '../commands/index.js';

async function main(): Promise<void> {
  const config = loadConfig();
  registerSecret(config.TELEGRAM_BOT_TOKEN);
  registerSecret(config.DISCORD_TOKEN);
  const logger = createLogger(config.LOG_LEVEL);
  const app = createApp({ knowledgeDir: config.KNOWLEDGE_DIR });
  logger.info('knowledge loaded', app.core.stats);

  const telegram = Boolean(config.TELEGRAM_BOT_TOKEN);
  const discord = Boolean(config.DISCORD_TOKEN && config.DISCORD_APPLICATION_ID);
  if (config.DISCORD_TOKEN && !config.DISCORD_APPLICATION_ID) logger.warn('DISCORD_TOKEN is set but DISCORD_APPLICATION_ID is not: Discord stays off');

  const senders: Senders = {};
  if (telegram) senders.telegram = createTelegramAlertSender({ token: config.TELEGRAM_BOT_TOKEN!, ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}) });
  if (discord) senders.discord = createDiscordAlertSender({ token: config.DISCORD_TOKEN!, ...(config.DISCORD_API_ROOT ? { apiRoot: config.DISCORD_API_ROOT } : {}) });
  if (!telegram && !discord) senders.console = createConsoleSender();
  const alerts = startAlerts({ app, config, logger, senders });
  const services: CommandServices = { alerts: alerts.service, feedback: createFeedbackService({ db: alerts.db, logger }) };

  const stops: Array<() => Promise<void>> = [];
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`shutting down (${reason})`);
    await Promise.allSettled(stops.map((stop) => stop()));
    await alerts.stop();
  };

  if (!telegram && !discord) {
    await runConsoleBot(app, { services });
    await shutdown('console closed');
    return;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(() => process.exit(0));
    });
  }
  if (telegram) {
    const bot = await startTelegramBot({ app, config, logger, services });
    stops.push(() => bot.stop());
    logger.info('telegram: started');
  }
  if (discord) {
    const bot = await startDiscordBot({ app, config, logger, services });
    stops.push(() => bot.stop());
    logger.info('discord: started');
  }
}

main().catch((error: unknown) => {
  if (error instanceof KnowledgeErrors || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
