// Typed figures in a sentence: money with its currency, counts with what they count, percentages, areas, dates and durations.
import { escapeRegExp } from '../text/patterns.js';
import type { LexiconSets } from './lexicon-sets.js';
import type { Token, ValueEntity } from './nlp.js';
import { resolveDate } from './dates.js';
import type { ValueSpan } from './types.js';

const NUMBER = /^\d[\d,]*(?:\.\d+)?$/;
const YEAR = /^(19|20)\d{2}$/;

interface Context {
  sentence: number;
  /** Offset of the sentence in the body. */
  offset: number;
  text: string;
  tokens: Token[];
  dateEntities: ValueEntity[];
  articleDate: string | undefined;
  lex: LexiconSets;
}

/** Every typed figure of one sentence (offsets in the body). */
/** A sentence about what will happen: its months are coming ones. */
const FUTURE = /\b(will|shall|is to|are to|is set to|are set to|is scheduled to|are scheduled to|is expected to|are expected to|is due to|are due to)\b/i;

export function findValues(ctx: Context): ValueSpan[] {
  const out: ValueSpan[] = [];
  const taken: Array<[number, number]> = [];
  const free = (s: number, e: number) => !taken.some(([a, b]) => s < b && e > a);
  const push = (v: Omit<ValueSpan, 'sentence'>) => {
    if (!free(v.start, v.end)) return;
    taken.push([v.start, v.end]);
    out.push({ sentence: ctx.sentence, ...v });
  };
  const { text, offset, lex } = ctx;
  const magnitudes = [...lex.magnitudes.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const qualifierAt = (index: number) => qualifierBefore(text.slice(Math.max(0, index - 24), index), lex);

  // Money: "HK$6.9 billion", "US$882 million", "180 million Hong Kong dollars", "HK$2bn".
  const symbols = lex.currencies.filter(([k]) => /[$€£]/.test(k)).map(([k]) => escapeRegExp(k)).join('|');
  const words = lex.currencies.filter(([k]) => !/[$€£]/.test(k)).map(([k]) => escapeRegExp(k)).join('|');
  const num = String.raw`\d[\d,]*(?:\.\d+)?`;
  const prefixed = new RegExp(String.raw`(?<![\w$])(${symbols})\s?(${num})(?:\s?(${magnitudes})\b)?`, 'gi');
  for (const m of text.matchAll(prefixed)) {
    const currency = currencyOf(m[1]!, lex);
    push({ start: offset + m.index, end: offset + m.index + m[0].length, text: m[0], type: 'money', value: amount(m[2]!, m[3], lex), currency, qualifier: qualifierAt(m.index) });
  }
  const suffixed = new RegExp(String.raw`\b(${num})(?:\s?(${magnitudes})\b)?\s+(${words})\b`, 'gi');
  for (const m of text.matchAll(suffixed)) {
    push({ start: offset + m.index, end: offset + m.index + m[0].length, text: m[0], type: 'money', value: amount(m[1]!, m[2], lex), currency: currencyOf(m[3]!, lex), qualifier: qualifierAt(m.index) });
  }
  // Percentages: "61%", "36 per cent", "10 percent".
  for (const m of text.matchAll(new RegExp(String.raw`\b(${num})\s?(%|per\s?cent\b|percent\b)`, 'gi'))) {
    push({ start: offset + m.index, end: offset + m.index + m[0].length, text: m[0], type: 'percent', value: amount(m[1]!, undefined, lex), unit: '%', qualifier: qualifierAt(m.index) });
  }
  // Areas: "40,000 square feet", "31,000 sq m".
  const units = lex.areaUnits.map((u) => escapeRegExp(u).replace(/\\ /g, '\\s')).join('|');
  for (const m of text.matchAll(new RegExp(String.raw`\b(${num})(?:\s?(${magnitudes})\b)?[\s-]+(${units})`, 'gi'))) {
    push({ start: offset + m.index, end: offset + m.index + m[0].length, text: m[0], type: 'area', value: amount(m[1]!, m[2], lex), unit: m[3]!.toLowerCase(), qualifier: qualifierAt(m.index) });
  }
  // Dates and durations the NLP library recognised, resolved against the article's date.
  for (const entity of ctx.dateEntities) {
    const start = entity.start;
    const end = entity.end;
    if (entity.type === 'DURATION' || /\b(years?|months?|weeks?|days?|decades?)\b/i.test(entity.text) && /\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|a)\b/i.test(entity.text) && !/\b(ago|since|in \d{4})\b/i.test(entity.text)) {
      const n = /(\d+(?:\.\d+)?)/.exec(entity.text);
      const word = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|a)\b/i.exec(entity.text);
      const value = n ? Number(n[1]) : word ? (lex.numbers.get(word[1]!.toLowerCase()) ?? 1) : 1;
      if (entity.type === 'DURATION' && !/\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|a|decades?)\b/i.test(entity.text)) continue;
      push({ start, end, text: entity.text, type: 'duration', value, unit: /decade/i.test(entity.text) ? 'decades' : (/(year|month|week|day)/i.exec(entity.text)?.[1]?.toLowerCase() ?? 'years'), qualifier: 'exact' });
      continue;
    }
    if (entity.type !== 'DATE') continue;
    const resolved = resolveDate(entity.text, ctx.articleDate, lex, { future: FUTURE.test(text) });
    if (!resolved) {
      // Still a date ("August 1" in an undated article): its figures count nothing.
      if (free(start, end)) taken.push([start, end]);
      continue;
    }
    push({ start, end, text: entity.text, type: YEAR.test(entity.text.trim()) ? 'year' : 'date', value: Number(resolved.date.slice(0, 4)), date: resolved.date, ...(resolved.relative ? { relative: true } : {}), qualifier: 'exact' });
  }
  // Years the library left as plain numbers ("in 2007", "since 2016").
  for (const m of text.matchAll(/\b(19|20)\d{2}\b/g)) {
    push({ start: offset + m.index, end: offset + m.index + 4, text: m[0], type: 'year', value: Number(m[0]), date: m[0], qualifier: 'exact' });
  }
  // Counts: a figure or a number word, then what it counts ("28 research laboratories", "eight major strategies", "some 60 companies").
  const { tokens } = ctx;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!free(t.start, t.end)) continue;
    const w = t.text.toLowerCase();
    let value: number | undefined;
    let k = i + 1;
    if (NUMBER.test(t.text) && !YEAR.test(t.text)) {
      value = amount(t.text, undefined, lex);
      // "22 000": thousands written with a space.
      while (/^\d{1,3}$/.test(tokens[k - 1]!.text) && tokens[k] && /^\d{3}$/.test(tokens[k]!.text) && tokens[k]!.start - tokens[k - 1]!.end === 1) {
        value = value * 1000 + Number(tokens[k]!.text);
        k++;
      }
    }
    // A number word counts only something named after it, and never inside a name ("Five-Year Plan").
    else if (lex.numbers.has(w) && !['a decade', 'decade'].includes(w) && lex.numbers.get(w)! > 1 && !(i > 0 && /^\p{Lu}/u.test(t.text))) value = lex.numbers.get(w);
    if (value === undefined || Number.isNaN(value)) continue;
    // "1.2 million", "1,800": a magnitude word right after multiplies.
    const mag = tokens[k] && lex.magnitudes.get(tokens[k]!.text.toLowerCase());
    if (mag && tokens[k]!.text.length > 1) {
      value *= mag;
      k++;
    }
    // Skip a hyphen ("110-member"), "of" in "hundreds of", adjectives and modifiers, and take the head noun.
    let head = -1;
    for (let n = k; n < Math.min(tokens.length, k + 5); n++) {
      const u = tokens[n]!;
      if (/^['’]s$/i.test(u.text)) continue;
      if (u.pos === 'PUNCT' && !/^[-‐‑]$/.test(u.text)) break;
      if (u.pos === 'NOUN' || u.pos === 'PROPN') head = n;
      else if (!(u.pos === 'ADJ' || u.pos === 'ADV' || (u.pos === 'VERB' && /ed$/i.test(u.text)) || /^[-‐‑]$/.test(u.text) || (u.text.toLowerCase() === 'of' && n === k))) break;
      if (head >= 0 && tokens[n + 1] && !['NOUN', 'PROPN'].includes(tokens[n + 1]!.pos) && !/^[-‐‑]$/.test(tokens[n + 1]!.text)) break;
    }
    const unit = head >= 0 ? ctx.text.slice(tokens[k]!.start - offset, tokens[head]!.end - offset).replace(/^of\s+/i, '').replace(/^[-‐‑]/, '').trim() : undefined;
    const end = head >= 0 ? tokens[head]!.end : tokens[k - 1]!.end;
    const relativeStart = t.start - offset;
    // An ordinal ("8th", "first") ranks; a figure with nothing counted still counts something named before it.
    if (/^\d+(st|nd|rd|th)$/i.test(t.text)) continue;
    if (!NUMBER.test(t.text) && head < 0) continue;
    push({ start: t.start, end, text: ctx.text.slice(relativeStart, end - offset), type: 'count', value, ...(unit ? { unit: unit.toLowerCase() } : {}), qualifier: qualifierAt(relativeStart) });
  }
  for (const m of text.matchAll(/\b(\d+)(st|nd|rd|th)\b|\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b/gi)) {
    const n = m[1] ? Number(m[1]) : ORDINALS.indexOf(m[3]!.toLowerCase()) + 1;
    push({ start: offset + m.index, end: offset + m.index + m[0].length, text: m[0], type: 'rank', value: n, qualifier: 'exact' });
  }
  return out.sort((a, b) => a.start - b.start);
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

function amount(figure: string, magnitude: string | undefined, lex: LexiconSets): number {
  const base = Number(figure.replace(/,/g, ''));
  return base * (magnitude ? (lex.magnitudes.get(magnitude.toLowerCase()) ?? 1) : 1);
}

function currencyOf(written: string, lex: LexiconSets): string {
  const key = written.toLowerCase().replace(/\s+/g, ' ');
  return lex.currencies.find(([k]) => k === key)?.[1] ?? 'USD';
}

/** "more than", "some", "nearly" just before a figure. */
function qualifierBefore(before: string, lex: LexiconSets): ValueSpan['qualifier'] {
  const tail = before.toLowerCase().replace(/\s+/g, ' ').trimEnd();
  for (const [phrase, qualifier] of lex.qualifiers) {
    if (tail.endsWith(` ${phrase}`) || tail === phrase) return qualifier as ValueSpan['qualifier'];
  }
  return 'exact';
}
