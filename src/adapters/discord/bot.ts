// Starts the Discord bot: one discord.js client, its events routed to the registry, and a graceful stop().
import { Client, Events, GatewayIntentBits, Partials, RESTEvents, Status, type ClientOptions } from 'discord.js';
import { createFloodGuard, type FloodOptions } from '../../../commands/index.js';
import type { CommandServices } from '../../../commands/types.js';
import type { App } from '../../app.js';
import type { Config } from '../../config.js';
import type { TokenBudget } from '../../limits/index.js';
import { registerSecret, type Logger } from '../../logger.js';
import { noMetrics, type Metrics, type PlatformStatus } from '../../observability/types.js';
import { budgetedRequest } from './budget.js';
import { describeError } from './errors.js';
import { handleInteraction, NO_MENTIONS_OPTION } from './interactions.js';
import { handleMessage } from './messages.js';

export interface DiscordBotOptions {
  app: App;
  config: Config;
  logger: Logger;
  /** Replies, their latency and 429s are reported here (default: nowhere). */
  metrics?: Metrics;
  services?: CommandServices;
  /** Defer a slash command's reply when its answer is not ready after this many ms. Default 1,500 (Discord allows 3,000). */
  deferAfterMs?: number;
  /** Ask for the privileged Message Content intent (enable it in the Developer Portal). Default true. */
  messageContent?: boolean;
  /** Give up starting when the gateway is not ready after this many ms. Default 30,000. */
  readyTimeoutMs?: number;
  /** The token's outgoing budget, shared with alerts (and other processes on PostgreSQL). */
  budget?: TokenBudget;
  /** Questions and commands one user may send per window (default 20 a minute), then one warning and silence. */
  flood?: Partial<FloodOptions>;
}

export interface DiscordBot {
  client: Client;
  /** Stop taking events, finish what is in flight (up to 5 s) and disconnect. */
  stop(): Promise<void>;
  /** Connected to the gateway (ready), for /healthz. */
  status(): PlatformStatus;
}

/** discord.js client options: the intents and partials the bot needs, no mentions by default, REST at DISCORD_API_ROOT. */
export function discordClientOptions(config: Pick<Config, 'DISCORD_API_ROOT'>, messageContent = true, budget?: TokenBudget): ClientOptions {
  return {
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      ...(messageContent ? [GatewayIntentBits.MessageContent] : []),
    ],
    // DMs arrive for channels discord.js has never cached.
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS_OPTION,
    // The gateway address comes from GET /gateway/bot of this API, so one root moves both.
    rest: { ...(config.DISCORD_API_ROOT ? { api: config.DISCORD_API_ROOT } : {}), ...(budget ? { makeRequest: budgetedRequest(budget) } : {}) },
  };
}

/** Log in, wait until ready and answer slash commands, autocomplete, buttons, DMs and mentions. */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { app, config, logger } = options;
  const metrics = options.metrics ?? noMetrics;
  const token = config.DISCORD_TOKEN;
  if (!token) throw new Error('discord: DISCORD_TOKEN is not set (Developer Portal → your application → Bot → Reset Token).');
  registerSecret(token);
  const client = new Client(discordClientOptions(config, options.messageContent ?? true, options.budget));
  const flood = createFloodGuard({ limit: options.flood?.limit ?? 20, windowMs: options.flood?.windowMs ?? 60_000 });
  const deps = { app, config, logger, metrics, services: options.services ?? {}, deferAfterMs: options.deferAfterMs ?? 1500, flood };
  const inFlight = new Set<Promise<void>>();
  let stopping = false;
  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => inFlight.delete(work));
  };

  client.on(Events.InteractionCreate, (interaction) => {
    if (!stopping) track(handleInteraction(interaction, deps));
  });
  client.on(Events.MessageCreate, (message) => {
    if (!stopping) track(handleMessage(message, deps));
  });
  client.on(Events.Error, (error) => logger.error('client error', { error: describeError(error) }));
  client.on(Events.Warn, (message) => logger.warn(message));
  client.on(Events.ShardDisconnect, (event, shard) => {
    const hint = event.code === 4014 ? ' Enable the Message Content intent in the Developer Portal (Bot → Privileged Gateway Intents).' : '';
    logger.error(`gateway closed for good (code ${event.code}).${hint}`, { shard });
  });
  // discord.js waits rate limits out itself; log them (the route, never the URL: it may hold an interaction token).
  client.rest.on(RESTEvents.RateLimited, (info) =>
    logger.warn('rate limited, waiting', { route: info.route, method: info.method, retryAfter: info.retryAfter, global: info.global, scope: info.scope }),
  );
  client.rest.on(RESTEvents.Response, (request, response) => {
    if (response.status !== 429) return;
    metrics.rateLimited('discord', 'reply');
    const retryAfter = Number(response.headers.get('retry-after') ?? 0) * 1000;
    logger.warn('rate limited, waiting', { route: request.route, method: request.method, retryAfter, global: response.headers.has('x-ratelimit-global') });
  });

  let readyTimer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    readyTimer = setTimeout(() => reject(new Error('the gateway was not ready in time (check the token and the intents)')), options.readyTimeoutMs ?? 30_000);
    client.once(Events.ClientReady, () => resolve());
  });
  ready.catch(() => undefined);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    const reason = error instanceof Error ? String(describeError(error).message ?? error.message) : String(error);
    throw new Error(`discord: could not start: ${reason}`, { cause: error });
  } finally {
    clearTimeout(readyTimer);
  }
  logger.info('ready', { user: client.user?.tag, guilds: client.guilds.cache.size });

  return {
    client,
    async stop() {
      if (stopping) return;
      stopping = true;
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, 5000);
        }),
      ]).finally(() => clearTimeout(timer));
      await client.destroy();
      logger.info('stopped');
    },
    status() {
      const status = client.ws.status;
      return status === Status.Ready ? { ok: true, mode: 'gateway' } : { ok: false, mode: 'gateway', error: stopping ? 'stopped' : `gateway ${Status[status] ?? status}` };
    },
  };
}
