// "The third round", "the second phase": a question that names one of a series is not answered by another of it.
import type { Doc } from './search-index.js';
import { leadSentences } from './doc-info.js';

const ORDINAL_WORDS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];
const ORDINAL = /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,2}(?:st|nd|rd|th))\s+([a-z][a-z-]+)/gi;
/** "Since the second round", "between the first and the latest": the question compares, and every one of the series counts. */
const COMPARES = /\b(since|compared?|comparison|between|change[sd]?|grow|grew|grown|growth|increase[sd]?|rise|rose|risen|from the|all|each|every|so far|in total|total)\b/i;
/** Words after an ordinal that name no series ("the first time", "first half"). */
const NOT_A_SERIES = /^(time|times|half|quarter|place|step|steps|day|days|week|month|year|years|ever|one|ones|of|and|in|to|the|a|an)$/;

interface Ordinal {
  ordinal: string;
  noun: string;
}

function normalOrdinal(word: string): string {
  const lower = word.toLowerCase();
  const n = /^(\d{1,2})/.exec(lower);
  return n ? (ORDINAL_WORDS[Number(n[1]) - 1] ?? lower) : lower;
}

/** The series the text names with an ordinal: "the fourth round of 12 grants" gives fourth / round. */
function ordinalsOf(text: string): Ordinal[] {
  const found: Ordinal[] = [];
  for (const m of text.matchAll(ORDINAL)) {
    const noun = m[2]!.toLowerCase().replace(/(es|s)$/, '');
    if (NOT_A_SERIES.test(m[2]!.toLowerCase())) continue;
    found.push({ ordinal: normalOrdinal(m[1]!), noun });
  }
  return found;
}

/** "第五批": the Chinese ordinal and the English nouns its measure word stands for. */
const CJK_ORDINAL = /第([一二三四五六七八九十]|\d{1,2})(批|期|輪|轮|屆|届|階段|阶段)/g;
const CJK_DIGITS = '一二三四五六七八九十';
const CJK_SERIES: Record<string, string> = { 批: 'batch', 期: 'phase', 輪: 'round', 轮: 'round', 屆: 'edition', 届: 'edition', 階段: 'stage', 阶段: 'stage' };
const CJK_COMPARES = /以來|以来|比較|比较|相比|增加|增長|增长|變化|变化|總共|总共|合共|一共/;

/** The ordinals a question names, unless it compares the members of a series. */
export function askedOrdinals(question: string): Ordinal[] {
  if (COMPARES.test(question) || CJK_COMPARES.test(question)) return [];
  const found = ordinalsOf(question);
  for (const m of question.matchAll(CJK_ORDINAL)) {
    const n = /\d/.test(m[1]!) ? Number(m[1]) : CJK_DIGITS.indexOf(m[1]!) + 1;
    const ordinal = ORDINAL_WORDS[n - 1];
    if (ordinal) found.push({ ordinal, noun: CJK_SERIES[m[2]!]! });
  }
  return found;
}

const leadCache = new WeakMap<Doc['source'], Ordinal[]>();

function leadOrdinals(doc: Doc): Ordinal[] {
  let found = leadCache.get(doc.source);
  if (!found) {
    found = ordinalsOf(`${doc.source.title}. ${leadSentences(doc.source).join(' ')}`);
    leadCache.set(doc.source, found);
  }
  return found;
}

/**
 * A sentence (or, when it names none, the opening of its article) about another member of the series asked about:
 * "How many jobs will the second round create?" is not answered by the fourth round's figure.
 */
export function ordinalConstraint(asked: Ordinal[], doc: Doc): string | undefined {
  if (asked.length === 0) return undefined;
  for (const a of asked) {
    for (const found of [ordinalsOf(doc.quote), leadOrdinals(doc)]) {
      const same = found.filter((f) => f.noun === a.noun);
      if (same.length === 0) continue;
      if (same.some((f) => f.ordinal === a.ordinal)) break;
      return `about the ${same[0]!.ordinal} ${a.noun}, not the ${a.ordinal}`;
    }
  }
  return undefined;
}
