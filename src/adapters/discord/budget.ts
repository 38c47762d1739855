// Discord requests on the token's shared budget: the global limit, each route's bucket from its headers, 429s.
import { DefaultRestOptions, type RESTOptions, type ResponseLike } from 'discord.js';
import type { Priority, TokenBudget } from '../../limits/index.js';

type MakeRequest = RESTOptions['makeRequest'];

const SNOWFLAKE = /^\d{15,21}$/;
/** Route parts whose id is a "major parameter": Discord keeps a bucket per channel, guild and webhook. */
const MAJOR = new Set(['channels', 'guilds', 'webhooks']);

/** A request's route with its major parameter kept and other ids and tokens folded, and the channel it posts to. */
export function routeOf(method: string, url: string): { route: string; channel?: string; exempt: boolean } {
  const path = new URL(url).pathname.replace(/^.*?\/v\d+(?=\/)/, '');
  const parts = path.split('/').filter(Boolean);
  const folded = parts.map((part, i) => {
    if (i > 0 && MAJOR.has(parts[i - 1]!) && i === 1) return part;
    if (SNOWFLAKE.test(part)) return ':id';
    return i > 0 && (parts[i - 2] === 'webhooks' || parts[i - 2] === 'interactions') ? ':token' : part;
  });
  const posts = method.toUpperCase() === 'POST' && parts[0] === 'channels' && parts[2] === 'messages' && parts.length === 3;
  // Interaction responses and their follow-ups are outside the bot's global limit.
  const exempt = parts[0] === 'interactions' || (parts[0] === 'webhooks' && parts.length >= 3);
  return { route: `${method.toUpperCase()} /${folded.join('/')}`, ...(posts ? { channel: parts[1]! } : {}), exempt };
}

const seconds = (value: string | null) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n * 1000 : 0;
};

/** Tell the budget what Discord said: a bucket used up until its reset, a 429 for the route or the whole token. */
export async function observeResponse(budget: TokenBudget, route: string, response: Pick<ResponseLike, 'status' | 'headers'>): Promise<void> {
  const h = response.headers;
  if (response.status === 429) {
    const wait = seconds(h.get('retry-after')) || seconds(h.get('x-ratelimit-reset-after')) || 1000;
    if (h.get('x-ratelimit-global') === 'true' || h.get('x-ratelimit-scope') === 'global') await budget.pause(wait);
    else await budget.exhaust(route, wait);
    return;
  }
  if (h.get('x-ratelimit-remaining') === '0') await budget.exhaust(route, seconds(h.get('x-ratelimit-reset-after')));
}

/**
 * discord.js's request function with the shared budget in front: a request waits for the token's global
 * budget and its route (messages also for their channel), and its answer's rate-limit headers are recorded
 * for every process. `acquire: false` only records (the alerts dispatcher has already drawn on the budget).
 */
export function budgetedRequest(budget: TokenBudget, options: { priority: Priority; acquire?: boolean } = { priority: 'reply' }): MakeRequest {
  return async (url, init) => {
    const { route, channel, exempt } = routeOf(init.method ?? 'GET', url);
    const permit =
      options.acquire !== false && !exempt ? await budget.acquire({ ...(channel ? { chat: `discord:${channel}` } : {}), chatType: 'group', priority: options.priority, route }) : undefined;
    let response: Awaited<ReturnType<MakeRequest>>;
    try {
      response = await DefaultRestOptions.makeRequest(url, init);
    } finally {
      // The request counts against the token's overall limit until Discord's answer is here.
      if (permit?.ok) permit.done();
    }
    await observeResponse(budget, route, response);
    return response;
  };
}
