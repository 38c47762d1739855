// The outgoing limits of each platform, per bot token: an overall budget, per chat and per group.
import type { ChatType, Platform } from '../alerts/types.js';

/**
 * At most `points` messages in a window of `seconds`. The overall rule is a sliding window over the sends, each
 * counted until its answer came back (src/limits/send-log.ts); a chat's and a group's are fixed windows.
 */
export interface WindowRule {
  points: number;
  seconds: number;
}

export interface BudgetRules {
  /**
   * Every message of the token: never more than `points` in any `seconds`, however late a message arrives, and
   * sends at least `seconds / points` apart.
   */
  global?: WindowRule;
  /** Messages to one chat. */
  perChat?: WindowRule;
  /** Messages to one group or channel, in addition to perChat. */
  perGroup?: WindowRule;
}

/**
 * Telegram: never more than 30 messages in any second overall. Each counts until Telegram's answer came back, so a
 * message held back on its way (a busy machine does that, by 45 ms at times) cannot land in the next second's
 * share: no margin has to be guessed, and the rate stays just under 30/s, by the time an answer takes.
 * 1 per second per chat, and one every 3 s per group (never more than 20 in any minute).
 */
export const telegramBudget: BudgetRules = {
  global: { points: 30, seconds: 1 },
  perChat: { points: 1, seconds: 1 },
  perGroup: { points: 1, seconds: 3 },
};

/** Discord: 45 requests in any second overall (its limit is 50), 5 per 5 s per channel; its headers tighten both when it says so. */
export const discordBudget: BudgetRules = {
  global: { points: 45, seconds: 1 },
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
