// Public entry of the query core: everything adapters and commands may use.
export { createQueryCore, defaultQueryCoreOptions } from './query-core.js';
export { addSourceFiles, loadKnowledge } from './knowledge/load.js';
export { loadQueryCore } from './snapshot.js';
export { KnowledgeError, KnowledgeErrors } from './knowledge/errors.js';
export { countKnowledge, summariseKnowledge } from './knowledge/summary.js';
export { foldForQuote } from './knowledge/text.js';
export type * from './types.js';
export type { Entity, EntityType, Fact, FactKind, KnowledgeBase, Source } from './knowledge/schema.js';
