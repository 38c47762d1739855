// `npm run explain -- "question"`: the decision trace `ask` follows (reading, candidates, features, verdict), for curators and tuning.
import { parseArgs } from 'node:util';
import { commandLine } from '../src/cli-args.js';
import { decide } from '../src/core/answer.js';
import { buildEngine } from '../src/core/engine.js';
import { defaultQueryCoreOptions, loadKnowledge } from '../src/core/index.js';
import { answerModel, FEATURES } from '../src/core/model.js';

const USAGE = 'Usage: npm run explain -- "What did CATL announce?" ["another question" …] [--top 5] [--features]';
const { positionals, values } = commandLine('explain', USAGE, () =>
  parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '5' }, features: { type: 'boolean', short: 'f' }, help: { type: 'boolean', short: 'h' } } }),
);
if (positionals.length === 0) {
  console.error(USAGE);
  process.exit(2);
}
const engine = buildEngine(loadKnowledge(process.env.KNOWLEDGE_DIR ?? 'knowledge'), { maxAnswerLength: defaultQueryCoreOptions.maxAnswerLength, maxCitations: defaultQueryCoreOptions.maxCitations });
const model = answerModel();
for (const question of positionals) {
  const { analysis: a, focus, ranked, verdict } = decide(engine, question);
  console.log(`\n${question}`);
  if (a.question !== question) console.log(`  read as: ${a.question}`);
  console.log(`  intent: ${a.intent}${a.explicit ? ' (asked outright)' : ''}`);
  console.log(`  entities: ${a.mentions.map((m) => `${m.id} (${m.how}: "${m.text}")`).join(', ') || 'none'}${focus.length ? `; focus: ${focus.join(', ')}` : ''}`);
  console.log(`  concepts: ${a.concepts.map((c) => `${c.label}${c.unknown ? '?' : ''}${c.cue ? ' (cue)' : ''}`).join(', ') || 'none'}`);
  if (a.unknownNames.length) console.log(`  unknown names: ${a.unknownNames.join(', ')}`);
  console.log(`  verdict: ${verdict.kind === 'decline' ? `declined (${verdict.reason})` : verdict.kind === 'names' ? 'answered with its names' : `answered (threshold ${model.threshold.toFixed(2)})`}`);
  for (const s of ranked.slice(0, Number(values.top))) {
    const id = s.doc.fact?.id ?? s.doc.type;
    console.log(`  ${s.score.toFixed(3)}  entity ${s.entity.toFixed(2)} coverage ${s.coverage.toFixed(2)}${s.satisfied ? ' gives what is asked' : ''}${s.excluded ? ` EXCLUDED: ${s.excluded}` : ''}\n        ${id} [${s.doc.source.id}]: ${s.doc.text.slice(0, 110)}`);
    if (values.features) console.log(`        ${FEATURES.filter((f) => s.features[f]).map((f) => `${f}=${+s.features[f].toFixed(2)}`).join(' ')}`);
  }
}
