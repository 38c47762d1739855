// Groups the single-row statements of one turn of the event loop into one statement (claims, marks, completions).
export interface Batcher<K, V> {
  /** Resolves with this key's result once its batch has run. */
  add(key: K): Promise<V>;
  /** Run what is waiting now. */
  flush(): Promise<void>;
}

/**
 * `run` receives every key added since the last batch (or within `windowMs` of the first) (at most `maxSize`) and returns a result per key;
 * keys it leaves out resolve with `missing`. A failing batch rejects each of its callers.
 */
export function createBatcher<K, V>(run: (keys: K[]) => Promise<Map<K, V>>, options: { maxSize?: number; missing: V; windowMs?: number }): Batcher<K, V> {
  const maxSize = options.maxSize ?? 500;
  const windowMs = options.windowMs ?? 0;
  let waiting: Array<{ key: K; resolve: (v: V) => void; reject: (e: unknown) => void }> = [];
  let scheduled = false;
  const inFlight = new Set<Promise<void>>();

  const runBatch = () => {
    scheduled = false;
    while (waiting.length > 0) {
      const batch = waiting.slice(0, maxSize);
      waiting = waiting.slice(maxSize);
      const work = run(batch.map((w) => w.key))
        .then((results) => batch.forEach((w) => w.resolve(results.has(w.key) ? results.get(w.key)! : options.missing)))
        .catch((error: unknown) => batch.forEach((w) => w.reject(error)))
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    }
  };

  return {
    add(key) {
      return new Promise<V>((resolve, reject) => {
        waiting.push({ key, resolve, reject });
        if (waiting.length >= maxSize) runBatch();
        else if (!scheduled) {
          scheduled = true;
          // Within the same turn of the event loop by default; a few ms more gather more under load.
          if (windowMs > 0) setTimeout(runBatch, windowMs);
          else setImmediate(runBatch);
        }
      });
    },
    async flush() {
      runBatch();
      await Promise.allSettled([...inFlight]);
    },
  };
}
