// `npm run explain -- "question"`: how the core reads a question and ranks its candidates (for curators and tuning).
import { parseArgs } from 'node:util';
import { analyseQuestion } from '../src/core/analyse.js';
import { rankForDebug } from '../src/core/answer.js';
import { buildEngine } from '../src/core/engine.js';
import { loadKnowledge } from '../src/core/index.js';

const questions = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} }).positionals;
if (questions.length === 0) {
  console.error('Usage: npm run explain -- "What did CATL announce?" ["another question" …]');
  process.exit(2);
}
const engine = buildEngine(loadKnowledge(process.env.KNOWLEDGE_DIR ?? 'knowledge'), { maxAnswerLength: 500, maxCitations: 2 });
for (const question of questions) {
  const a = analyseQuestion(engine, question);
  console.log(`\n${question}`);
  console.log(`  intent: ${a.intent}${a.explicit ? ' (asked outright)' : ''}`);
  console.log(`  entities: ${a.mentions.map((m) => `${m.id} (${m.how}: "${m.text}")`).join(', ') || 'none'}`);
  console.log(`  concepts: ${a.concepts.map((c) => `${c.label}${c.unknown ? '?' : ''}${c.cue ? ' (cue)' : ''}`).join(', ') || 'none'}`);
  if (a.unknownNames.length) console.log(`  unknown names: ${a.unknownNames.join(', ')}`);
  const { ranked, declined } = rankForDebug(engine, a);
  console.log(`  verdict: ${declined ? `declined (${declined})` : 'answered'}`);
  for (const s of ranked.slice(0, 5)) {
    const id = s.doc.fact?.id ?? s.doc.type;
    console.log(`  ${s.score.toFixed(2)}  entity ${s.entity.toFixed(2)} coverage ${s.coverage.toFixed(2)} ${s.satisfied ? 'gives what is asked' : ''}\n        ${id}: ${s.doc.text.slice(0, 110)}`);
  }
}
