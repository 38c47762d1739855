// Vitest global set-up: the tests that start the bot or a CLI run the compiled dist/, so build it when a source changed.
import { spawnSync } from 'node:child_process';

export default function setup(): void {
  const run = spawnSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { stdio: 'inherit' });
  if (run.status !== 0) throw new Error('the build failed (see above); the tests that run dist/ cannot run');
}
