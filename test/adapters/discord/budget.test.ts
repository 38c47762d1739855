// Discord on the token's budget: routes as Discord buckets them, its rate-limit headers and 429s recorded for every process.
import { describe, expect, it } from 'vitest';
import { observeResponse, routeOf } from '../../../src/adapters/discord/budget.js';
import type { AcquireRequest, TokenBudget } from '../../../src/limits/index.js';

function recordingBudget() {
  const calls: string[] = [];
  const budget: TokenBudget = {
    platform: 'discord',
    limited: true,
    acquire: async (request: AcquireRequest) => (calls.push(`acquire ${request.route}`), { ok: true, waitedMs: 0, done: () => void calls.push('done') }),
    pause: async (ms) => void calls.push(`pause ${ms}`),
    exhaust: async (route, ms) => void calls.push(`exhaust ${route} ${ms}`),
    stats: () => ({ granted: 0, replies: 0, alerts: 0, waitedMs: 0, lateSlots: 0, pauses: 0, deferred: 0, storeErrors: 0 }),
  };
  return { budget, calls };
}

const headers = (h: Record<string, string>) => new Headers(h);

describe('Discord routes and rate-limit headers', () => {
  it('keeps the channel of a route (its bucket), folds other ids and tokens, and knows what posts to a channel', () => {
    expect(routeOf('POST', 'https://discord.com/api/v10/channels/123456789012345678/messages')).toEqual({ route: 'POST /channels/123456789012345678/messages', channel: '123456789012345678', exempt: false });
    expect(routeOf('GET', 'https://discord.com/api/v10/guilds/123456789012345678/members/223456789012345678')).toEqual({ route: 'GET /guilds/123456789012345678/members/:id', exempt: false });
    // Interaction responses and follow-ups are outside the bot's global limit.
    expect(routeOf('POST', 'https://discord.com/api/v10/interactions/123456789012345678/aW50ZXJhY3Rpb24/callback')).toMatchObject({ route: 'POST /interactions/:id/:token/callback', exempt: true });
    expect(routeOf('PATCH', 'https://discord.com/api/v10/webhooks/123456789012345678/aW50ZXJh/messages/@original')).toMatchObject({ route: 'PATCH /webhooks/123456789012345678/:token/messages/@original', exempt: true });
  });

  it('holds a route back until its bucket resets, and the whole token on a global 429', async () => {
    const { budget, calls } = recordingBudget();
    await observeResponse(budget, 'POST /channels/1/messages', { status: 200, headers: headers({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset-after': '2.5' }) });
    await observeResponse(budget, 'POST /channels/1/messages', { status: 200, headers: headers({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '2.5' }) });
    await observeResponse(budget, 'POST /channels/2/messages', { status: 429, headers: headers({ 'retry-after': '4', 'x-ratelimit-scope': 'user' }) });
    await observeResponse(budget, 'GET /gateway/bot', { status: 429, headers: headers({ 'retry-after': '7', 'x-ratelimit-global': 'true' }) });
    expect(calls).toEqual(['exhaust POST /channels/1/messages 2500', 'exhaust POST /channels/2/messages 4000', 'pause 7000']);
  });
});
