import { collect, cleanupEngines } from './fit/collect.js';
import { answerModel, probability, FEATURES } from '../src/core/model.js';
const set = process.argv[2]!; const file = process.argv[3]!; const mode = process.argv[4] as 'corpus';
const rows = collect({ name: set, file, mode }, '/work/shared');
const m = answerModel();
const p = (x: number[]) => probability(m, Object.fromEntries(FEATURES.map((f, i) => [f, x[i]!])) as never);
for (const q of rows) {
  if (!q.answerable || q.byRule) continue;
  const scored = q.candidates.map((c) => ({ ...c, p: p(c.x) })).sort((a, b) => b.p - a.p);
  const right = scored.findIndex((c) => c.label >= 0.999);
  if (right === 0 && scored[0]!.p >= m.threshold) continue;
  const diff = right > 0 ? FEATURES.map((f, i) => [f, scored[right]!.x[i]! - scored[0]!.x[i]!] as const).filter(([, d]) => Math.abs(d) > 0.05).map(([f, d]) => `${f}${d > 0 ? '+' : ''}${d.toFixed(2)}`).join(' ') : '';
  console.log(`${q.id} ${q.question}\n   top ${scored[0]?.p.toFixed(2)} ${scored[0]?.key}  right@${right} ${right >= 0 ? scored[right]!.p.toFixed(2) + ' ' + scored[right]!.key : ''}\n   ${diff}`);
}
cleanupEngines();
