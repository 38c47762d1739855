// Rate limits with a fake clock: Telegram's overall, per-chat and per-group limits hold at any pace of asking.
import { describe, expect, it } from 'vitest';
import { createRateLimiter, telegramLimits } from '../../src/alerts/rate-limiter.js';

/** Send as fast as the limiter allows for `ms`, over the given chats; returns the send times per chat. */
function simulate(chats: Array<{ id: string; type: 'private' | 'group' }>, ms: number): Map<string, number[]> {
  const limiter = createRateLimiter({ telegram: telegramLimits });
  const sent = new Map<string, number[]>(chats.map((c) => [c.id, []]));
  for (let now = 0; now < ms; now++) {
    for (const chat of chats) {
      if (limiter.globalWait('telegram', now) > 0) break;
      if (limiter.chatWait('telegram', chat.id, chat.type, now) > 0) continue;
      limiter.take('telegram', chat.id, chat.type, now);
      sent.get(chat.id)!.push(now);
    }
  }
  return sent;
}

const maxIn = (times: number[], window: number) => times.reduce((max, t, i) => Math.max(max, times.filter((u) => u >= t && u < t + window).length), 0);

describe('Telegram rate limits', () => {
  it('keeps under 30 messages in any second overall while sustaining over 95% of 30/s', () => {
    const chats = Array.from({ length: 200 }, (_, i) => ({ id: `c${i}`, type: 'private' as const }));
    const all = [...simulate(chats, 20_000).values()].flat().sort((a, b) => a - b);
    expect(maxIn(all, 1000)).toBeLessThan(30);
    expect(all.length / 20).toBeGreaterThanOrEqual(28.5);
  });

  it('sends at most 1 message a second to one chat and 20 a minute to one group', () => {
    const sent = simulate([{ id: 'private', type: 'private' }, { id: 'group', type: 'group' }], 120_000);
    expect(maxIn(sent.get('private')!, 1000)).toBe(1);
    expect(sent.get('private')!.length).toBeGreaterThanOrEqual(119);
    expect(maxIn(sent.get('group')!, 60_000)).toBe(20);
    expect(sent.get('group')!.length).toBe(40);
  });

  it('holds the whole platform back after a 429 for retry_after', () => {
    const limiter = createRateLimiter({ telegram: telegramLimits });
    limiter.pause('telegram', 5000);
    expect(limiter.globalWait('telegram', 1000)).toBe(4000);
    expect(limiter.globalWait('telegram', 5000)).toBe(0);
  });
});
