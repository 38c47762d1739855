// The alerts dispatcher's Discord sender: an embed per alert over discord.js REST, never pinging anyone.
import { DiscordAPIError, HTTPError, RateLimitError, REST, Routes } from 'discord.js';
import type { Alert, SendResult, Sender } from '../../alerts/types.js';
import type { TokenBudget } from '../../limits/index.js';
import { redact } from '../../redact.js';
import { buildAlertMessages, toMessageBody } from './alert.js';
import { budgetedRequest } from './budget.js';

export interface DiscordAlertSenderOptions {
  token: string;
  /** Another API root (a stand-in in tests), e.g. http://127.0.0.1:4000/api */
  apiRoot?: string;
  /** Per request. Default 15 s. */
  timeoutMs?: number;
  /** The token's budget: the headers of each answer are recorded there for every process. */
  budget?: TokenBudget;
}

/** Discord error codes meaning the channel is gone or closed to the bot for good. */
const GONE_CODES = new Set([10003, 10004, 10013, 50001, 50007, 50013]);

export function classifyDiscordError(error: unknown): SendResult {
  if (error instanceof RateLimitError) return { ok: false, kind: 'retry-after', ms: Math.max(error.retryAfter, error.timeToReset, 0), error: `429 ${error.route}` };
  if (error instanceof DiscordAPIError) {
    const text = `${error.status} ${error.code} ${error.message}`;
    if (error.status === 429) return { ok: false, kind: 'retry-after', ms: 1000, error: text };
    if (error.status >= 500) return { ok: false, kind: 'transient', error: text };
    if (error.status === 403 || error.status === 404 || GONE_CODES.has(Number(error.code))) return { ok: false, kind: 'permanent', error: text };
    return { ok: false, kind: 'rejected', error: text };
  }
  if (error instanceof HTTPError) return error.status >= 500 ? { ok: false, kind: 'transient', error: `${error.status} ${error.message}` } : { ok: false, kind: 'rejected', error: `${error.status} ${error.message}` };
  return { ok: false, kind: 'transient', error: error instanceof Error ? `network: ${error.message}` : String(error) };
}

/**
 * A Sender for Discord alerts (chat id = channel id, DMs included). 429s come back to the dispatcher as
 * retry-after instead of being waited out inside REST, so its rate limits stay the one scheduler. Each
 * message carries a nonce with enforce_nonce, so Discord drops a repeat of the same alert to the same channel.
 */
export function createDiscordAlertSender(options: DiscordAlertSenderOptions): Sender {
  const rest = new REST({
    ...(options.apiRoot ? { api: options.apiRoot.replace(/\/+$/, '') } : {}),
    timeout: options.timeoutMs ?? 15_000,
    retries: 0,
    rejectOnRateLimit: () => true,
    ...(options.budget ? { makeRequest: budgetedRequest(options.budget, { priority: 'alert', acquire: false }) } : {}),
  }).setToken(options.token);
  return {
    platform: 'discord',
    async send(channelId: string, alert: Alert): Promise<SendResult> {
      const [message] = buildAlertMessages({
        title: alert.title,
        summary: alert.summary,
        entities: alert.entities,
        matched: alert.matched,
        unsubscribe: alert.unsubscribe,
        ...(alert.link ? { url: alert.link } : {}),
        ...(alert.publisher ? { publisher: alert.publisher } : {}),
        ...(alert.date ? { date: alert.date } : {}),
      });
      if (!message) return { ok: false, kind: 'rejected', error: 'empty alert' };
      try {
        await rest.post(Routes.channelMessages(channelId), {
          body: { ...toMessageBody(message), nonce: `alert-${alert.announcementId}`, enforce_nonce: true },
        });
        return { ok: true };
      } catch (error) {
        // The error is kept with the delivery and shown by /why: never with a token in it.
        const result = classifyDiscordError(error);
        return result.ok ? result : { ...result, error: redact(result.error) };
      }
    },
  };
}
