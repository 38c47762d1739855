// Builds what every adapter shares: the knowledge base, the query core and the chat memory.
import { createChatMemory, type ChatMemory } from './core/chat-memory.js';
import { join } from 'node:path';
import { loadQueryCore, type QueryCore } from './core/index.js';

export interface App {
  core: QueryCore;
  memory: ChatMemory;
}

/**
 * Load and validate the knowledge base (throws KnowledgeErrors naming file, item and field) and build the core;
 * with a data folder, from its snapshot when no knowledge file changed since (see src/core/snapshot.ts).
 */
export function createApp(options: { knowledgeDir: string; dataDir?: string }): App {
  const { core } = loadQueryCore(options.knowledgeDir, options.dataDir ? join(options.dataDir, 'cache') : undefined);
  return { core, memory: createChatMemory() };
}
