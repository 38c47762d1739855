// Starts sink-process.ts (with chrt when running as root) and reads what it received.
import { spawn } from 'node:child_process';

export interface RemoteSink {
  apiRoot: string;
  token: string;
  /** Arrival times (the sink process's performance.now()), chats reached, repeats. */
  read(): Promise<{ times: number[]; chats: number; repeats: number }>;
  stop(): Promise<void>;
}

export async function startRemoteSink(): Promise<RemoteSink> {
  const args = ['--import', 'tsx', 'scripts/bench/sink-process.ts'];
  const child = process.getuid?.() === 0 ? spawn('chrt', ['-f', '20', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const info = await new Promise<{ apiRoot: string; token: string; control: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { apiRoot: string; token: string; control: string });
    });
    void exited.then(() => reject(new Error('the sink process exited')));
  });
  return {
    apiRoot: info.apiRoot,
    token: info.token,
    read: async () => (await (await fetch(info.control)).json()) as { times: number[]; chats: number; repeats: number },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Most arrivals within any 1 s. */
export function busiestSecond(times: number[]): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}
