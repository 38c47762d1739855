// Builds what every adapter shares: the knowledge base, the query core and the chat memory.
import { createChatMemory, type ChatMemory } from './core/chat-memory.js';
import { createQueryCore, loadKnowledge, type QueryCore } from './core/index.js';
import { localChatMemory, sharedChatMemory, type ChatMemoryStore } from './storage/chat-memory.js';
import type { AlertsStore } from './storage/types.js';

export interface App {
  core: QueryCore;
  memory: ChatMemory;
  /** Loads a chat's follow-up state before a command and saves it after (shared between instances on PostgreSQL). */
  chats: ChatMemoryStore;
}

/** Load and validate the knowledge base (throws KnowledgeErrors naming file, item and field) and build the core. */
export function createApp(options: { knowledgeDir: string; sharedMemory?: Pick<AlertsStore, 'loadChatState' | 'saveChatState'> }): App {
  const knowledge = loadKnowledge(options.knowledgeDir);
  const memory = createChatMemory();
  return { core: createQueryCore({ knowledge }), memory, chats: options.sharedMemory ? sharedChatMemory(memory, options.sharedMemory) : localChatMemory(memory) };
}
