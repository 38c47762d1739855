// Starts the roles of this process (every role by default) for the platforms configured, or the console chat when none is.
// Each platform's library is imported only when that platform is configured, so a start pays only for what it runs.
import { createApp } from './app.js';
import { articleLimitsOf, loadConfig } from './config.js';
import { KnowledgeErrors } from './core/index.js';
import { exitOnUncaught, printFatal } from './fatal.js';
import { createLogger, redact, registerSecret } from './logger.js';
import { startObservability } from './observability/index.js';
import { platformsOf, startRoles } from './runtime/roles.js';
import { openState } from './runtime/state.js';

async function main(): Promise<void> {
  exitOnUncaught();
  const config = loadConfig();
  registerSecret(config.TELEGRAM_BOT_TOKEN);
  registerSecret(config.DISCORD_TOKEN);
  if (config.DATABASE_URL) registerSecret(decodeURIComponent(new URL(config.DATABASE_URL).password));
  const logger = createLogger({ level: config.LOG_LEVEL, ...(config.LOG_FORMAT === 'auto' ? {} : { format: config.LOG_FORMAT }) });
  const state = await openState(config, logger.child({ component: 'state' }));
  // Follow-up memory is shared through PostgreSQL, so any webhook instance can take a chat's next question.
  const app = createApp({ knowledgeDir: config.KNOWLEDGE_DIR, dataDir: config.DATA_DIR, limits: articleLimitsOf(config), ...(state.engine === 'postgres' ? { sharedMemory: state.store } : {}) });
  logger.info('knowledge loaded', { component: 'knowledge', ...app.core.stats });
  for (const s of app.core.knowledge.skipped ?? []) logger.warn('source file left out of the knowledge base', { component: 'knowledge', file: s.file, reason: s.reason });
  const ops = await startObservability({ config, app, logger: logger.child({ component: 'metrics' }), platforms: platformsOf(config) });
  const running = await startRoles({ config, logger, app, state, ops });

  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { reason });
    await running.stop();
    await state.close();
    await ops.stop();
  };

  if (running.console) {
    const { runConsoleBot } = await import('./adapters/console/console-bot.js');
    await runConsoleBot(app, { services: running.services, metrics: ops.metrics });
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
  // Messages that say what to do are printed as they are (redacted all the same); anything else with its stack.
  if (error instanceof KnowledgeErrors) process.stderr.write(`${redact(error.message)}\n`);
  else printFatal(error);
  process.exit(1);
});
