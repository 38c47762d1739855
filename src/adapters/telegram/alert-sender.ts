// The alerts dispatcher's Telegram sender: one HTML message per alert over pooled keep-alive connections, errors sorted by kind.
import { GrammyError, HttpError } from 'grammy';
import type { Alert, SendResult, Sender } from '../../alerts/types.js';
import { redact, registerSecret } from '../../redact.js';
import { pooledBotApi } from './pooled-bot-api.js';
import { clip, escapeText, link } from './render.js';

export interface TelegramAlertSenderOptions {
  token: string;
  /** Another Bot API server (self-hosted, or a stand-in in tests). */
  apiRoot?: string;
  /** Per request. Default 30 s. */
  timeoutSeconds?: number;
}

/** The alert as Telegram HTML, every piece of text escaped; always well under 4,096 characters. */
export function renderTelegramAlert(alert: Alert): string {
  const meta = [alert.publisher, alert.date].filter(Boolean).join(', ');
  const lines = [
    `🔔 <b>${escapeText(clip(alert.title, 300))}</b>`,
    ...(alert.summary && alert.summary !== alert.title ? [escapeText(clip(alert.summary, 400))] : []),
    ...(alert.entities.length ? [`<i>About:</i> ${escapeText(clip(alert.entities.slice(0, 10).join(', '), 400))}`] : []),
    ...(alert.link ? [link('Read the announcement', alert.link)] : []),
    ...(meta ? [`<i>${escapeText(clip(meta, 200))}</i>`] : []),
    '',
    `You get this because this chat follows ${escapeText(clip(alert.matched, 200))}.`,
    `Stop: <code>${escapeText(clip(alert.unsubscribe, 200))}</code> · /why ${alert.announcementId}`,
  ];
  return lines.join('\n');
}

const GONE = /blocked|kicked|deactivated|not a member|chat not found|peer_id_invalid|chat_write_forbidden|have no rights to send|not enough rights to send|group chat was upgraded|bot can't initiate/i;

/** Sort a failed call: 429 waits, 5xx and network errors retry, a chat that is gone is permanent. */
export function classifyTelegramError(error: unknown): SendResult {
  if (error instanceof GrammyError) {
    const text = `${error.error_code} ${error.description}`;
    if (error.error_code === 429) return { ok: false, kind: 'retry-after', ms: Math.max(0, (error.parameters.retry_after ?? 1) * 1000), error: text };
    if (error.error_code >= 500) return { ok: false, kind: 'transient', error: text };
    if (error.error_code === 403 || GONE.test(error.description)) return { ok: false, kind: 'permanent', error: text };
    return { ok: false, kind: 'rejected', error: text };
  }
  if (error instanceof HttpError) return { ok: false, kind: 'transient', error: `network: ${error.message}` };
  return { ok: false, kind: 'transient', error: error instanceof Error ? error.message : String(error) };
}

/** A Sender for Telegram alerts. Numeric chat ids are sent as numbers, "@channel" names as they are. */
export function createTelegramAlertSender(options: TelegramAlertSenderOptions): Sender {
  registerSecret(options.token);
  const call = pooledBotApi({ apiRoot: options.apiRoot ?? 'https://api.telegram.org', token: options.token, timeoutSeconds: options.timeoutSeconds ?? 30 });
  return {
    platform: 'telegram',
    async send(chatId: string, alert: Alert): Promise<SendResult> {
      try {
        await call('sendMessage', {
          chat_id: /^-?\d+$/.test(chatId) ? Number(chatId) : chatId,
          text: renderTelegramAlert(alert),
          parse_mode: 'HTML',
          link_preview_options: { is_disabled: true },
        });
        return { ok: true };
      } catch (error) {
        // The error is kept with the delivery and shown by /why: never with a token in it.
        const result = classifyTelegramError(error);
        return result.ok ? result : { ...result, error: redact(result.error) };
      }
    },
  };
}
