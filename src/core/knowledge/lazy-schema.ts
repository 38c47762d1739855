// A zod schema built on first use: building schemas costs a start some milliseconds, and a start from a
// snapshot validates nothing.
import type { z } from 'zod';

/**
 * @example
 * const pointSchema = lazySchema(() => z.object({ x: z.number() }));
 * pointSchema().parse({ x: 1 });
 */
export function lazySchema<S extends z.ZodType>(build: () => S): () => S {
  let schema: S | undefined;
  return () => (schema ??= build());
}
