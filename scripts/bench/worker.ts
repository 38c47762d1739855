// One benchmark measurement in its own process (so memory is its own): our core or naive MiniSearch, on one corpus.
import { parseArgs } from 'node:util';
import MiniSearch from 'minisearch';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addSourceFiles, createQueryCore, loadKnowledge, type KnowledgeBase, type QueryCore } from '../../src/core/index.js';
import { benchmarkQuestions } from './questions.js';
import { generatedCorpus, passagesOf } from './corpus.js';

const [corpusName = 'bundled', engine = 'ours'] = parseArgs({ args: process.argv.slice(2), allowPositionals: true, options: {} }).positionals;
const base = loadKnowledge('knowledge');
const kb: KnowledgeBase = corpusName === 'bundled' ? base : generatedCorpus(base, Number(corpusName.replace(/k$/, '000')));
const questions = benchmarkQuestions(base);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
gc();

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const passages = passagesOf(kb);

let buildMs: number;
let loadMs: number;
let ask: (q: string) => unknown;
let keep: unknown;
let ingest: { first_ms: number; next_ms: number; answered: boolean } | undefined;
if (engine === 'ours') {
  // Built, serialized and dropped: the questions run on the core loaded from the serialized index, as at start-up.
  let t = performance.now();
  let built: ReturnType<typeof createQueryCore> | undefined = createQueryCore({ knowledge: kb });
  buildMs = performance.now() - t;
  const serialized = built.exportIndex();
  built = undefined;
  t = performance.now();
  const loaded = createQueryCore({ knowledge: kb, serializedIndex: serialized });
  loadMs = performance.now() - t;
  ask = (q) => loaded.ask(q);
  keep = loaded;
  ingest = ingestInto(loaded, base);
} else {
  const options = { fields: ['text'], storeFields: ['text'] };
  let t = performance.now();
  const mini = new MiniSearch(options);
  mini.addAll(passages);
  buildMs = performance.now() - t;
  const serialized = JSON.stringify(mini);
  t = performance.now();
  const loaded = MiniSearch.loadJSON(serialized, options);
  loadMs = performance.now() - t;
  ask = (q) => loaded.search(q, { fuzzy: 0.2, prefix: true });
  keep = loaded;
}
gc();
// One warm-up pass (caches, and the JIT's first compilations), then five measured passes: p50 and p99. Then five
// more passes: by then V8 has stopped deoptimising and recompiling the ranking (traced with --trace-deopt, about 16
// deoptimisations land in the first five measured passes and make most of their p99), so their p99 is the steady
// state of a bot that has answered a few thousand questions.
for (const q of questions) ask(q);
const passes = (n: number): number[] => {
  const times: number[] = [];
  for (let pass = 0; pass < n; pass++) {
    for (const q of questions) {
      const t = performance.now();
      ask(q);
      times.push(performance.now() - t);
    }
  }
  return times.sort((a, b) => a - b);
};
const times = passes(5);
const steady = passes(5);
gc();
const rss = process.memoryUsage().rss / 1024 / 1024;
console.log(
  JSON.stringify({
    passages: passages.length,
    questions: questions.length,
    measured: times.length,
    build_ms: Math.round(buildMs),
    load_ms: Math.round(loadMs),
    p50_ms: +percentile(times, 50).toFixed(3),
    p99_ms: +percentile(times, 99).toFixed(3),
    p99_steady_ms: +percentile(steady, 99).toFixed(3),
    rss_mb: Math.round(rss),
    ...(ingest ? { ingest_first_ms: ingest.first_ms, ingest_ms: ingest.next_ms, ingest_answered: ingest.answered } : {}),
    kept: keep !== undefined,
  }),
);

/**
 * Add two new articles to the running core, as the bot does when `npm run ingest` or a feed writes one: the first
 * pays for loading the reader's language model, the second is the steady cost. Their text is that of two bundled
 * articles under new ids and titles.
 */
function ingestInto(core: QueryCore, kb: KnowledgeBase): { first_ms: number; next_ms: number; answered: boolean } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-ingest-'));
  const times: number[] = [];
  kb.sources.slice(0, 2).forEach((source, i) => {
    const file = join(dir, `bench-new-${i}.md`);
    writeFileSync(file, `---\nid: bench-new-article-${i}\ntitle: "Bench article ${i}: ${source.title.replace(/"/g, "'")}"\ndate: "2030-01-0${i + 1}"\norigin: bench-${i}.txt\n---\n\n${source.body}\n`);
    const t = performance.now();
    core.extend(addSourceFiles(core.knowledge, [file]));
    times.push(performance.now() - t);
  });
  const answered = core.search('Bench article').total >= 0 && core.knowledge.sources.some((s) => s.id === 'bench-new-article-1');
  return { first_ms: Math.round(times[0]!), next_ms: Math.round(times[1]!), answered };
}
