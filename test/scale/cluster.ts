// A bot made of several processes on this machine: each `src/main.ts` with its BOT_ROLES, killed at will.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import { startRealtimeProcess } from '../support/realtime-process.js';

export interface BotProcess {
  name: string;
  child: ChildProcess;
  /** The worker id it claims deliveries under (host:pid). */
  workerId: string;
  output(): string;
  /** Resolves when a line matching `pattern` has been logged. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): void;
}

export function startBotProcess(name: string, env: Record<string, string>): BotProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (d: Buffer) => {
    output += d.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
    waiters.forEach((w) => w());
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    name,
    child,
    workerId: `${hostname()}:${child.pid}`,
    output: () => output,
    waitForLog(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(output)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${name}: no log line matching ${pattern} within ${timeoutMs} ms; output:\n${output.slice(-3000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
        void exited.then(() => {
          if (waiters.has(check)) {
            waiters.delete(check);
            clearTimeout(timer);
            reject(new Error(`${name} exited; output:\n${output.slice(-3000)}`));
          }
        });
      });
    },
    exited,
    kill: (signal = 'SIGTERM') => void child.kill(signal),
  };
}

/** The secret token the bot registers with its webhook (the same derivation as the adapter's). */
export function webhookSecret(token: string): string {
  return createHash('sha256').update(`webhook:${token}`).digest('hex').slice(0, 64);
}

/** Post one update to a webhook instance as Telegram would; the HTTP status. */
export async function postUpdate(port: number, path: string, secret: string, update: object): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify(update),
  });
  await response.arrayBuffer();
  return response.status;
}

/** Most events in any window of `ms` (times sorted ascending). */
export function maxInWindow(times: number[], ms: number): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

export interface RemoteMessage {
  chatId: number;
  text: string;
  /** performance.now() of the stand-in process when the message arrived. */
  at: number;
}

/** The Telegram stand-in running in its own process (stand-in-process.ts), read through its control server. */
export interface RemoteStandIn {
  apiRoot: string;
  token: string;
  sentCount(): Promise<number>;
  /** The stand-in process's event-loop delay so far (how far arrival times can be off), ms. */
  loopDelay(): Promise<{ max: number; p99: number }>;
  messages(chatId?: number): Promise<RemoteMessage[]>;
  calls(method: string): Promise<Array<{ status: number; at: number }>>;
  waitForMessages(chatId: number, count: number, timeoutMs?: number): Promise<RemoteMessage[]>;
  stop(): Promise<void>;
}

export async function startRemoteStandIn(): Promise<RemoteStandIn> {
  const info = await startRealtimeProcess('test/scale/stand-in-process.ts');
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${info.control}${path}`)).json()) as T;
  const messages = (chatId?: number) => get<RemoteMessage[]>(`/messages${chatId === undefined ? '' : `?chat=${chatId}`}`);
  return {
    apiRoot: info.apiRoot,
    token: info.token,
    sentCount: async () => (await get<{ sent: number }>('/count')).sent,
    async loopDelay() {
      const c = await get<{ maxLoopDelayMs: number; p99LoopDelayMs: number }>('/count');
      return { max: c.maxLoopDelayMs, p99: c.p99LoopDelayMs };
    },
    messages,
    calls: (method) => get(`/calls?method=${method}`),
    async waitForMessages(chatId, count, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const list = await messages(chatId);
        if (list.length >= count) return list;
        if (Date.now() > end) throw new Error(`stand-in: timed out waiting for ${count} message(s) to chat ${chatId}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: () => info.stop(),
  };
}
