// `npm run knowledge:check`: validates the knowledge base and prints what it holds.
import { loadKnowledge } from './load.js';
import { summariseKnowledge } from './summary.js';

const dir = process.argv[2] ?? process.env.KNOWLEDGE_DIR ?? 'knowledge';
try {
  const kb = loadKnowledge(dir);
  console.log(summariseKnowledge(kb));
  console.log('knowledge: OK');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
