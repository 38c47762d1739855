// Answers made of several facts: lists ("which firms…?"), changes over time and comparisons, superlatives ("who invests most?").
import type { Analysis } from './analyse.js';
import { isOfKind, kindNounAsked } from './constraints.js';
import { citationOf, type Engine } from './engine.js';
import { answerModel } from './model.js';
import type { Scored } from './rank.js';
import type { Doc } from './search-index.js';
import type { Answer, EntityRef } from './types.js';

export type Shape = 'single' | 'list' | 'compare' | 'superlative';

const COMPARE = /\b(compare[ds]?|comparison|versus|vs\.?|differ\w*|change[ds]?|grown|grow|grew|since the|used to|over time|trend|then and now|both|agree)\b|比較|比较|對比|对比|變化|变化|分別|分别/i;
const LIST = /^\s*(which|what|list|name)\s+(\w+\s+){0,3}?(companies|firms|organi[sz]ations|enterprises|businesses|startups|start-ups|banks|universities|incubators|bodies|groups|makers|partners|people|officials|sectors|industries|initiatives|programmes|programs|schemes|funds|projects|sites|places|cities|countries|institutions|labs|laboratories|investors|unicorns|events|measures|policies|strategies|areas|fields)\b|\b(list|name all|all the|which ones)\b|哪些|有邊啲|有边些|有什么公司|有哪/i;
const SUPERLATIVE = /\b(most|biggest|largest|highest|greatest|top|maximum|least|smallest|lowest|fewest)\b|最多|最大|最高|最少/i;
const TWO_WAY = /\b(\w[\w-]*)\s+or\s+(\w[\w-]*)\s*\??\s*$|,\s*\w.*\bor\b/i;

/** What shape of answer a question wants. */
export function shapeOf(analysis: Analysis, focus: string[]): Shape {
  const q = analysis.question;
  if (SUPERLATIVE.test(q) && ['money', 'count', 'jobs', 'capacity', 'ranking'].includes(analysis.intent) && focus.length !== 1) return 'superlative';
  if (COMPARE.test(q) || (focus.length >= 2 && TWO_WAY.test(q))) return 'compare';
  if (LIST.test(q) && focus.length <= 1) return 'list';
  return 'single';
}

const MAX_ITEMS = 4;

/** A list, a comparison or a superlative, or nothing when fewer than two facts qualify (the single answer then stands). */
export function composeMany(engine: Engine, analysis: Analysis, focus: string[], ranked: Scored[], shape: Shape, entities: EntityRef[], suggestions: string[]): Answer | undefined {
  const model = answerModel();
  const best = ranked[0];
  if (!best) return undefined;
  // Items must be answers in their own right, if less sure than a single answer would need to be.
  const floor = Math.max(model.threshold * 0.5, best.score * 0.25);
  const usable = ranked.filter((s) => !s.excluded && s.doc.type !== 'unreliable' && s.score >= floor).slice(0, 20);
  let items: Scored[];
  if (shape === 'compare') {
    // One fact per article, oldest first, so a change reads in order; or one per entity when several are named.
    items = focus.length >= 2 ? bestPer(usable, (s) => focus.find((id) => s.doc.fact?.subject === id || s.doc.entityIds.includes(id)) ?? '') : bestPer(usable, (s) => s.doc.source.id);
    items = items.slice(0, 3).sort((a, b) => a.doc.source.date.localeCompare(b.doc.source.date));
  } else if (shape === 'superlative') {
    const valued = usable.filter((s) => amountOf(s.doc, analysis.intent) !== undefined);
    const most = !/\b(least|smallest|lowest|fewest)\b|最少/i.test(analysis.question);
    items = bestPer(valued, (s) => s.doc.fact?.subject ?? s.doc.source.id).sort((a, b) => (amountOf(b.doc, analysis.intent)! - amountOf(a.doc, analysis.intent)!) * (most ? 1 : -1)).slice(0, 3);
  } else {
    // Different things, one fact each: what each of them did; "which companies…" lists companies.
    const kind = kindAsked(engine, analysis);
    const fits = (s: Scored) => !kind || kind(s.doc.fact?.subject ?? '');
    const subjectOf = (s: Scored) => s.doc.fact?.subject ?? s.doc.entityIds[0] ?? s.doc.source.id;
    const candidates = bestPer(usable.filter(fits), subjectOf);
    // A sentence that names two of the other things listed ("J2 and Neta Auto both chose Science Park") sums up the
    // list rather than adding to it: the next thing takes its place.
    const subjects = new Set(candidates.map(subjectOf));
    const sumsUp = (s: Scored) => s.doc.entityIds.filter((id) => id !== subjectOf(s) && subjects.has(id)).length >= 2;
    items = candidates.filter((s) => !sumsUp(s)).slice(0, MAX_ITEMS);
  }
  if (items.length < 2) return undefined;
  // A list or a comparison may take twice a single answer's length.
  const limit = engine.maxAnswerLength * 2;
  const lines: string[] = [];
  const chosen: Scored[] = [];
  for (const item of items) {
    const line = shape === 'compare' ? `${asOf(item.doc)}${item.doc.text}` : `• ${item.doc.text}`;
    if ([...lines, line].join('\n').length > limit) break;
    lines.push(line);
    chosen.push(item);
  }
  if (chosen.length < 2) return undefined;
  return {
    question: analysis.original,
    answered: true,
    text: lines.join('\n'),
    citations: chosen.map((c) => citationOf(c.doc)),
    factIds: chosen.map((c) => c.doc.fact?.id ?? `${c.doc.source.id}#${c.doc.id}`),
    entities,
    suggestions,
    intent: analysis.intent,
  };
}

/** "Which companies…": a test that an entity is of the kind asked for (see kind_nouns in the reader's lexicon). */
function kindAsked(engine: Engine, analysis: Analysis): ((id: string) => boolean) | undefined {
  const signs = kindNounAsked(engine, analysis.question)?.signs;
  if (!signs) return undefined;
  return (id: string) => {
    const entity = engine.matcher.get(id);
    if (!entity) return false;
    return isOfKind(entity, signs);
  };
}

/** The best candidate for each key, in ranking order; candidates saying the same sentence count once. */
function bestPer(ranked: Scored[], key: (s: Scored) => string): Scored[] {
  const seen = new Set<string>();
  const quotes = new Set<string>();
  const out: Scored[] = [];
  for (const s of ranked) {
    const k = key(s);
    if (!k || seen.has(k) || quotes.has(s.doc.quote)) continue;
    seen.add(k);
    quotes.add(s.doc.quote);
    out.push(s);
  }
  return out;
}

/** The amount a fact gives for a superlative: money for money questions, the largest count otherwise. */
function amountOf(doc: Doc, intent: string): number | undefined {
  const values = doc.fact?.values ?? [];
  const wanted = values.filter((v) => (intent === 'money' ? v.type === 'money' && (v.currency ?? 'HKD') !== 'USD' : v.type === 'count' || v.type === 'money'));
  const pool = wanted.length ? wanted : values.filter((v) => v.type === 'money');
  if (!pool.length) return undefined;
  // Amounts in US dollars are compared in Hong Kong dollars (pegged at about 7.8).
  return Math.max(...pool.map((v) => (v.currency === 'USD' ? v.value * 7.8 : v.value)));
}

/** "As of December 2024 (South China Morning Post): " when the article's date is known. */
export function asOf(doc: Doc): string {
  const { source } = doc;
  if (source.date_note && /\bingested\b/i.test(source.date_note)) return `${source.publisher ? `${source.publisher}: ` : ''}`;
  return `As of ${formatDate(source.date)}${source.publisher ? ` (${source.publisher})` : ''}: `;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export function formatDate(date: string): string {
  const [y, m, d] = date.split('-');
  if (!m) return y!;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}
