import { createQueryCore, loadKnowledge } from '../src/core/index.js';
import { benchmarkQuestions } from './bench/questions.js';
const kb = loadKnowledge('knowledge', { readingsDir: 'data/cache/readings' });
const core = createQueryCore({ knowledge: kb });
const qs = benchmarkQuestions(kb);
for (const q of qs) core.ask(q);
const t = performance.now();
for (let i = 0; i < 3; i++) for (const q of qs) core.ask(q);
console.log(((performance.now() - t) / (3 * qs.length)).toFixed(3), 'ms per question');
