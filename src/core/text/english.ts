// Is a word ordinary English (WordNet's common words, in any plain inflection)? Such a word is never "corrected".
import { wordnetLexicon } from '../knowledge/lexicon.js';

export function isEnglishWord(word: string, common: ReadonlySet<string> = wordnetLexicon().words): boolean {
  const w = word.toLowerCase();
  if (w.length < 3) return false;
  return formsOf(w).some((f) => common.has(f));
}

/** The word and what it may be an inflection of: plurals, -ing and -ed, comparatives and superlatives ("tallest", "bigger"). */
function formsOf(w: string): string[] {
  const forms = [w, w.replace(/s$/, ''), w.replace(/es$/, ''), w.replace(/ies$/, 'y'), w.replace(/ing$/, ''), w.replace(/ing$/, 'e'), w.replace(/ed$/, ''), w.replace(/d$/, '')];
  forms.push(w.replace(/est$/, ''), w.replace(/est$/, 'e'), w.replace(/iest$/, 'y'), w.replace(/(.)\1est$/, '$1'), w.replace(/er$/, ''), w.replace(/ier$/, 'y'), w.replace(/(.)\1er$/, '$1'));
  return forms.filter((f) => f.length > 2);
}

/** Any word WordNet knows, however rarely used ("microchips", "spacecraft"): English, not a name. */
export function isKnownEnglish(word: string): boolean {
  if (isEnglishWord(word)) return true;
  const w = word.toLowerCase();
  const all = wordnetLexicon().lemmas();
  return formsOf(w).some((f) => all.has(f));
}
