// `npm run bench [-- --json] [-- --quick] [-- --first-answer]`: our core against naive MiniSearch, each measured in its
// own process, and the time from starting the compiled `ask` to its first answer.
import { spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { commandLine } from '../src/cli-args.js';

interface Measure {
  passages: number;
  questions: number;
  build_ms: number;
  load_ms: number;
  p50_ms: number;
  p99_ms: number;
  p99_steady_ms?: number;
  rss_mb: number;
  ingest_ms?: number;
  ingest_first_ms?: number;
}

const USAGE = 'Usage: npm run bench [-- --json] [-- --quick (20,000 passages instead of 100,000)] [-- --first-answer (only that)]';
const { values } = commandLine('bench', USAGE, () =>
  parseArgs({
    args: process.argv.slice(2),
    options: {
      json: { type: 'boolean' },
      quick: { type: 'boolean' },
      'first-answer': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  }),
);
const corpora = values['first-answer'] ? [] : values.quick ? ['bundled', '20k'] : ['bundled', '100k'];
/** One line per phase on standard error: a full run takes minutes. */
const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);

function measure(corpus: string, engine: 'ours' | 'naive'): Measure {
  progress(`${engine === 'ours' ? 'our core' : 'naive MiniSearch'} on the ${corpus} corpus…`);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/bench/worker.ts', corpus, engine], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`bench: ${engine} on ${corpus} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Measure;
}

/** What a user runs for one answer, compiled: `npm run ask` without npm's own start-up. */
const FIRST_ANSWER_COMMAND = ['dist/bundle/ask.js', 'What did CATL announce?'] as const;

/**
 * Wall time from spawning the compiled `ask` to the first byte of its answer on standard output. Settles when the
 * process has exited, so that the next run does not share the cores with the end of this one.
 */
function firstAnswerMs(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let answeredAfter: number | undefined;
    const child = spawn(process.execPath, [...FIRST_ANSWER_COMMAND], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => (answeredAfter = performance.now() - started));
    child.stdout.resume();
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0 || answeredAfter === undefined) reject(new Error(`ask exited ${code}: ${stderr}`));
      else resolve(answeredAfter);
    });
  });
}

/**
 * Median of five runs after one unmeasured run. The unmeasured run warms the file cache and leaves behind
 * whatever a start may cache for the next one, as a restarted bot would find it.
 */
async function firstAnswer(): Promise<{ first_answer_ms: number; runs_ms: number[] }> {
  progress('building dist/ if a source changed…');
  const build = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('bench: the build failed');
  progress(`first answer: node ${FIRST_ANSWER_COMMAND[0]} "${FIRST_ANSWER_COMMAND[1]}", 1 + 5 runs…`);
  await firstAnswerMs();
  const runs: number[] = [];
  for (let i = 0; i < 5; i++) runs.push(await firstAnswerMs());
  const sorted = [...runs].sort((a, b) => a - b);
  return { first_answer_ms: Math.round(sorted[2]!), runs_ms: runs.map(Math.round) };
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
    p99_steady_ms: ours.p99_steady_ms ?? '',
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
const first = await firstAnswer();

if (values.json) {
  for (const row of rows) console.log(JSON.stringify(row));
  console.log(JSON.stringify(first));
} else {
  if (rows.length > 0) {
    const columns = Object.keys(rows[0]!);
    console.log(columns.map((c) => c.padStart(Math.max(8, c.length))).join(' '));
    for (const row of rows) console.log(columns.map((c) => String(row[c]).padStart(Math.max(8, c.length))).join(' '));
    console.log('p50/p99: question latency over five passes of the questions after one warm-up pass; p99_steady: over five passes after those (the JIT settled); rss: resident memory after build and queries.\n');
  }
  console.log(`first_answer_ms ${first.first_answer_ms}: node ${FIRST_ANSWER_COMMAND[0]} "${FIRST_ANSWER_COMMAND[1]}", from spawning the process to the first byte of its answer (median of 5 after 1 unmeasured run; runs ${first.runs_ms.join(', ')} ms)`);
}
