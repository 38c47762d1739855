// The command menu (setMyCommands), registered in the background once the bot answers: a nicety, never a wait.
import type { Bot } from 'grammy';
import { registry } from '../../../commands/index.js';
import { backoffDelay } from '../../limits/index.js';
import type { Logger } from '../../logger.js';
import { describeError } from './errors.js';
import type { MenuRetryOptions } from './options.js';

export interface MenuRegistration {
  /** Settles when the menu is registered, or given up. */
  done: Promise<'registered' | 'gave-up' | 'stopped'>;
  /** Stop retrying (the bot is stopping). */
  stop(): void;
}

const menu = (all: boolean) => registry.filter((c) => all || !c.admin).map((c) => ({ command: c.name, description: c.description.slice(0, 256) }));

/** Register the registry's public commands as the menu; admin commands only in admins' private chats. Throws when the public menu fails. */
export async function registerMenu(bot: Bot, adminIds: readonly string[], logger: Logger): Promise<void> {
  await bot.api.setMyCommands(menu(false));
  if (!registry.some((c) => c.admin)) return;
  for (const id of adminIds.filter((a) => a.startsWith('telegram:')).map((a) => Number(a.slice(9)))) {
    if (!Number.isSafeInteger(id)) continue;
    await bot.api.setMyCommands(menu(true), { scope: { type: 'chat', chat_id: id } }).catch((error: unknown) => {
      logger.info('admin command menu not set (has the admin started the bot?)', { admin: id, error: describeError(error) });
    });
  }
}

/** Try `registerMenu` up to `attempts` times with a capped backoff, in the background; one log line when it gives up. */
export function registerMenuInBackground(bot: Bot, adminIds: readonly string[], logger: Logger, options: MenuRetryOptions): MenuRegistration {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      timer = setTimeout(resolve, ms);
      timer.unref();
    });
  const done = (async (): Promise<'registered' | 'gave-up' | 'stopped'> => {
    for (let attempt = 1; ; attempt++) {
      if (stopped) return 'stopped';
      try {
        await registerMenu(bot, adminIds, logger);
        if (attempt > 1) logger.info('command menu registered', { attempts: attempt });
        return 'registered';
      } catch (error) {
        if (stopped) return 'stopped';
        if (attempt >= options.attempts) {
          logger.warn('setMyCommands failed; the bot runs without a command menu', { attempts: attempt, error: describeError(error) });
          return 'gave-up';
        }
        const delay = backoffDelay(attempt, { firstMs: options.firstBackoffMs, maxMs: options.maxBackoffMs });
        logger.debug('setMyCommands failed; retrying', { attempt, retryInMs: delay, error: describeError(error) });
        await wait(delay);
      }
    }
  })();
  return {
    done,
    stop() {
      stopped = true;
      clearTimeout(timer);
      wake?.();
    },
  };
}
