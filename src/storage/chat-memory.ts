// Follow-up memory as every ingress instance sees it: the core's in-process memory, kept in the store when shared.
import type { ChatState } from '../../commands/types.js';
import type { ChatMemory } from '../core/chat-memory.js';
import type { AlertsStore } from './types.js';

/** Load a chat's state before a command runs; save it after. */
export interface ChatMemoryStore {
  load(key: string): Promise<ChatState>;
  save(key: string, state: ChatState): Promise<void>;
}

/** One process: the in-process memory is the whole truth. */
export function localChatMemory(memory: ChatMemory): ChatMemoryStore {
  return { load: async (key) => memory.get(key), save: async () => undefined };
}

/**
 * Several ingress instances (webhooks behind a load balancer): the state lives in the store, so a follow-up
 * question that lands on another instance still knows what "it" is. The local memory holds the object the
 * command mutates; it is refreshed from the store before and written back after.
 */
export function sharedChatMemory(memory: ChatMemory, store: Pick<AlertsStore, 'loadChatState' | 'saveChatState'>, ttlMs = 30 * 60_000): ChatMemoryStore {
  const seen = new Map<string, string>();
  return {
    async load(key) {
      const state = memory.get(key);
      const stored = await store.loadChatState(key, Date.now() - ttlMs);
      state.recentEntities = stored?.recentEntities ?? [];
      seen.set(key, JSON.stringify(state.recentEntities));
      if (seen.size > 10_000) seen.delete(seen.keys().next().value!);
      return state;
    },
    async save(key, state) {
      const now = JSON.stringify(state.recentEntities);
      if (seen.get(key) === now && state.recentEntities.length === 0) return;
      seen.set(key, now);
      await store.saveChatState(key, { recentEntities: state.recentEntities });
    },
  };
}
