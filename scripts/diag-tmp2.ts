import { collect, cleanupEngines } from './fit/collect.js';
import { answerModel, FEATURES } from '../src/core/model.js';
const [set, file, mode] = process.argv.slice(2) as [string, string, 'corpus'];
const rows = collect({ name: set, file, mode }, '/work/shared');
const m = answerModel();
const rw = FEATURES.map((f) => m.ranker[f] ?? 0);
for (const q of rows) {
  if (!q.answerable || q.byRule) continue;
  const sc = q.candidates.map((c) => ({ c, s: c.x.reduce((z, v, j) => z + v * rw[j]!, 0) })).sort((a, b) => b.s - a.s);
  const r = sc.findIndex((x) => x.c.label >= 0.999);
  if (r === 0) continue;
  const diff = r > 0 ? FEATURES.map((f, i) => [f, sc[r]!.c.x[i]! - sc[0]!.c.x[i]!, rw[i]!] as const).filter(([, d]) => Math.abs(d) > 0.05).map(([f, d, w]) => `${f}${d > 0 ? '+' : ''}${d.toFixed(2)}(${(d * w).toFixed(1)})`).join(' ') : '';
  console.log(`${q.id} ${q.question}\n   top ${sc[0]?.c.key} ${r >= 0 ? `right@${r} ${sc[r]!.c.key}` : 'NO RIGHT CANDIDATE'}\n   ${diff}`);
}
cleanupEngines();
