// Starts the adapters that are configured (Telegram, Discord), or the console chat when none is.
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { KnowledgeErrors } from './core/index.js';
import { createLogger, registerSecret } from './logger.js';
import { runConsoleBot } from './adapters/console/console-bot.js';

async function main(): Promise<void> {
  const config = loadConfig();
  registerSecret(config.TELEGRAM_BOT_TOKEN);
  registerSecret(config.DISCORD_TOKEN);
  const logger = createLogger(config.LOG_LEVEL);
  const app = createApp({ knowledgeDir: config.KNOWLEDGE_DIR });
  logger.info('knowledge loaded', app.core.stats);
  await runConsoleBot(app);
}

main().catch((error: unknown) => {
  if (error instanceof KnowledgeErrors || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`fatal: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
});
