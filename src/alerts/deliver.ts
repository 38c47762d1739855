// One delivery, whichever outbox claimed it: the alert to send, and what each platform answer means for it.
import type { Alert, Announcement, SendResult, Sender } from './types.js';

export interface RetryPolicy {
  /** First retry after a transient error; doubles each time. */
  baseMs: number;
  maxMs: number;
  /** Transient failures before a delivery is given up as failed. 429s do not count. */
  maxAttempts: number;
}

export const defaultRetryPolicy: RetryPolicy = { baseMs: 2000, maxMs: 10 * 60_000, maxAttempts: 10 };

/** The alert a person gets for an announcement, with why it came and how to stop it. */
export function alertOf(announcement: Announcement, delivery: { matched: string; unsubscribe: string }): Alert {
  return {
    announcementId: announcement.id,
    title: announcement.title,
    summary: announcement.summary,
    entities: announcement.entities.map((e) => e.name),
    ...(announcement.link ? { link: announcement.link } : {}),
    ...(announcement.publisher ? { publisher: announcement.publisher } : {}),
    ...(announcement.date ? { date: announcement.date } : {}),
    matched: delivery.matched,
    unsubscribe: delivery.unsubscribe,
  };
}

/** Send through the platform's sender; a missing sender or a throw is a transient failure. */
export async function sendAlert(sender: Sender | undefined, chatId: string, alert: Alert): Promise<SendResult> {
  try {
    return (await sender?.send(chatId, alert)) ?? { ok: false, kind: 'transient', error: 'no sender' };
  } catch (error) {
    return { ok: false, kind: 'transient', error: error instanceof Error ? error.message : String(error) };
  }
}

/** What to record after one attempt. `attempts` counts this attempt. */
export type Outcome =
  | { kind: 'sent' }
  /** Try again at `at`. A rate limit does not count as an attempt (`refund`). */
  | { kind: 'retry'; at: number; error: string; refund: boolean; rateLimited: boolean }
  | { kind: 'failed'; error: string; reason: 'attempts' | 'rejected' }
  /** The chat refused the bot for good: switch its subscriptions off. */
  | { kind: 'deactivate'; error: string };

export function outcomeOf(result: SendResult, attempts: number, now: number, retry: RetryPolicy, platform = 'the platform'): Outcome {
  if (result.ok) return { kind: 'sent' };
  switch (result.kind) {
    case 'retry-after':
      return { kind: 'retry', at: now + result.ms, error: `rate limited: ${result.error}`, refund: true, rateLimited: true };
    case 'transient':
      if (attempts >= retry.maxAttempts) return { kind: 'failed', error: `gave up after ${attempts} attempts: ${result.error}`, reason: 'attempts' };
      return { kind: 'retry', at: now + Math.min(retry.maxMs, retry.baseMs * 2 ** (attempts - 1)), error: result.error, refund: false, rateLimited: false };
    case 'rejected':
      return { kind: 'failed', error: `refused by ${platform}: ${result.error}`, reason: 'rejected' };
    case 'permanent':
      return { kind: 'deactivate', error: result.error };
  }
}
