// Test harness: the real knowledge base, a Bot API stand-in on 127.0.0.1 and the bot pointed at it.
import type { CommandServices } from '../../../commands/types.js';
import { createApp, type App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';
import { startTelegramBot, type TelegramBot, type TelegramTuningInput } from '../../../src/adapters/telegram/index.js';
import { startTelegramStandIn, type TelegramStandIn } from '../../support/telegram-stand-in.js';

/** Quick polling, short bounded retries, and the throttle on with a shorter per-chat interval. */
export const TEST_TUNING: TelegramTuningInput = {
  pollTimeoutSeconds: 1,
  throttle: { perChatIntervalMs: 100 },
  retry: { maxRetryAttempts: 3, maxDelaySeconds: 1, firstBackoffMs: 20 },
  menu: { attempts: 3, firstBackoffMs: 20, maxBackoffMs: 50 },
  stopTimeoutMs: 3000,
};

let shared: App | undefined;
/** One app per test file: loading the knowledge base takes a few hundred ms. */
export function testApp(): App {
  shared ??= createApp({ knowledgeDir: 'knowledge' });
  return shared;
}

export interface Harness {
  standIn: TelegramStandIn;
  telegram: TelegramBot;
  logs: string[];
  stop(): Promise<void>;
}

export async function startHarness(
  options: { env?: Record<string, string>; tuning?: TelegramTuningInput; beforeStart?: (s: TelegramStandIn) => void; services?: CommandServices; app?: App } = {},
): Promise<Harness> {
  const standIn = await startTelegramStandIn();
  options.beforeStart?.(standIn);
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', format: 'json', write: (line) => logs.push(line) }).child({ component: 'telegram' });
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: standIn.token, TELEGRAM_API_ROOT: standIn.apiRoot, ...options.env }, { dotenv: false });
  const telegram = await startTelegramBot({ app: options.app ?? testApp(), config, logger, tuning: { ...TEST_TUNING, ...options.tuning }, ...(options.services ? { services: options.services } : {}) });
  return {
    standIn,
    telegram,
    logs,
    async stop() {
      await telegram.stop();
      await standIn.stop();
    },
  };
}

let nextChat = 5000;
/** A fresh private chat (user id = chat id) per test, so memory, flood and throttle never carry over. */
export const freshUser = () => nextChat++;
