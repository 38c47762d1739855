// Sliding-window rate limits per platform: overall, per chat and per group chat.
import type { ChatType, Platform } from './types.js';

/** At most `limit` messages in any `windowMs`. */
export interface RateRule {
  limit: number;
  windowMs: number;
}

export interface PlatformLimits {
  /** All messages of the bot on this platform. */
  global?: RateRule[];
  /** Messages to one chat. */
  perChat?: RateRule[];
  /** Messages to one group or channel (in addition to perChat). */
  perGroup?: RateRule[];
}

/** Telegram: under 30 messages/s overall (evenly spaced, at most 29 in any second), 1/s per chat, 20/min per group. */
export const telegramLimits: PlatformLimits = {
  global: [{ limit: 1, windowMs: 1000 / 29.5 }, { limit: 29, windowMs: 1000 }],
  perChat: [{ limit: 1, windowMs: 1000 }],
  perGroup: [{ limit: 20, windowMs: 60_000 }],
};

/** Discord: 50 requests/s overall (we keep to 45), 5 per 5 s per channel. */
export const discordLimits: PlatformLimits = {
  global: [{ limit: 1, windowMs: 1000 / 45 }, { limit: 45, windowMs: 1000 }],
  perChat: [{ limit: 5, windowMs: 5000 }],
};

export const defaultLimits: Record<Platform, PlatformLimits> = { telegram: telegramLimits, discord: discordLimits, console: {} };

class Window {
  private readonly times: number[] = [];
  constructor(private readonly rule: RateRule) {}
  /** Milliseconds until one more message is allowed (0 = now). */
  wait(now: number): number {
    const { limit, windowMs } = this.rule;
    while (this.times.length > 0 && now - this.times[0]! >= windowMs) this.times.shift();
    return this.times.length < limit ? 0 : Math.max(1, Math.ceil(this.times[0]! + windowMs - now));
  }
  take(now: number): void {
    this.times.push(now);
  }
  idle(now: number): boolean {
    return this.times.length === 0 || now - this.times[this.times.length - 1]! >= this.rule.windowMs;
  }
}

type Windows = Window[];

export interface RateLimiter {
  /** Milliseconds until the platform as a whole may send (0 = now). */
  globalWait(platform: Platform, now: number): number;
  /** Milliseconds until this chat may receive (0 = now). */
  chatWait(platform: Platform, chat: string, chatType: ChatType, now: number): number;
  /** Record a message about to be sent. */
  take(platform: Platform, chat: string, chatType: ChatType, now: number): void;
  /** Hold the whole platform back (after a 429). */
  pause(platform: Platform, until: number): void;
}

export function createRateLimiter(limits: Partial<Record<Platform, PlatformLimits>> = defaultLimits): RateLimiter {
  const global = new Map<Platform, Windows>();
  const chats = new Map<string, Windows>();
  const paused = new Map<Platform, number>();
  let sweptAt = 0;

  const rulesFor = (platform: Platform, chatType: ChatType): RateRule[] => {
    const l = limits[platform] ?? {};
    return [...(l.perChat ?? []), ...(chatType === 'private' ? [] : (l.perGroup ?? []))];
  };
  const globalOf = (platform: Platform): Windows => {
    let w = global.get(platform);
    if (!w) global.set(platform, (w = (limits[platform]?.global ?? []).map((r) => new Window(r))));
    return w;
  };
  const chatOf = (platform: Platform, chat: string, chatType: ChatType): Windows => {
    let w = chats.get(chat);
    if (!w) {
      w = rulesFor(platform, chatType).map((r) => new Window(r));
      if (w.length > 0) chats.set(chat, w);
    }
    return w;
  };
  const maxWait = (windows: Windows, now: number) => windows.reduce((m, w) => Math.max(m, w.wait(now)), 0);

  return {
    globalWait(platform, now) {
      return Math.max(maxWait(globalOf(platform), now), Math.max(0, (paused.get(platform) ?? 0) - now));
    },
    chatWait(platform, chat, chatType, now) {
      const w = chats.get(chat);
      return w ? maxWait(w, now) : 0;
    },
    take(platform, chat, chatType, now) {
      for (const w of globalOf(platform)) w.take(now);
      const windows = chatOf(platform, chat, chatType);
      for (const w of windows) w.take(now);
      // Forget chats whose windows have all passed, so memory stays bounded at any fan-out size.
      if (now - sweptAt > 10_000 || chats.size > 200_000) {
        sweptAt = now;
        for (const [key, ws] of chats) if (ws.every((x) => x.idle(now))) chats.delete(key);
      }
    },
    pause(platform, until) {
      paused.set(platform, Math.max(paused.get(platform) ?? 0, until));
    },
  };
}
