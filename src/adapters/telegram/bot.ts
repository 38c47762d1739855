// Starts the Telegram bot: API set-up, handlers, long polling (runner) or webhook, the menu in the background, a graceful stop.
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { Bot, BotError, GrammyError, HttpError, webhookCallback, type Context } from 'grammy';
import { createFloodGuard } from '../../../commands/index.js';
import type { CommandServices } from '../../../commands/types.js';
import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import { createTokenBudget, memoryLimiters, tokenIdOf, type TokenBudget } from '../../limits/index.js';
import type { Logger } from '../../logger.js';
import { registerSecret } from '../../logger.js';
import { noMetrics, type Metrics, type PlatformStatus } from '../../observability/types.js';
import { configureApi, observeCalls } from './api.js';
import { describeError } from './errors.js';
import { createHandlers } from './handlers.js';
import { registerMenuInBackground, type MenuRegistration } from './menu.js';
import { createInlineHandler } from './inline.js';
import { resolveTuning, throttleRules, type TelegramTuningInput } from './options.js';

export interface TelegramBotOptions {
  app: App;
  config: Config;
  logger: Logger;
  /** Replies, their latency and 429s are reported here (default: nowhere). */
  metrics?: Metrics;
  services?: CommandServices;
  /** Retries, throttle, flood limits, polling (see defaultTelegramTuning). */
  tuning?: TelegramTuningInput;
  /** The token's outgoing budget, shared with alerts (and other processes). Default: one of its own, from the tuning's throttle. */
  budget?: TokenBudget;
  /** True the first time an update id is seen: several webhook instances answer an update once. Default: all pass. */
  claimUpdate?: (updateId: number) => Promise<boolean>;
}

export interface TelegramBot {
  bot: Bot;
  /** Stop polling (or the webhook server), finish the handlers in flight, then resolve. Safe to call twice. */
  stop(): Promise<void>;
  /** Webhook mode: the port the server listens on. */
  webhookPort?: number;
  /** Connected (the last long poll, or the webhook registration, worked), for /healthz. */
  status(): PlatformStatus;
  /** The command menu's registration in the background: registered, given up, or stopped with the bot. */
  menu: Promise<'registered' | 'gave-up' | 'stopped'>;
}

const UPDATES = ['message', 'callback_query', 'inline_query'] as const;

/** Start the bot configured by TELEGRAM_BOT_TOKEN (and TELEGRAM_API_ROOT, TELEGRAM_WEBHOOK_URL). */
export async function startTelegramBot(options: TelegramBotOptions): Promise<TelegramBot> {
  const { app, config, logger } = options;
  const metrics = options.metrics ?? noMetrics;
  const token = config.TELEGRAM_BOT_TOKEN;
  if (!token) throw new Error('telegram: TELEGRAM_BOT_TOKEN is not set (create a bot with @BotFather and put its token in .env)');
  registerSecret(token);
  const tuning = resolveTuning(options.tuning);
  const bot = new Bot(token, { client: { ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT.replace(/\/+$/, '') } : {}) } });
  const mode = config.TELEGRAM_WEBHOOK_URL ? 'webhook' : 'polling';
  let connection: PlatformStatus = { ok: false, mode, since: new Date().toISOString(), error: 'not connected yet' };
  let closing = false;
  const connected = (ok: boolean, error?: string) => {
    if (closing || ok === connection.ok) return;
    connection = { ok, mode, since: new Date().toISOString(), ...(error ? { error } : {}) };
    if (ok) logger.info('connected to the Bot API again');
    else logger.warn('lost the Bot API', { error });
  };
  bot.api.config.use(
    observeCalls((call) => {
      if (!call.ok && call.code === 429) metrics.rateLimited('telegram', 'reply');
      // Long polling is the connection: its outcome says whether updates arrive.
      if (call.method === 'getUpdates') connected(call.ok, call.ok ? undefined : call.error);
    }),
  );
  const budget = options.budget ?? createTokenBudget({ platform: 'telegram', tokenId: tokenIdOf(token), rules: throttleRules(tuning.throttle), limiter: memoryLimiters });
  configureApi(bot.api, { retry: tuning.retry, budget });

  const inFlight = new Set<Promise<unknown>>();
  const claimUpdate = options.claimUpdate;
  if (claimUpdate) {
    bot.use(async (ctx, next) => {
      if (await claimUpdate(ctx.update.update_id)) return next();
      logger.debug('update already answered by another instance', { update: ctx.update.update_id });
    });
  }
  bot.use((_ctx, next) => {
    const task = next();
    inFlight.add(task);
    return task.finally(() => inFlight.delete(task));
  });
  bot.use(sequentialize((ctx: Context) => String(ctx.chat?.id ?? ctx.from?.id ?? '')));
  const deps = { app, adminIds: config.ADMIN_IDS, services: options.services ?? {}, logger, metrics, flood: createFloodGuard(tuning.flood) };
  bot.use(createHandlers(deps));
  bot.use(createInlineHandler({ core: app.core, logger, limit: tuning.inlineResults }));
  bot.catch((error) => onHandlerError(error, logger));

  // Not bot.init(): it retries for ever; ours fails after the bounded retries so a supervisor can restart us.
  bot.botInfo = await bot.api.getMe();
  connection = { ok: true, mode, since: new Date().toISOString() };
  logger.info('connected', { bot: bot.botInfo.username, apiRoot: config.TELEGRAM_API_ROOT ?? 'https://api.telegram.org' });

  let runner: RunnerHandle | undefined;
  let server: Server | undefined;
  if (config.TELEGRAM_WEBHOOK_URL) {
    const secret = createHash('sha256').update(`webhook:${token}`).digest('hex').slice(0, 64);
    const path = new URL(config.TELEGRAM_WEBHOOK_URL).pathname;
    const handle = webhookCallback(bot, 'http', { secretToken: secret, timeoutMilliseconds: 9_000, onTimeout: 'return' });
    server = createServer((req, res) => {
      if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) return void res.writeHead(404).end();
      handle(req, res).catch((error: unknown) => {
        logger.error('webhook request failed', { error: describeError(error) });
        if (!res.headersSent) res.writeHead(500).end();
      });
    });
    await new Promise<void>((resolve, reject) => {
      server!.once('error', reject);
      server!.listen(config.TELEGRAM_WEBHOOK_PORT, config.TELEGRAM_WEBHOOK_HOST ?? tuning.webhookHost, () => resolve());
    });
    await bot.api.setWebhook(config.TELEGRAM_WEBHOOK_URL, { secret_token: secret, allowed_updates: [...UPDATES] });
    logger.info('webhook mode', { url: config.TELEGRAM_WEBHOOK_URL, port: (server.address() as AddressInfo).port });
  } else {
    await bot.api.deleteWebhook();
    runner = run(bot, {
      runner: { fetch: { timeout: tuning.pollTimeoutSeconds, allowed_updates: [...UPDATES] }, silent: true, retryInterval: 'exponential' },
      sink: { concurrency: tuning.concurrency },
    });
    logger.info('long polling');
  }
  // The menu is a nicety and answering is the job: registered once updates flow, retried a few times at most.
  const menu: MenuRegistration = registerMenuInBackground(bot, config.ADMIN_IDS, logger, tuning.menu);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      closing = true;
      menu.stop();
      if (runner?.isRunning()) await runner.stop();
      if (server) {
        const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
        server.closeIdleConnections();
        await closed;
      }
      const deadline = Date.now() + tuning.stopTimeoutMs;
      while (inFlight.size > 0 && Date.now() < deadline) await Promise.race([Promise.allSettled([...inFlight]), delay(deadline - Date.now())]);
      if (inFlight.size > 0) logger.warn('stopped with handlers still running', { count: inFlight.size });
      connection = { ok: false, mode, since: new Date().toISOString(), error: 'stopped' };
      logger.info('stopped');
    })());
  return { bot, stop, status: () => connection, menu: menu.done, ...(server ? { webhookPort: (server.address() as AddressInfo).port } : {}) };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref());
}

/** The error boundary: log with the update's context; a chat that blocked the bot is not an error. */
function onHandlerError(error: BotError<Context>, logger: Logger): void {
  const { ctx } = error;
  const inner = error.error;
  const platformError = inner instanceof GrammyError || inner instanceof HttpError;
  const context = {
    update: ctx.update.update_id,
    chat: ctx.chat?.id,
    user: ctx.from?.id,
    kind: ctx.callbackQuery ? 'callback' : ctx.inlineQuery ? 'inline' : 'message',
    // A handler's own error keeps its stack; the API's and the network's say what Telegram said.
    ...(platformError ? { error: describeError(inner) } : { err: inner }),
  };
  if (inner instanceof GrammyError && inner.error_code === 403) logger.info('chat unavailable (blocked or removed)', context);
  else logger.error('handler failed', context);
  const chatId = ctx.chat?.id;
  if (chatId !== undefined && !platformError) {
    ctx.api.sendMessage(chatId, 'Sorry, something went wrong on my side. Please try again in a moment.').catch(() => undefined);
  }
}
