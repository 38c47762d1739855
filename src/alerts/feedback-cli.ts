// `npm run feedback [-- --export FILE.jsonl]`: count the answer ratings, or export them as labelled data (JSON Lines).
// Reads the SQLite database of DATA_DIR, or the PostgreSQL database of DATABASE_URL when it is set.
import { redact } from '../redact.js';
import { closeSync, existsSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { createPool } from '../storage/postgres/pool.js';
import { pgStore } from '../storage/postgres/pg-store.js';
import { openSqliteStore } from '../storage/sqlite-store.js';
import type { AlertsStore } from '../storage/types.js';

const USAGE = [
  'Usage: npm run feedback                          how many answers were rated, up and down',
  '       npm run feedback -- --export FILE.jsonl   one JSON object per rating: question, answered, factIds, vote, platform, at (and note)',
  '       npm run feedback -- --export -            the same on standard output',
  'The database is alerts.sqlite in DATA_DIR (default ./data); --data-dir DIR reads another. With DATABASE_URL, PostgreSQL.',
].join('\n');

async function main(): Promise<number> {
  let values: { export?: string; 'data-dir'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: process.argv.slice(2),
      options: { export: { type: 'string' }, 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    process.stderr.write(`feedback: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = loadConfig();
  let store: AlertsStore;
  if (config.DATABASE_URL && !values['data-dir']) {
    store = pgStore({ pool: createPool({ connectionString: config.DATABASE_URL, schema: config.DATABASE_SCHEMA, max: 1 }), schema: config.DATABASE_SCHEMA });
  } else {
    const dataDir = values['data-dir'] ?? config.DATA_DIR;
    const file = join(dataDir, 'alerts.sqlite');
    if (!existsSync(file)) {
      process.stderr.write(`feedback: no database at ${file} yet (the bot creates it when it first runs).\n`);
      return 1;
    }
    store = openSqliteStore(dataDir);
  }
  try {
    const counts = await store.feedbackCounts();
    const summary = `${counts.up + counts.down} rating(s): ${counts.up} up, ${counts.down} down, over ${counts.answers} answer(s) kept for rating.`;
    if (values.export === undefined) {
      process.stdout.write(`${summary}\nExport them with: npm run feedback -- --export feedback.jsonl\n`);
      return 0;
    }
    const toStdout = values.export === '-';
    // Written beside the target and renamed at the end, so a failed export never leaves half a file.
    const target = toStdout ? undefined : values.export;
    const fd = target ? openSync(`${target}.partial`, 'w') : 1;
    let lines = 0;
    try {
      for (const record of await store.feedbackRecords()) {
        writeSync(fd, `${JSON.stringify(record)}\n`);
        lines++;
      }
    } finally {
      if (target) closeSync(fd);
    }
    if (target) {
      renameSync(`${target}.partial`, target);
      process.stdout.write(`Exported ${lines} rating(s) to ${target}. ${summary}\n`);
    }
    return 0;
  } finally {
    await store.close();
  }
}

main()
  .then((code) => (process.exitCode = code))
  .catch((error: unknown) => {
    process.stderr.write(`${redact(error instanceof ConfigError ? error.message : `feedback: ${error instanceof Error ? error.message : String(error)}`)}\n`);
    process.exitCode = 1;
  });
