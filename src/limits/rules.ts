// The outgoing limits of each platform, per bot token: an overall budget, per chat and per group.
import type { ChatType, Platform } from '../alerts/types.js';

/** At most `points` messages in a window of `seconds` (fixed window, starting at its first message). */
export interface WindowRule {
  points: number;
  seconds: number;
}

export interface BudgetRules {
  /**
   * Every message of the token. The window's points are handed out as evenly spaced send times
   * (`seconds / points` apart), so no stretch of time gets more than its share, at any window boundary.
   */
  global?: WindowRule;
  /** Messages to one chat. */
  perChat?: WindowRule;
  /** Messages to one group or channel, in addition to perChat. */
  perGroup?: WindowRule;
}

/**
 * Telegram: 28.7 messages/s overall (86 per 3 s, one every 34.9 ms: never more than 30 in any second, with some
 * 45 ms to spare for delays on the way: a busy machine holds a message back that long at times, measured here; at
 * 29/s, with 35 ms to spare, a slow machine once put 31 in a second at the stand-in),
 * 1 per second per chat, and one every 3 s per group (never more than 20 in any minute).
 */
export const telegramBudget: BudgetRules = {
  global: { points: 86, seconds: 3 },
  perChat: { points: 1, seconds: 1 },
  perGroup: { points: 1, seconds: 3 },
};

/** Discord: 45 requests/s overall (its limit is 50), 5 per 5 s per channel; its headers tighten both when it says so. */
export const discordBudget: BudgetRules = {
  global: { points: 90, seconds: 2 },
  perChat: { points: 5, seconds: 5 },
};

export const defaultBudgets: Record<Platform, BudgetRules> = { telegram: telegramBudget, discord: discordBudget, console: {} };

/** Is this chat a group for the per-group rule? */
export function isGroupChat(type: ChatType): boolean {
  return type !== 'private';
}

/** Telegram's chat ids: negative for groups, supergroups and channels, "@name" for public channels. */
export function telegramChatType(chatId: number | string): ChatType {
  if (typeof chatId === 'string' && !/^-?\d+$/.test(chatId)) return 'channel';
  return Number(chatId) < 0 ? 'group' : 'private';
}
