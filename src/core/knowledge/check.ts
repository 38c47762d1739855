// `npm run knowledge:check [-- DIR]`: validates the knowledge base and prints what it holds.
import { parseArgs } from 'node:util';
import { loadKnowledge } from './load.js';
import { summariseKnowledge } from './summary.js';

try {
  const { positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} });
  const kb = loadKnowledge(positionals[0] ?? process.env.KNOWLEDGE_DIR ?? 'knowledge');
  console.log(summariseKnowledge(kb));
  console.log('knowledge: OK');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
