// A stand-in in a process of its own, at real-time priority where allowed (root, chrt): on a loaded machine the
// receiver's own scheduling delay would otherwise skew the arrival times it measures by tens of milliseconds
// (measured: up to 230 ms at a load of 5 on 2 cores). It is idle between messages, so it takes little from the
// processes it measures. It prints one JSON line saying where it listens.
import { spawn } from 'node:child_process';

export interface StandInProcess {
  apiRoot: string;
  token: string;
  /** Where its control endpoints (counts, messages) answer. */
  control: string;
  stop(): Promise<void>;
}

/** `realtime: false` starts it at normal priority (a stand-in meant to be loaded to the full, which would starve the rest). */
export async function startRealtimeProcess(script: string, options: { realtime?: boolean } = {}): Promise<StandInProcess> {
  const args = ['--import', 'tsx', script];
  const child = options.realtime !== false && process.getuid?.() === 0 ? spawn('chrt', ['-f', '20', process.execPath, ...args], { stdio: ['ignore', 'pipe', 'inherit'] }) : spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const info = await new Promise<{ apiRoot: string; token: string; control: string }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as { apiRoot: string; token: string; control: string });
    });
    void exited.then(() => reject(new Error(`${script} exited before it was listening`)));
  });
  return {
    ...info,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
