// Is a word ordinary English (WordNet's common words, in any plain inflection)? Such a word is never "corrected".
import { wordnetLexicon } from '../knowledge/lexicon.js';

export function isEnglishWord(word: string, common: ReadonlySet<string> = wordnetLexicon().words): boolean {
  const w = word.toLowerCase();
  if (w.length < 3) return false;
  return [w, w.replace(/s$/, ''), w.replace(/es$/, ''), w.replace(/ies$/, 'y'), w.replace(/ing$/, ''), w.replace(/ing$/, 'e'), w.replace(/ed$/, ''), w.replace(/d$/, '')].some(
    (f) => f.length > 2 && common.has(f),
  );
}
