// `npm run fit`: fits the answer model (logistic regression over the ranking features) to labelled questions, with
// leave-one-set-out cross-validation and one set kept aside, and writes knowledge/model/answer-model.json.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { commandLine } from '../src/cli-args.js';
import { ACCEPTOR_INPUTS, acceptorVector, FEATURES } from '../src/core/model.js';
import { cleanupEngines, collect, collectFeedback, type QuestionRows, type SetSpec } from './fit/collect.js';
import { fitLogistic, fitRanker, predict, type Fitted } from './fit/logistic.js';

const USAGE = `Usage: npm run fit [-- --dry-run] [-- --shared ../shared] [-- --aside blind8] [-- --l2 2] [-- --feedback FILE.jsonl …]
  [-- --oos-weight 1] [-- --runner-up-weight 0.5] [-- --reader-weight 2]
  Fits the answer model to the labelled questions; --dry-run prints the cross-validated figures without writing it.`;
const { values } = commandLine('fit', USAGE, () => parseArgs({
  options: {
    help: { type: 'boolean', short: 'h' },
    shared: { type: 'string', default: '../shared' },
    aside: { type: 'string', default: 'blind8' },
    l2: { type: 'string', default: '2' },
    'dry-run': { type: 'boolean' },
    'oos-weight': { type: 'string', default: '1' },
    feedback: { type: 'string', multiple: true },
    'runner-up-weight': { type: 'string', default: '0.5' },
    'reader-weight': { type: 'string', default: '2' },
  },
}));
const shared = resolve(values.shared!);
const l2 = Number(values.l2);

const sets: SetSpec[] = [];
const add = (name: string, file: string, mode: SetSpec['mode']) => existsSync(file) && sets.push({ name, file, mode });
add('dev', join(shared, 'eval/dev.json'), 'bundled');
add('dev-cold', join(shared, 'eval/dev.json'), 'cold');
add('chat-dev', join(shared, 'eval/chat-dev.json'), 'bundled');
add('corpus', join(shared, 'eval/corpus/questions.json'), 'corpus');
for (const name of readdirSync('eval').filter((n) => n.endsWith('.json')).sort()) {
  const base = name.replace(/\.json$/, '');
  add(base, join('eval', name), 'bundled');
  if (base.startsWith('blind')) add(`${base}-cold`, join('eval', name), 'cold');
}

const rows: QuestionRows[] = [];
for (const spec of sets) {
  const started = performance.now();
  const got = collect(spec, shared);
  rows.push(...got);
  process.stderr.write(`fit: collected ${spec.name} (${spec.mode}): ${got.length} questions, ${got.reduce((n, q) => n + q.candidates.length, 0)} candidates in ${Math.round(performance.now() - started)} ms\n`);
}
for (const file of values.feedback ?? []) {
  const got = collectFeedback(file, shared);
  rows.push(...got);
  process.stderr.write(`fit: collected feedback ${file}: ${got.length} rated answers\n`);
}
cleanupEngines();

const isAside = (q: QuestionRows) => q.set === values.aside || q.set === `${values.aside}-cold`;

/** How much all of a question's runners-up together weigh in fitting the acceptor, against 1 for its top candidate. */
const RUNNER_UP_WEIGHT = Number(values['runner-up-weight']);

/**
 * Questions about articles read by the reader alone (the corpus, and the bundled articles without their curated
 * layer) weigh more: they are the articles a living bot meets, and the fewer in number.
 */
const READER_WEIGHT = Number(values['reader-weight']);
const weightOf = (q: QuestionRows) => (q.set === 'corpus' || q.set.endsWith('-cold') ? READER_WEIGHT : 1);

interface Model {
  ranker: number[];
  acceptor: Fitted;
}

/** Each candidate's ranker score, ordered best first, with the acceptor's inputs. */
function ranked(ranker: number[], q: QuestionRows): Array<{ label: number; input: number[] }> {
  const scored = q.candidates.map((c) => ({ c, s: c.x.reduce((z, v, j) => z + v * ranker[j]!, 0) })).sort((a, b) => b.s - a.s);
  const top = scored[0]?.s ?? 0;
  const second = scored[1]?.s ?? top - 5;
  return scored.map(({ c, s }, i) => ({ label: c.label, input: acceptorVector(c.x, { rankScore: s, top: i === 0, margin: i === 0 ? Math.min(top - second, 5) : Math.max(s - top, -5) }) }));
}

/** Fit the ranker (which candidate), then the acceptor (is it right) on the ranker's view; every question weighs the same. */
function fit(questions: QuestionRows[]): Model {
  const ranker = fitRanker(questions.filter((q) => q.answerable).map((q) => ({ rows: q.candidates.map((c) => c.x), labels: q.candidates.map((c) => c.label), weight: weightOf(q) })), l2);
  const x: number[][] = [];
  const y: number[] = [];
  const w: number[] = [];
  // The acceptor judges what the bot would say: each question's top candidate (right, or to be declined), plus the
  // runners-up at a small weight, since a close second is added to an answer when it is likely too.
  for (const q of questions) {
    const rows = ranked(ranker, q);
    rows.forEach((r, i) => {
      x.push(r.input);
      y.push(i === 0 ? (r.label >= 0.999 ? 1 : 0) : r.label);
      w.push(weightOf(q) * (i === 0 ? 1 : RUNNER_UP_WEIGHT / Math.max(1, rows.length - 1)));
    });
  }
  return { ranker, acceptor: fitLogistic(x, y, w, l2) };
}

interface Outcome {
  answerable: boolean;
  best: number;
  right: boolean;
}

function outcomes(model: Model, questions: QuestionRows[]): Outcome[] {
  return questions
    .filter((q) => !q.byRule)
    .map((q) => {
      // As the core does: of the ranker's first three, the one the acceptor is surest of.
      const head = ranked(model.ranker, q).slice(0, 3).map((r) => ({ r, p: predict(model.acceptor, r.input) }));
      const top = head.reduce<{ r: { label: number }; p: number } | undefined>((a, b) => (!a || b.p > a.p ? b : a), undefined);
      return { answerable: q.answerable, best: top?.p ?? 0, right: (top?.r.label ?? 0) >= 0.999 };
    });
}

/** Questions right at a threshold: answerable ones answered with a right best candidate, the others declined. */
function score(results: Outcome[], threshold: number): { answerable: number; answered: number; oos: number; declined: number } {
  let answerable = 0;
  let answered = 0;
  let oos = 0;
  let declined = 0;
  for (const r of results) {
    if (r.answerable) {
      answerable++;
      if (r.best >= threshold && r.right) answered++;
    } else {
      oos++;
      if (r.best < threshold) declined++;
    }
  }
  return { answerable, answered, oos, declined };
}

/** The threshold that gets most questions right, a declined out-of-scope question counting as much as a right answer. */
function bestThreshold(results: Outcome[]): number {
  let best = 0.5;
  let bestRight = -1;
  for (let t = 0.05; t <= 0.95; t += 0.01) {
    const s = score(results, t);
    const right = s.answered + s.declined * OOS_WEIGHT;
    if (right > bestRight) {
      bestRight = right;
      best = +t.toFixed(2);
    }
  }
  return best;
}

/** How many answerable questions have a right candidate at all: what a perfect ranking could reach. */
function oracle(questions: QuestionRows[]): string {
  const answerable = questions.filter((q) => q.answerable && !q.byRule);
  const reachable = answerable.filter((q) => q.candidates.some((c) => c.label >= 0.999)).length;
  return `${reachable}/${answerable.length}`;
}
for (const set of [...new Set(rows.map((q) => q.set))]) process.stderr.write(`fit: ${set}: a right candidate exists for ${oracle(rows.filter((q) => q.set === set))} answerable questions\n`);

/** How much a declined out-of-scope question counts against a right answer when choosing the threshold. */
const OOS_WEIGHT = Number(values['oos-weight']);

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(1)}%` : 'n/a');
const training = rows.filter((q) => !isAside(q));
const groups = [...new Set(training.map((q) => q.set.replace(/-cold$/, '')))];
const cv: Record<string, string> = {};
let cvAnswered = 0;
let cvAnswerable = 0;
let cvDeclined = 0;
let cvOos = 0;
for (const group of groups) {
  const inFold = (q: QuestionRows) => q.set.replace(/-cold$/, '') === group;
  const model = fit(training.filter((q) => !inFold(q)));
  const threshold = bestThreshold(outcomes(model, training.filter((q) => !inFold(q))));
  const s = score(outcomes(model, training.filter(inFold)), threshold);
  cvAnswered += s.answered;
  cvAnswerable += s.answerable;
  cvDeclined += s.declined;
  cvOos += s.oos;
  cv[group] = `${s.answered}/${s.answerable} answered right, ${s.declined}/${s.oos} declined`;
  process.stderr.write(`fit: fold ${group}: ${cv[group]}\n`);
}
const final = fit(training);
const threshold = bestThreshold(outcomes(final, training));
const train = score(outcomes(final, training), threshold);
const aside = score(outcomes(final, rows.filter(isAside)), threshold);
const summary = {
  date: new Date().toISOString().slice(0, 10),
  questions: training.length,
  candidates: training.reduce((n, q) => n + q.candidates.length, 0),
  l2,
  training: `${train.answered}/${train.answerable} (${pct(train.answered, train.answerable)}) answered right, ${train.declined}/${train.oos} (${pct(train.declined, train.oos)}) declined`,
  crossValidated: `${cvAnswered}/${cvAnswerable} (${pct(cvAnswered, cvAnswerable)}) answered right, ${cvDeclined}/${cvOos} (${pct(cvDeclined, cvOos)}) declined (leave one set out)`,
  folds: cv,
  keptAside: `${values.aside}: ${aside.answered}/${aside.answerable} (${pct(aside.answered, aside.answerable)}) answered right, ${aside.declined}/${aside.oos} (${pct(aside.declined, aside.oos)}) declined`,
};
console.log(JSON.stringify(summary, null, 2));
// The trade-off the threshold makes, on the questions fitted.
const all = outcomes(final, training);
console.log(`threshold  answered-right  declined  (of ${all.filter((o) => o.answerable).length} answerable, ${all.filter((o) => !o.answerable).length} out of scope)`);
for (const t of [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6]) {
  const s = score(all, t);
  console.log(`${t.toFixed(2).padStart(9)}  ${String(s.answered).padStart(14)}  ${String(s.declined).padStart(8)}`);
}
const ranker = Object.fromEntries(FEATURES.map((name, i) => [name, +final.ranker[i]!.toFixed(4)]));
const acceptor = Object.fromEntries([...FEATURES, ...ACCEPTOR_INPUTS].map((name, i) => [name, +final.acceptor.weights[i]!.toFixed(4)]));
console.log([...FEATURES, ...ACCEPTOR_INPUTS].map((name) => `${name.padEnd(16)} ranker ${String(ranker[name] ?? '').padEnd(8)} acceptor ${acceptor[name]}`).join('\n'));
if (!values['dry-run']) {
  const file = 'knowledge/model/answer-model.json';
  const previous = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { second?: number }) : {};
  const model = {
    about: 'Fitted by npm run fit (scripts/fit.ts): a conditional-logit ranker and a logistic acceptor over the ranking features of src/core/rank.ts. Do not edit by hand.',
    ranker,
    acceptor: { bias: +final.acceptor.bias.toFixed(4), weights: acceptor },
    threshold,
    second: previous.second ?? 0.3,
    fitted: summary,
  };
  writeFileSync(file, `${JSON.stringify(model, null, 2)}\n`);
  console.log(`wrote ${file}`);
}
