// `npm run bench [-- --json] [-- --quick]`: our core against naive MiniSearch, each measured in its own process.
import { spawn, spawnSync } from 'node:child_process';

interface Measure {
  passages: number;
  questions: number;
  build_ms: number;
  load_ms: number;
  p50_ms: number;
  p99_ms: number;
  rss_mb: number;
  ingest_ms?: number;
  ingest_first_ms?: number;
}

const args = process.argv.slice(2);
const json = args.includes('--json');
const corpora = args.includes('--quick') ? ['bundled', '20k'] : ['bundled', '100k'];

function measure(corpus: string, engine: 'ours' | 'naive'): Measure {
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/bench/worker.ts', corpus, engine], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`bench: ${engine} on ${corpus} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Measure;
}

/** Wall time from starting `npm run ask` to the first byte of its answer on standard output. */
function firstAnswerMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('npm', ['run', '--silent', 'ask', '--', 'What did CATL announce?'], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.once('data', () => resolve(performance.now() - started));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? undefined : reject(new Error(`ask exited ${code}`))));
  });
}

const rows: Array<Record<string, string | number>> = [];
for (const corpus of corpora) {
  const ours = measure(corpus, 'ours');
  const naive = measure(corpus, 'naive');
  rows.push({
    corpus,
    passages: ours.passages,
    questions: ours.questions,
    build_ms: ours.build_ms,
    load_ms: ours.load_ms,
    p50_ms: ours.p50_ms,
    p99_ms: ours.p99_ms,
    rss_mb: ours.rss_mb,
    ingest_ms: ours.ingest_ms ?? '',
    ingest_first_ms: ours.ingest_first_ms ?? '',
    naive_build_ms: naive.build_ms,
    naive_load_ms: naive.load_ms,
    naive_p50_ms: naive.p50_ms,
    naive_p99_ms: naive.p99_ms,
    naive_rss_mb: naive.rss_mb,
    p99_speedup: +(naive.p99_ms / Math.max(ours.p99_ms, 0.001)).toFixed(1),
    rss_ratio: +(ours.rss_mb / naive.rss_mb).toFixed(2),
  });
}
const starts: number[] = [];
for (let i = 0; i < 3; i++) starts.push(await firstAnswerMs());
const firstAnswer = Math.round(starts.sort((a, b) => a - b)[1]!);

if (json) {
  for (const row of rows) console.log(JSON.stringify(row));
  console.log(JSON.stringify({ first_answer_ms: firstAnswer }));
} else {
  const columns = Object.keys(rows[0]!);
  console.log(columns.map((c) => c.padStart(Math.max(8, c.length))).join(' '));
  for (const row of rows) console.log(columns.map((c) => String(row[c]).padStart(Math.max(8, c.length))).join(' '));
  console.log(`\nfirst answer of \`npm run ask\` (process start to first output, median of 3): ${firstAnswer} ms`);
  console.log('p50/p99: question latency over the questions after one warm-up pass; rss: resident memory after build and queries.');
}
