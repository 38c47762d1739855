// Starts alerts as the bot runs them (SQLite in a temp DATA_DIR, the Telegram stand-in over HTTP) for one test.
import { dispatchText, type CommandContext, type Reply } from '../../../commands/index.js';
import { createTelegramAlertSender } from '../../../src/adapters/telegram/alert-sender.js';
import { startAlerts, type RunningAlerts, type StartAlertsOptions } from '../../../src/alerts/index.js';
import type { Senders } from '../../../src/alerts/types.js';
import { startTelegramStandIn, type TelegramStandIn } from '../../support/telegram-stand-in.js';
import { createTestEnv, type AlertsTestEnv } from './env.js';

export interface Harness {
  env: AlertsTestEnv;
  tg: TelegramStandIn;
  alerts: RunningAlerts;
  /** A command context for a chat; `admin` = bot admin (ADMIN_IDS), `chatAdmin` = admin of the group. */
  chat(id: string, options?: { type?: CommandContext['chat']['type']; admin?: boolean; chatAdmin?: boolean; userId?: string; platform?: CommandContext['platform'] }): CommandContext;
  say(ctx: CommandContext, text: string): Promise<Reply>;
  /** Stop alerts (as at shutdown) and start them again on the same DATA_DIR. */
  restart(senders?: Senders): Promise<void>;
  stop(): Promise<void>;
}

export type HarnessOptions = Partial<Omit<StartAlertsOptions, 'app' | 'config' | 'logger'>> & {
  feeds?: string[];
  pollSeconds?: number;
  /** More of the configuration. Unless given: FEEDS_ALLOW_ADDRESSES=127.0.0.1 (the stand-ins listen there), no full-page reads. */
  config?: Partial<StartAlertsOptions['config']>;
};

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const env = createTestEnv();
  const tg = await startTelegramStandIn();
  const defaultSenders = (): Senders => ({ telegram: createTelegramAlertSender({ token: tg.token, apiRoot: tg.apiRoot, timeoutSeconds: 5 }) });
  const start = (senders?: Senders) =>
    startAlerts({
      app: { core: env.core },
      config: { DATA_DIR: env.dataDir, KNOWLEDGE_DIR: env.knowledgeDir, FEEDS: options.feeds ?? [], FEED_POLL_SECONDS: options.pollSeconds ?? 3600, FEEDS_ALLOW_ADDRESSES: ['127.0.0.1'], FEED_FULL_PAGE_BELOW: 0, ...options.config },
      logger: env.logger,
      dispatcher: { idlePollMs: 100, retry: { baseMs: 100, maxMs: 1000 }, ...options.dispatcher },
      poller: { fetch: { timeoutMs: 1000, maxBytes: 2 * 1024 * 1024 }, retryBaseMs: 200, tickMs: 50, ...options.poller },
      watchIntervalMs: 100,
      ...(options.limits !== undefined ? { limits: options.limits } : {}),
      senders: senders ?? options.senders ?? defaultSenders(),
    });
  const harness: Harness = {
    env,
    tg,
    alerts: start(),
    chat(id, o = {}) {
      return {
        core: env.core,
        platform: o.platform ?? 'telegram',
        chat: { id, type: o.type ?? 'private' },
        user: { id: o.userId ?? id, name: 'Tester', isChatAdmin: async () => o.chatAdmin ?? true },
        isAdmin: o.admin ?? false,
        state: { recentEntities: [] },
        services: { alerts: harness.alerts.service },
      };
    },
    async say(ctx, text) {
      const reply = await dispatchText(text, { ...ctx, services: { alerts: harness.alerts.service } });
      if (!reply) throw new Error(`no reply to ${text}`);
      return reply;
    },
    async restart(senders) {
      await harness.alerts.stop();
      harness.alerts = start(senders);
    },
    async stop() {
      await harness.alerts.stop();
      await tg.stop();
      env.cleanup();
    },
  };
  return harness;
}

/** The visible text of a reply (notice or list), for assertions. */
export function textOf(reply: Reply): string {
  switch (reply.kind) {
    case 'notice':
      return [reply.title, reply.text].filter(Boolean).join('\n');
    case 'list':
      return [reply.title, ...(reply.items.length ? reply.items : [reply.empty]), reply.footer].filter(Boolean).join('\n');
    default:
      return JSON.stringify(reply);
  }
}
