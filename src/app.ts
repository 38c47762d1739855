// Builds what every adapter shares: the knowledge base, the query core and the chat memory.
import { createChatMemory, type ChatMemory } from './core/chat-memory.js';
import { createQueryCore, loadKnowledge, type QueryCore } from './core/index.js';

export interface App {
  core: QueryCore;
  memory: ChatMemory;
}

/** Load and validate the knowledge base (throws KnowledgeErrors naming file, item and field) and build the core. */
export function createApp(options: { knowledgeDir: string }): App {
  const knowledge = loadKnowledge(options.knowledgeDir);
  return { core: createQueryCore({ knowledge }), memory: createChatMemory() };
}
