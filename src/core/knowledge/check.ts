// `npm run knowledge:check [-- DIR]`: validates the knowledge base and prints what it holds, and any source file left out.
import { parseArgs } from 'node:util';
import { loadKnowledge } from './load.js';
import { summariseKnowledge } from './summary.js';

try {
  const { positionals } = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} });
  const kb = loadKnowledge(positionals[0] ?? process.env.KNOWLEDGE_DIR ?? 'knowledge');
  console.log(summariseKnowledge(kb));
  const skipped = kb.skipped ?? [];
  if (skipped.length) {
    // The bot starts without these files; the check fails so that someone fixes or removes them.
    console.error(`knowledge: ${skipped.length} source file${skipped.length === 1 ? ' is' : 's are'} left out (the bot starts without ${skipped.length === 1 ? 'it' : 'them'}; fix or delete ${skipped.length === 1 ? 'it' : 'them'}):`);
    for (const s of skipped) console.error(`  - ${s.file}: ${s.reason}`);
    process.exit(1);
  }
  console.log('knowledge: OK');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
