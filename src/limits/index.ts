// Public entry of the outgoing limits: one budget per bot token, in memory or shared through PostgreSQL.
import { createHash } from 'node:crypto';
import type { Platform } from '../alerts/types.js';
import { createTokenBudget, type LimiterFactory, type TokenBudget, type TokenBudgetOptions } from './budget.js';
import { defaultBudgets, type BudgetRules } from './rules.js';

export type Budgets = Partial<Record<Platform, TokenBudget>>;

/** A stable id of a token that reveals nothing of it (budgets are keyed by it in a shared store). */
export function tokenIdOf(token: string): string {
  return createHash('sha256').update(`budget:${token}`).digest('hex').slice(0, 16);
}

/** One budget per configured platform token; `rules` false turns the limits off (benchmarks), pauses still hold. */
export function createBudgets(options: {
  tokens: Partial<Record<Platform, string>>;
  limiter: LimiterFactory;
  rules?: Partial<Record<Platform, BudgetRules>> | false;
  tuning?: Partial<Pick<TokenBudgetOptions, 'alertReservations' | 'alertHorizonMs' | 'lateToleranceMs' | 'maxAlertWaitMs' | 'onStoreError'>>;
}): Budgets {
  const budgets: Budgets = {};
  for (const platform of Object.keys(options.tokens) as Platform[]) {
    const token = options.tokens[platform];
    if (token === undefined) continue;
    const rules = options.rules === false ? {} : (options.rules?.[platform] ?? defaultBudgets[platform]);
    budgets[platform] = createTokenBudget({ platform, tokenId: tokenIdOf(token), rules, limiter: options.limiter, ...options.tuning });
  }
  return budgets;
}

export { createTokenBudget, sleep } from './budget.js';
export type { AcquireRequest, Acquired, BudgetStats, LimiterFactory, Priority, TokenBudget, WindowLimiter } from './budget.js';
export { memoryLimiters, postgresLimiters } from './stores.js';
export { memorySendLog, postgresSendLog, type SendLog } from './send-log.js';
export { defaultBudgets, discordBudget, telegramBudget, telegramChatType, isGroupChat, type BudgetRules, type WindowRule } from './rules.js';
export { backoffDelay, type BackoffOptions } from './backoff.js';
