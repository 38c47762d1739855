// Corrects misspelt ordinary words of a question ("satelites", "investmnet") to words of the corpus.
import { allowedEdits, editDistance } from './text/fuzzy.js';

/** Documents a word must appear in before a short misspelling is corrected to it. */
const COMMON = 8;

export interface Speller {
  /** The corpus word closest to `word` (one or two edits, same first letter), or undefined. Words shorter than `minLength` (default 6) are left alone. */
  correct(word: string, minLength?: number): string | undefined;
}

/**
 * Words are bucketed by first letter and length, so a lookup compares a few hundred words at most even on
 * a large corpus. `weight` breaks ties (more frequent words win).
 */
export function createSpeller(vocabulary: Iterable<string>, weight: (word: string) => number): Speller {
  let buckets: Map<string, string[]> | undefined;
  const cache = new Map<string, string | undefined>();
  const build = () => {
    buckets = new Map();
    for (const w of vocabulary) {
      if (w.length < 4 || !/^[a-z]+$/.test(w)) continue;
      const key = `${w[0]}${w.length}`;
      if (!buckets.has(key)) buckets.set(key, []);
      buckets.get(key)!.push(w);
    }
    return buckets;
  };
  return {
    correct(word, minLength = 6) {
      const cacheKey = `${minLength}:${word}`;
      if (cache.has(cacheKey)) return cache.get(cacheKey);
      // Short words are too close to other words ("apply" and "apple"): they are corrected only to words the
      // corpus uses often ("yeer" to "year"), longer ones to any corpus word.
      const short = word.length < minLength;
      const max = short ? (word.length >= 4 ? 1 : 0) : allowedEdits(word.length);
      let best: { word: string; distance: number; weight: number } | undefined;
      if (max > 0 && /^[a-z]+$/.test(word)) {
        const index = buckets ?? build();
        // Same first letter; a swap of the first two letters is looked up under the second.
        for (const first of new Set([word[0]!, word[1]!])) {
          for (let length = word.length - max; length <= word.length + max; length++) {
            for (const candidate of index.get(`${first}${length}`) ?? []) {
              const distance = editDistance(word, candidate, max);
              if (distance > max) continue;
              const w = weight(candidate);
              if (short && w < COMMON) continue;
              if (!best || distance < best.distance || (distance === best.distance && w > best.weight)) best = { word: candidate, distance, weight: w };
            }
          }
        }
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(cacheKey, best?.word);
      return best?.word;
    },
  };
}
