import { collect, cleanupEngines } from './fit/collect.js';
import { answerModel, acceptorVector, FEATURES, ACCEPTOR_INPUTS } from '../src/core/model.js';
const [set, file, mode] = process.argv.slice(2) as [string, string, 'corpus'];
const rows = collect({ name: set, file, mode }, '/work/shared');
const m = answerModel();
const rw = FEATURES.map((f) => m.ranker[f] ?? 0);
const aw = [...FEATURES, ...ACCEPTOR_INPUTS].map((f) => m.acceptor.weights[f] ?? 0);
const hist: Record<string, number[]> = { rightTop: [], wrongTop: [], oos: [] };
for (const q of rows) {
  if (q.byRule) continue;
  const sc = q.candidates.map((c) => ({ c, s: c.x.reduce((z, v, j) => z + v * rw[j]!, 0) })).sort((a, b) => b.s - a.s);
  if (!sc[0]) { (q.answerable ? hist.wrongTop! : hist.oos!).push(0); continue; }
  const top = sc[0]; const second = sc[1]?.s ?? top.s - 5;
  const inp = acceptorVector(top.c.x, { rankScore: top.s, top: true, margin: Math.min(top.s - second, 5) });
  const p = 1 / (1 + Math.exp(-(m.acceptor.bias + inp.reduce((z, v, j) => z + v * aw[j]!, 0))));
  (q.answerable ? (top.c.label >= 0.999 ? hist.rightTop : hist.wrongTop) : hist.oos)!.push(+p.toFixed(2));
}
for (const [k, v] of Object.entries(hist)) console.log(k, v.length, 'accepted', v.filter((p) => p >= m.threshold).length, JSON.stringify(v.sort()));
cleanupEngines();
