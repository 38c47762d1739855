// Lists of one hidden class for the hot paths of ranking.

/**
 * The list itself, or when it is empty, an empty list of the same elements kind as a list of strings or objects: V8
 * gives an empty literal `[]` another hidden class, and code that saw only full lists deoptimises on the first empty one.
 */
export function packed<T>(list: T[]): T[] {
  if (list.length) return list;
  const empty: unknown[] = [null];
  empty.pop();
  return empty as T[];
}
