// Starts sink-process.ts (with chrt when running as root and asked to) and reads what it received.
import { startRealtimeProcess } from '../../test/support/realtime-process.js';

export interface RemoteSink {
  apiRoot: string;
  token: string;
  /** Arrival times (the sink process's performance.now()), chats reached, repeats. */
  read(): Promise<{ times: number[]; chats: number; repeats: number; total: number }>;
  /** The same without the arrival times: cheap enough to poll while thousands of messages a second arrive. */
  count(): Promise<{ chats: number; repeats: number; total: number }>;
  stop(): Promise<void>;
}

/** `realtime`: when the arrival times matter (limits on); a sink taking a core at full load runs at normal priority. */
export async function startRemoteSink(options: { realtime?: boolean } = {}): Promise<RemoteSink> {
  const sink = await startRealtimeProcess('scripts/bench/sink-process.ts', { realtime: options.realtime ?? true });
  const get = async <T>(path: string) => (await (await fetch(sink.control + path)).json()) as T;
  return {
    apiRoot: sink.apiRoot,
    token: sink.token,
    read: () => get('/'),
    count: () => get('/count'),
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

/** The shortest time spanned by 31 consecutive arrivals: at or above 1,000 ms, no second ever held more than 30. */
export function tightest31(times: number[]): number {
  let min = Infinity;
  for (let i = 30; i < times.length; i++) min = Math.min(min, times[i]! - times[i - 30]!);
  return min;
}
