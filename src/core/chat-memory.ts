// Per-chat follow-up memory: recent entities, bounded in size and forgotten after a while.
import type { ChatState } from '../../commands/types.js';

export interface ChatMemoryOptions {
  /** Chats remembered at most (least recently used are dropped). Default 10,000. */
  maxChats?: number;
  /** Forget a chat after this long without a message. Default 30 minutes. */
  ttlMs?: number;
  now?: () => number;
}

export interface ChatMemory {
  /** The chat's state (a fresh one when unknown or expired). Mutations are kept. */
  get(chatId: string): ChatState;
  size(): number;
  clear(): void;
}

export function createChatMemory(options: ChatMemoryOptions = {}): ChatMemory {
  const maxChats = options.maxChats ?? 10_000;
  const ttlMs = options.ttlMs ?? 30 * 60_000;
  const now = options.now ?? Date.now;
  const chats = new Map<string, { state: ChatState; seen: number }>();
  return {
    get(chatId) {
      const entry = chats.get(chatId);
      const t = now();
      if (entry && t - entry.seen <= ttlMs) {
        chats.delete(chatId);
        entry.seen = t;
        chats.set(chatId, entry);
        return entry.state;
      }
      const state: ChatState = { recentEntities: [] };
      chats.delete(chatId);
      chats.set(chatId, { state, seen: t });
      while (chats.size > maxChats) chats.delete(chats.keys().next().value!);
      return state;
    },
    size: () => chats.size,
    clear: () => chats.clear(),
  };
}
