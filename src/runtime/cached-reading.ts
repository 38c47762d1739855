// A reading of PostgreSQL for the synchronous /healthz and /metrics: refreshed in the background, the last value served.
export interface CachedReading<T> {
  get: () => T;
  stop(): void;
}

/** Read now and every `intervalMs`; `get` returns the latest reading (a failed read keeps the previous one). */
export function cachedReading<T>(read: () => Promise<T>, initial: T, intervalMs = 5000): CachedReading<T> {
  let value = initial;
  const refresh = () => void read().then((v) => (value = v), () => undefined);
  refresh();
  const timer = setInterval(refresh, intervalMs);
  timer.unref();
  return { get: () => value, stop: () => clearInterval(timer) };
}
