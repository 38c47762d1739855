// Builds what every adapter shares: the knowledge base, the query core and the chat memory.
import { createChatMemory, type ChatMemory } from './core/chat-memory.js';
import { join } from 'node:path';
import { loadQueryCore, type QueryCore } from './core/index.js';
import type { ArticleLimits } from './core/knowledge/article-text.js';
import { localChatMemory, sharedChatMemory, type ChatMemoryStore } from './storage/chat-memory.js';
import type { AlertsStore } from './storage/types.js';

export interface App {
  core: QueryCore;
  memory: ChatMemory;
  /** Loads a chat's follow-up state before a command and saves it after (shared between instances on PostgreSQL). */
  chats: ChatMemoryStore;
}

/**
 * Load and validate the knowledge base (throws KnowledgeErrors naming file, item and field) and build the core;
 * with a data folder, from its snapshot when no knowledge file changed since (see src/core/snapshot.ts). With
 * `sharedMemory`, follow-up memory lives in the store, where every ingress instance sees it.
 */
export function createApp(options: { knowledgeDir: string; dataDir?: string; limits?: ArticleLimits; sharedMemory?: Pick<AlertsStore, 'loadChatState' | 'saveChatState'> }): App {
  const { core } = loadQueryCore(options.knowledgeDir, options.dataDir ? join(options.dataDir, 'cache') : undefined, options.limits);
  const memory = createChatMemory();
  return { core, memory, chats: options.sharedMemory ? sharedChatMemory(memory, options.sharedMemory) : localChatMemory(memory) };
}
