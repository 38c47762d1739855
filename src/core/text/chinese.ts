// Chinese as people type it: Traditional and Simplified folded with opencc-js, Cantonese read as standard written Chinese.
import { createRequire } from 'node:module';
import { z } from 'zod';
import { lazySchema } from '../knowledge/lazy-schema.js';

export const chineseLexiconSchema = lazySchema(() =>
  z.object({
    cantonese: z.record(z.string().min(1), z.string()),
    particles: z.array(z.string().min(1)),
  }),
);

export type ChineseLexicon = z.infer<ReturnType<typeof chineseLexiconSchema>>;

const CJK = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
let converter: ((text: string) => string) | undefined;
const cache = new Map<string, string>();

/** Folded texts, to store in a snapshot: a start that meets only known Chinese never loads the converter. */
export function foldedTexts(): Array<[string, string]> {
  return [...cache];
}

export function primeFolded(entries: Array<[string, string]>): void {
  for (const [text, folded] of entries) if (!cache.has(text)) cache.set(text, folded);
}

const CJK_RUN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+/g;

/**
 * Fold Chinese text to Simplified characters (Hong Kong variants to mainland forms); other text is unchanged.
 * Each run of Chinese characters is folded on its own and cached: runs are short (names, phrases) and recur, and
 * a snapshot that carries them spares a start the converter.
 */
export function foldChinese(text: string): string {
  if (!CJK.test(text)) return text;
  return text.replace(CJK_RUN, foldRun);
}

function foldRun(run: string): string {
  const cached = cache.get(run);
  if (cached !== undefined) return cached;
  if (!converter) {
    // Loaded on first use (about 30 ms): most questions and articles have no Chinese.
    const require = createRequire(import.meta.url);
    // The Traditional-to-Simplified bundle only (the full one also loads the reverse dictionaries).
    const opencc = require('opencc-js/t2cn') as { Converter(options: { from: string; to: string }): (text: string) => string };
    converter = opencc.Converter({ from: 'hk', to: 'cn' });
  }
  const folded = converter(run);
  if (cache.size > 20_000) cache.clear();
  cache.set(run, folded);
  return folded;
}

/** Cantonese words rewritten to standard written Chinese, longest first (on folded text). */
export function createCantoneseReader(lexicon: ChineseLexicon): (text: string) => string {
  // Folded on first use: most questions have no Chinese, and folding loads the converter.
  let pairs: Array<readonly [string, string]> | undefined;
  return (text: string) => {
    if (!CJK.test(text)) return text;
    pairs ??= Object.entries(lexicon.cantonese)
      .map(([from, to]) => [foldChinese(from), foldChinese(to)] as const)
      .sort((a, b) => b[0].length - a[0].length);
    let out = text;
    for (const [from, to] of pairs) if (out.includes(from)) out = out.split(from).join(to);
    return out;
  };
}
