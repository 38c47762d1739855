// `npm run eval [-- FILE]`: runs an evaluation file through the `ask --json` contract and scores it.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { commandLine } from '../src/cli-args.js';
import { z } from 'zod';
import { loadKnowledge } from '../src/core/index.js';
import { prepareCold, prepareCorpus } from './eval/prepare.js';

const questionSchema = z.object({
  id: z.string(),
  q: z.string(),
  answerable: z.boolean(),
  expect: z.array(z.array(z.string())).optional(),
  sources: z.array(z.string()).optional(),
  category: z.string(),
});
const evalSchema = z.object({ questions: z.array(questionSchema) });

interface Output {
  question: string;
  answered: boolean;
  text: string;
  citations: Array<{ source: string; quote: string }>;
}

const USAGE = `Usage: npm run eval [-- QUESTIONS.json] [-- --corpus | --corpus-dir DIR | --cold] [-- --verbose]
  QUESTIONS.json defaults to ../shared/eval/dev.json; --corpus reads the articles of ../shared/eval/corpus (or DIR) by
  themselves and asks its questions; --cold leaves the curated layer out.`;
const { values, positionals } = commandLine('eval', USAGE, () =>
  parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { verbose: { type: 'boolean', short: 'v' }, corpus: { type: 'boolean' }, 'corpus-dir': { type: 'string' }, cold: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }),
);
const verbose = values.verbose ?? false;
// `--corpus-dir DIR` (a folder with articles/ and questions.json, like ../shared/eval/corpus) implies --corpus.
const corpusMode = (values.corpus ?? false) || values['corpus-dir'] !== undefined;
const coldMode = values.cold ?? false;
/** One line per phase on standard error, so a long run shows where it is. */
const progress = (line: string) => process.stderr.write(`eval: ${line}\n`);
const corpusDir = resolve(values['corpus-dir'] ?? '../shared/eval/corpus');
const file = resolve(positionals[0] ?? (corpusMode ? join(corpusDir, 'questions.json') : '../shared/eval/dev.json'));
if (corpusMode) progress(`ingesting the articles of ${join(corpusDir, 'articles')} into a temporary knowledge base…`);
if (coldMode) progress('copying the knowledge base without the curated entities and facts…');
const prepared = corpusMode ? prepareCorpus('knowledge', join(corpusDir, 'articles')) : coldMode ? prepareCold('knowledge') : undefined;
if (prepared) process.env.KNOWLEDGE_DIR = prepared.knowledgeDir;
process.on('exit', () => prepared?.cleanup());
const seedsDir = resolve(process.env.SEEDS_DIR ?? '../shared/seeds');
if (!existsSync(file)) {
  console.error(`eval: no evaluation file at ${file}`);
  process.exit(2);
}
const { questions } = evalSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
const seeds = new Map<string, string>();
if (existsSync(seedsDir)) for (const name of readdirSync(seedsDir)) seeds.set(name, readFileSync(join(seedsDir, name), 'utf8'));
for (const [name, text] of prepared?.texts ?? []) seeds.set(name, text);
// Articles added later live only in the knowledge base: their bodies count as sources too.
const kb = loadKnowledge(process.env.KNOWLEDGE_DIR ?? 'knowledge');
const allTexts = [...seeds.values(), ...kb.sources.map((s) => s.body)];

const started = performance.now();
progress(`asking ${questions.length} questions of ${file} through ask --json…`);
const run = spawnSync('npx', ['tsx', 'src/adapters/console/ask.ts', '--json'], {
  env: process.env,
  input: questions.map((q) => q.q.replace(/\n/g, ' ')).join('\n') + '\n',
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
if (run.status !== 0) {
  console.error(`eval: ask --json failed (exit ${run.status}):\n${run.stderr}`);
  process.exit(1);
}
const outputs = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Output);
if (outputs.length !== questions.length) {
  console.error(`eval: expected ${questions.length} answers, got ${outputs.length}`);
  process.exit(1);
}

progress(`scoring ${outputs.length} answers (${Math.round(performance.now() - started)} ms so far)…`);
const byCategory = new Map<string, { total: number; ok: number }>();
let answerable = 0;
let correct = 0;
let outOfScope = 0;
let declined = 0;
let fabricated = 0;
let quotes = 0;
const failures: string[] = [];
questions.forEach((q, i) => {
  const out = outputs[i]!;
  for (const c of out.citations) {
    quotes++;
    if (!allTexts.some((t) => t.includes(c.quote))) {
      fabricated++;
      failures.push(`[${q.id}] fabricated quote: "${c.quote.slice(0, 100)}"`);
    }
  }
  let ok: boolean;
  if (q.answerable) {
    answerable++;
    const text = out.text.toLowerCase();
    const missing = (q.expect ?? []).filter((group) => !group.some((alt) => text.includes(alt.toLowerCase())));
    const expectedTexts = (q.sources ?? []).map((s) => seeds.get(s) ?? '');
    const cited = out.citations.some((c) => expectedTexts.some((t) => t.includes(c.quote)));
    ok = out.answered && missing.length === 0 && cited;
    if (ok) correct++;
    else failures.push(`[${q.id}] ${q.q}\n    answered=${out.answered} missing=${JSON.stringify(missing)} cited=${cited}\n    text: ${out.text.slice(0, 300)}`);
  } else {
    outOfScope++;
    ok = !out.answered;
    if (ok) declined++;
    else failures.push(`[${q.id}] should decline: ${q.q}\n    text: ${out.text.slice(0, 200)}`);
  }
  const cat = byCategory.get(q.category) ?? { total: 0, ok: 0 };
  cat.total++;
  if (ok) cat.ok++;
  byCategory.set(q.category, cat);
});

const pct = (a: number, b: number) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)}%`);
console.log(`evaluation: ${file}`);
console.log(`answerable correct:     ${correct}/${answerable} (${pct(correct, answerable)})`);
console.log(`out-of-scope declined:  ${declined}/${outOfScope} (${pct(declined, outOfScope)})`);
console.log(`fabricated quotes:      ${fabricated} of ${quotes} quotes`);
console.log('by category:');
for (const [name, c] of [...byCategory.entries()].sort()) console.log(`  ${name.padEnd(14)} ${c.ok}/${c.total} (${pct(c.ok, c.total)})`);
console.log(`time: ${Math.round(performance.now() - started)} ms for ${questions.length} questions (including start-up)`);
if (failures.length && verbose) console.log(`\nfailures:\n${failures.join('\n')}`);
else if (failures.length) console.log(`\n${failures.length} failing (run with --verbose to list them)`);
