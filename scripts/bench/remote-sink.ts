// Starts sink-process.ts (with chrt when running as root) and reads what it received.
import { startRealtimeProcess } from '../../test/support/realtime-process.js';

export interface RemoteSink {
  apiRoot: string;
  token: string;
  /** Arrival times (the sink process's performance.now()), chats reached, repeats. */
  read(): Promise<{ times: number[]; chats: number; repeats: number }>;
  stop(): Promise<void>;
}

export async function startRemoteSink(): Promise<RemoteSink> {
  const sink = await startRealtimeProcess('scripts/bench/sink-process.ts');
  return {
    apiRoot: sink.apiRoot,
    token: sink.token,
    read: async () => (await (await fetch(sink.control)).json()) as { times: number[]; chats: number; repeats: number },
    stop: () => sink.stop(),
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
