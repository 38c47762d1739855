// The alerts benchmark on PostgreSQL: 3 worker processes on the shared outbox, in a fresh schema dropped afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { createLogger } from '../../src/logger.js';
import { createPgOutbox, startQueue, queueSchemaOf } from '../../src/outbox/queue.js';
import { migratePostgres } from '../../src/storage/postgres/migrations.js';
import { pgStore } from '../../src/storage/postgres/pg-store.js';
import { createPool } from '../../src/storage/postgres/pool.js';
import { busiestSecond, startRemoteSink, tightest31 } from './remote-sink.js';

export interface PgThroughput {
  chats: number;
  recordMs: number;
  elapsedMs: number;
  perSecond: number;
  repeats: number;
  maxMarkLagMs: number;
  maxRssMb: number;
  /** CPU the worker processes spent per delivery (user + system), µs: less noisy than the rate on a shared machine. */
  workerCpuUs: number;
  /** CPU the whole machine spent per delivery (PostgreSQL, workers, stand-in), µs, from /proc/stat; 0 where absent. */
  machineCpuUs: number;
  /** Of the updates of the deliveries table, the share that were HOT (no index entries written): see migration 6. */
  hotUpdateShare: number;
}

export interface PgLimited {
  seconds: number;
  messages: number;
  perSecond: number;
  share: number;
  maxPerSecond: number;
  repeats: number;
  workersSending: number;
  /** The shortest time 31 consecutive messages took at the stand-in (at or above 1,000 ms: never 31 in a second). */
  tightest31Ms: number;
  /** Sends that left more than 5 ms after their send time (a busy machine). */
  lateSlots: number;
}

const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  done: Promise<Record<string, number>>;
}

function startWorker(env: Record<string, string>): Worker {
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof'] : []), '--import', 'tsx', 'scripts/bench/pg-worker-child.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  const done = new Promise<Record<string, number>>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) onReady();
      const m = /done (\{.*\})/.exec(out);
      if (m) resolve(JSON.parse(m[1]!) as Record<string, number>);
    });
    child.on('exit', () => resolve({}));
  });
  return { child, ready, done };
}

/** A fresh schema with `chats` Telegram subscriptions to Cyberport; returns it and a way to drop it. */
async function prepare(chats: number): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const pool = createPool({ connectionString: DATABASE_URL, schema, max: 2 });
  await migratePostgres(pool, schema);
  await pool.query(
    `INSERT INTO subscriptions (chat, platform, chat_id, chat_type, kind, value, label, created_at)
     SELECT 'telegram:' || i, 'telegram', i::text, 'private', 'entity', 'cyberport', 'Cyberport', 0 FROM generate_series(1, $1) AS i`,
    [chats],
  );
  await pool.end();
  return {
    schema,
    async drop() {
      const client = new pg.Client({ connectionString: DATABASE_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS "${queueSchemaOf(schema)}" CASCADE`);
      await client.end();
    },
  };
}

/** Record the announcement (its deliveries and jobs in one transaction) from this process; ms taken. */
async function record(schema: string): Promise<number> {
  const logger = createLogger({ level: 'warn', format: 'json' });
  const pool = createPool({ connectionString: DATABASE_URL, schema, max: 2 });
  const boss = await startQueue({ connectionString: DATABASE_URL, schema, logger });
  const store = pgStore({ pool, schema, outbox: createPgOutbox(boss, schema) });
  const t0 = performance.now();
  await store.recordAnnouncement({ title: 'Benchmark announcement about Cyberport', text: 'Cyberport announced a benchmark.', origin: 'bench', entities: [{ id: 'cyberport', name: 'Cyberport' }], sectors: [] });
  const ms = performance.now() - t0;
  await boss.stop({ graceful: false, wait: true, close: true });
  await pool.end();
  return ms;
}

async function pendingLeft(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const { rows } = await client.query(`SELECT count(*) AS n FROM "${schema}".deliveries WHERE status <> 'sent'`);
  await client.end();
  return Number(rows[0].n);
}

/** CPU time the machine has spent busy so far (all cores), ms; undefined without /proc/stat. */
function machineBusyMs(): number | undefined {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq (then steal, the hypervisor's): busy is all of these but idle and iowait.
    const busy = cpu.slice(0, 7).reduce((sum, v, i) => (i === 3 || i === 4 ? sum : sum + v), 0);
    return (busy * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** Updates of the deliveries table and how many of them were HOT, once the workers' connections have closed. */
async function hotShare(schema: string): Promise<number> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    for (let i = 0; ; i++) {
      const { rows } = await client.query('SELECT n_tup_upd AS upd, n_tup_hot_upd AS hot FROM pg_stat_user_tables WHERE schemaname = $1 AND relname = $2', [schema, 'deliveries']);
      const upd = Number(rows[0]?.upd ?? 0);
      // A closing connection reports its counts as it exits: wait for them.
      if (upd > 0 || i >= 20) return upd === 0 ? 0 : Number(rows[0].hot) / upd;
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await client.end();
  }
}

async function stopAll(workers: Worker[]): Promise<Array<Record<string, number>>> {
  for (const w of workers) w.child.kill('SIGTERM');
  return Promise.all(workers.map((w) => w.done));
}

/** Fan-out to `chats` with no rate limit: deliveries/s with every row claimed, marked sent and its job completed. */
export async function pgThroughput(chats: number, workers = 3): Promise<PgThroughput> {
  const db = await prepare(chats);
  // The sink in a process of its own, as the Bot API is: its HTTP work is not counted against the bench's own.
  const sink = await startRemoteSink({ realtime: false });
  try {
    const env = { DATABASE_URL, DATABASE_SCHEMA: db.schema, TOKEN: sink.token, API_ROOT: sink.apiRoot };
    const started = Array.from({ length: workers }, () => startWorker(env));
    await Promise.all(started.map((w) => w.ready));
    const t0 = performance.now();
    const recordMs = await record(db.schema);
    const busyAtStart = machineBusyMs();
    while ((await sink.count()).chats < chats) await new Promise((r) => setTimeout(r, 20));
    while ((await pendingLeft(db.schema)) > 0) await new Promise((r) => setTimeout(r, 20));
    const elapsedMs = performance.now() - t0 - recordMs;
    const busyAtEnd = machineBusyMs();
    const machineCpuUs = busyAtStart === undefined || busyAtEnd === undefined ? 0 : ((busyAtEnd - busyAtStart) * 1000) / chats;
    const stats = await stopAll(started);
    const { repeats } = await sink.count();
    const hotUpdateShare = await hotShare(db.schema);
    return {
      chats,
      recordMs,
      elapsedMs,
      perSecond: (chats / elapsedMs) * 1000,
      repeats,
      maxMarkLagMs: Math.max(...stats.map((s) => s.maxMarkLagMs ?? 0)),
      maxRssMb: Math.max(...stats.map((s) => s.maxRssMb ?? 0)),
      workerCpuUs: (stats.reduce((sum, s) => sum + (s.cpuMs ?? 0), 0) * 1000) / chats,
      machineCpuUs,
      hotUpdateShare,
    };
  } finally {
    await sink.stop();
    await db.drop();
  }
}

/** Telegram's limits on, `seconds` sustained over `workers` processes: the share of 30/s the token reached. */
export async function pgLimited(seconds: number, workers = 3): Promise<PgLimited> {
  const chats = seconds * 40;
  const db = await prepare(chats);
  // Arrival times come from a sink in its own (real-time) process: see remote-sink.ts.
  const sink = await startRemoteSink();
  try {
    const env = { DATABASE_URL, DATABASE_SCHEMA: db.schema, TOKEN: sink.token, API_ROOT: sink.apiRoot, LIMITS: 'telegram' };
    const started = Array.from({ length: workers }, () => startWorker(env));
    await Promise.all(started.map((w) => w.ready));
    await record(db.schema);
    while ((await sink.read()).times.length === 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, seconds * 1000 + 1000));
    const stats = await stopAll(started);
    const { times, repeats } = await sink.read();
    const first = times[0]!;
    const inWindow = times.filter((t) => t - first < seconds * 1000).length;
    return {
      seconds,
      messages: inWindow,
      perSecond: inWindow / seconds,
      share: inWindow / seconds / 30,
      maxPerSecond: busiestSecond(times),
      tightest31Ms: tightest31(times),
      repeats,
      workersSending: stats.filter((s) => (s.sent ?? 0) > 0).length,
      lateSlots: stats.reduce((sum, s) => sum + (s.lateSlots ?? 0), 0),
    };
  } finally {
    await sink.stop();
    await db.drop();
  }
}
