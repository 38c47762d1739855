// Is a word ordinary English (WordNet's common words, in any plain inflection)? Such a word is never "corrected".
import { wordnetLexicon } from '../knowledge/lexicon.js';

export function isEnglishWord(word: string, common: ReadonlySet<string> = wordnetLexicon().words): boolean {
  const w = word.toLowerCase();
  if (w.length < 3) return false;
  const forms = [w, w.replace(/s$/, ''), w.replace(/es$/, ''), w.replace(/ies$/, 'y'), w.replace(/ing$/, ''), w.replace(/ing$/, 'e'), w.replace(/ed$/, ''), w.replace(/d$/, '')].filter((f) => f.length > 2);
  return forms.some((f) => common.has(f));
}

/** Any word WordNet knows, however rarely used ("microchips", "spacecraft"): English, not a name. */
export function isKnownEnglish(word: string): boolean {
  if (isEnglishWord(word)) return true;
  const w = word.toLowerCase();
  const all = wordnetLexicon().lemmas();
  return [w, w.replace(/s$/, ''), w.replace(/es$/, ''), w.replace(/ies$/, 'y'), w.replace(/ing$/, ''), w.replace(/ed$/, '')].some((f) => f.length > 2 && all.has(f));
}
