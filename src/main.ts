// Starts the roles this process runs (every role by default): Telegram, Discord, alerts; the console chat when no platform is configured.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { KnowledgeErrors } from './core/index.js';
import { createLogger, registerSecret } from './logger.js';
import { runConsoleBot } from './adapters/console/console-bot.js';
import { startRoles } from './runtime/roles.js';
import { openState } from './runtime/state.js';

async function main(): Promise<void> {
  const config = loadConfig();
  registerSecret(config.TELEGRAM_BOT_TOKEN);
  registerSecret(config.DISCORD_TOKEN);
  if (config.DATABASE_URL) registerSecret(decodeURIComponent(new URL(config.DATABASE_URL).password));
  const logger = createLogger(config.LOG_LEVEL);
  const state = await openState(config, logger);
  // Follow-up memory is shared through PostgreSQL, so any webhook instance can take a chat's next question.
  const app = createApp({ knowledgeDir: config.KNOWLEDGE_DIR, ...(state.engine === 'postgres' ? { sharedMemory: state.store } : {}) });
  logger.info('knowledge loaded', app.core.stats);
  const running = await startRoles({ config, logger, app, state });

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`shutting down (${reason})`);
    await running.stop();
    await state.close();
  };

  if (running.console) {
    await runConsoleBot(app, { services: running.services });
    await shutdown('console closed');
    return;
  }
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void shutdown(signal).then(() => process.exit(0));
    });
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
