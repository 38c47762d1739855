// `npm start` as a user runs it, for tests: the bundled entry point in its own process, configured by the environment.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MainProcess {
  child: ChildProcess;
  /** Everything written so far, standard output and standard error interleaved. */
  output: () => string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  dataDir: string;
  /** Write a line to the bot's standard input (the console chat). */
  type(line: string): void;
}

const children: ChildProcess[] = [];

/** Start `node dist/bundle/main.js` with a fresh DATA_DIR (unless given), no feeds, admins or metrics unless given. */
export function startMain(env: Record<string, string>, options: { stdin?: boolean } = {}): MainProcess {
  let output = '';
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'main-data-'));
  const child = spawn(process.execPath, ['--enable-source-maps', 'dist/bundle/main.js'], {
    env: { ...process.env, DATA_DIR: dataDir, FEEDS: '', ADMIN_IDS: '', METRICS_PORT: '', LOG_FORMAT: '', TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '', ...env },
    stdio: [options.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited, dataDir, type: (line) => void child.stdin?.write(`${line}\n`) };
}

/** Kill whatever a test left running. */
export function killMains(): void {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
