import { buildEngine } from '../src/core/engine.js';
import { loadKnowledge } from '../src/core/index.js';
import { analyseQuestion } from '../src/core/analyse.js';
import { conceptWeights } from '../src/core/rank.js';
import { searchTerms } from '../src/core/search-index.js';
const engine = buildEngine(loadKnowledge(process.env.KNOWLEDGE_DIR!), { maxAnswerLength: 500, maxCitations: 2 });
const a = analyseQuestion(engine, process.argv[2]!);
const w = conceptWeights(a);
console.log([...w]);
const hits = searchTerms(engine.index, w, 40);
for (const h of hits.slice(0, 40)) { const d = engine.index.docs[h.id as number]!; console.log(h.score.toFixed(2), d.fact?.id ?? d.type, d.text.slice(0, 60)); }
