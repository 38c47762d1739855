// Tokenising for the index and for questions: English words stemmed, Chinese segmented with Intl.Segmenter.
import { stemmer } from 'stemmer';
import { STOP_WORDS } from './stop-words.js';
import { foldChinese } from './chinese.js';

const CJK = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]/;
const CJK_RUN = /[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+/g;
// Made on first use: loading ICU's Chinese word data takes about 10 ms, and most text has no Chinese.
let zhSegmenter: Intl.Segmenter | undefined;
const segmenter = () => (zhSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));

/** True when the text holds at least one Chinese character. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/**
 * Normalise text before splitting: width and case folded, Chinese folded to Simplified, figures joined
 * (240,000 → 240000), "R&D" and "I&T" kept as one word.
 */
export function normalise(text: string): string {
  return foldChinese(text.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\u2018\u2019\u201B]/g, "'")
    .replace(/(\d),(?=\d{3}\b)/g, '$1')
    .replace(/\b([a-z])\s?&\s?([a-z])\b/g, '$1&$2');
}

/** A raw word of the text: Latin words, figures (6.9, 240000) and words like r&d; Chinese runs segmented. */
export function words(text: string): string[] {
  const out: string[] = [];
  const normalised = normalise(text);
  for (const match of normalised.matchAll(/[\p{L}\p{N}]+(?:[&.'\-][\p{L}\p{N}]+)*/gu)) {
    const word = match[0];
    if (CJK.test(word)) {
      for (const part of splitCjk(word)) out.push(part);
    } else {
      out.push(word.replace(/'s$/, ''));
    }
  }
  return out;
}

const cjkCache = new Map<string, string[]>();

/** Chinese words already segmented, to store in a snapshot: a start that meets only known Chinese never loads ICU's word data. */
export function segmentedWords(): Array<[string, string[]]> {
  return [...cjkCache];
}

export function primeSegmented(entries: Array<[string, string[]]>): void {
  for (const [word, parts] of entries) if (!cjkCache.has(word)) cjkCache.set(word, parts);
}

/** Latin and Chinese parts of a mixed word, Chinese runs segmented into words (memoised). */
function splitCjk(word: string): string[] {
  const cached = cjkCache.get(word);
  if (cached) return cached;
  const out = segmentMixed(word);
  if (cjkCache.size > 50_000) cjkCache.clear();
  cjkCache.set(word, out);
  return out;
}

function segmentMixed(word: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const run of word.matchAll(CJK_RUN)) {
    if (run.index > last) out.push(word.slice(last, run.index));
    for (const seg of segmenter().segment(run[0])) if (seg.isWordLike) out.push(seg.segment);
    last = run.index + run[0].length;
  }
  if (last < word.length) out.push(word.slice(last));
  return out;
}

/** Word-like segments of the Chinese runs of a text (other characters are dropped). */
export function segmentCjk(text: string): string[] {
  const out: string[] = [];
  for (const run of text.matchAll(CJK_RUN)) for (const seg of segmenter().segment(run[0])) if (seg.isWordLike) out.push(seg.segment);
  return out;
}

const termCache = new Map<string, string[]>();
const TERM_CACHE_LIMIT = 200_000;

/** The index terms for one word: stop words dropped, hyphenated words split, English stemmed (memoised). */
export function termsOf(word: string): string[] {
  let cached = termCache.get(word);
  if (cached) return cached;
  cached = computeTerms(word);
  if (termCache.size >= TERM_CACHE_LIMIT) termCache.clear();
  termCache.set(word, cached);
  return cached;
}

/** Words whose stem would collide with another word's ("us" the country and "used" both stem to "us"). */
const FIXED_TERMS: Record<string, string> = { us: 'usa', 'u.s': 'usa' };

function computeTerms(word: string): string[] {
  const fixed = FIXED_TERMS[word];
  if (fixed) return [fixed];
  if (CJK.test(word)) return STOP_WORDS.has(word) ? [] : [word];
  const parts = word.includes('-') ? [word.replace(/-/g, ''), ...word.split('-')] : [word];
  const out: string[] = [];
  for (const part of parts) {
    const clean = part.replace(/\.$/, '');
    if (!clean || STOP_WORDS.has(clean)) continue;
    out.push(stem(clean));
  }
  return out;
}

/** Stem an English word; figures and mixed words like r&d, j2, sic stay as they are. */
export function stem(word: string): string {
  if (/[^a-z]/.test(word) || word.length <= 3) return word;
  return stemmer(americanSpelling(word));
}

/**
 * British spellings folded to American ones before stemming, so that "programme" finds "program" and "organisation"
 * "organization". Both the articles and the questions pass through here, so a fold that is too eager ("advise" to
 * "advize") costs nothing; only two different words folded together would.
 */
function americanSpelling(word: string): string {
  if (word.length <= 5) return word;
  return word
    .replace(/programme(s?)$/, 'program$1')
    .replace(/^(cent|met|lit|theat|fib|calib|kilomet|centimet|millimet)re(s|d)?$/, '$1er$2')
    .replace(/^(lab|col|fav|hon|behavi|neighb|harb|rum|hum|vig|endeav|savi|flav|arm)our(s|ed|ing|able|ite|ites)?$/, '$1or$2')
    .replace(/([a-z]{3})is(e|es|ed|ing|ation|ations|er|ers)$/, '$1iz$2')
    .replace(/([a-z]{3})ys(e|es|ed|ing)$/, '$1yz$2');
}

/** Tokenizer for MiniSearch: words of the text (terms are processed by `processTerm`). */
export function tokenize(text: string): string[] {
  return words(text);
}

/** processTerm for MiniSearch: stop words removed, hyphenated words expanded, stems. */
export function processTerm(term: string): string[] | null {
  const terms = termsOf(term);
  return terms.length > 0 ? terms : null;
}

/** All index terms of a text, in order (duplicates kept). */
export function terms(text: string): string[] {
  return words(text).flatMap(termsOf);
}
