// Composes what the user reads: the answer text and its citations, a decline with help, or an entity's names.
import type { Analysis } from './analyse.js';
import { bestKnown, citationOf, refOf, type Engine } from './engine.js';
import { SPECIFIC_INTENTS } from './intent.js';
import { answerModel } from './model.js';
import { asOf, composeMany, formatDate, shapeOf } from './compose-many.js';
import { GENERIC_DESCRIPTION } from './reader/derive.js';
import type { Scored } from './rank.js';
import type { Doc } from './search-index.js';
import { terms as termsOfText } from './text/tokenize.js';
import type { Answer, EntityRef } from './types.js';

/** The answer: the best fact first (after the entity's description for a what-is question), then a fact about each other entity named, then a close second fact. */
export function compose(engine: Engine, analysis: Analysis, focus: string[], ranked: Scored[], options: { runnersUp?: boolean } = {}): Answer {
  const best = ranked[0]!;
  const limit = engine.maxAnswerLength;
  const entities = refsOf(engine, focus.length ? focus : best.doc.entityIds.slice(0, 1));
  const suggestions = suggestionsFor(engine, entities);

  if (best.doc.type === 'unreliable' && best.doc.passage) {
    const { passage } = best.doc;
    const text = clip(`${passage.note} The figure is unreadable in the source, so I will not repeat it.${passage.reliable ? ` What the article does say: ${passage.reliable}` : ''}`, limit);
    return { question: analysis.original, answered: true, text, citations: [citationOf(best.doc)], entities, suggestions, intent: analysis.intent, unreliable: true };
  }

  const shape = shapeOf(analysis, focus);
  if (shape !== 'single') {
    const many = composeMany(engine, analysis, focus, ranked, shape, entities, suggestions);
    if (many) return many;
  }

  const chosen: Scored[] = [best];
  const pieces: string[] = [];
  const primary = focus[0] ? engine.matcher.get(focus[0]) : undefined;
  // "What is X?" and a bare name get the entity's one-line description first; a question with its own words gets the fact.
  const aboutItself = analysis.concepts.every((c) => c.unknown || c.entity);
  const describe = primary && aboutItself && !best.doc.text.includes(primary.description) && !GENERIC_DESCRIPTION.test(primary.description);
  if (describe && primary) pieces.push(`${primary.name}: ${primary.description.replace(/\.?$/, '.')}`);
  // Newer news wins, and says when: "As of December 2024 (…): …".
  const superseded = best.features.newest === 1 && ranked.some((s) => s.features.older === 1 && !s.excluded);
  pieces.push(`${superseded ? asOf(best.doc) : ''}${best.doc.text}${analysis.intent === 'when' ? resolvedDate(best.doc) : ''}`);
  // A question about two entities ("Compare J2's jobs with CATL's") gets the best fact about each.
  for (const id of focus.slice(0, 3)) {
    if (chosen.length >= engine.maxCitations || chosen.some((c) => involvesEntity(c.doc, id))) continue;
    const other = ranked.find((c) => !c.excluded && c.doc.type !== 'unreliable' && involvesEntity(c.doc, id) && (c.satisfied || !SPECIFIC_INTENTS.has(analysis.intent)));
    if (!other || chosen.some((c) => repeats(c.doc, other.doc))) continue;
    if ([...pieces, other.doc.text].join(' ').length > limit) continue;
    pieces.push(other.doc.text);
    chosen.push(other);
  }
  // "When does she take over?": when the best sentence gives no date of its own, the sentence of its article that does.
  const dating = analysis.intent === 'when' ? datingSentence(best, ranked) : undefined;
  if (dating && [...pieces, dating.doc.text].join(' ').length <= limit) {
    pieces.push(dating.doc.text);
    chosen.push(dating);
  }
  const model = answerModel();
  // A message with a second question keeps the room for its answer.
  for (const candidate of options.runnersUp === false ? [] : ranked.slice(1, 6)) {
    if (chosen.length >= engine.maxCitations) break;
    // A close runner-up joins the answer: from the same article, the sentence that goes with it; from another, only one
    // about as likely and as much about what was asked.
    const sameArticle = candidate.doc.source.id === best.doc.source.id;
    if (candidate.excluded || candidate.doc.type === 'unreliable' || candidate.score < Math.max(model.threshold * (sameArticle ? 0.5 : 1), best.score * model.second)) continue;
    if (!sameArticle && (candidate.entity < best.entity || candidate.coverage < best.coverage * 0.8)) continue;
    if (chosen.some((c) => repeats(c.doc, candidate.doc))) continue;
    const next = [...pieces, candidate.doc.text].join(' ');
    if (next.length > limit) continue;
    pieces.push(candidate.doc.text);
    chosen.push(candidate);
  }
  const citations = chosen.map((c) => citationOf(c.doc));
  return {
    question: analysis.original,
    answered: true,
    text: clip(pieces.join(' '), limit),
    citations,
    factIds: chosen.map((c) => docKey(c.doc)),
    entities,
    suggestions,
    intent: analysis.intent,
  };
}

export function decline(engine: Engine, analysis: Analysis, focus: string[], reason: string | undefined): Answer {
  const known = bestKnown(engine, 6).map((e) => e.name);
  const about = focus.map((id) => engine.matcher.get(id)).filter((e) => e !== undefined);
  const lead = reason ?? (about.length ? `I could not find that about ${about.map((e) => e.name).join(' and ')} in my sources.` : 'I could not find that in the Hong Kong I&T articles I know.');
  const help = about.length
    ? ` Try /org ${about[0]!.name} for everything I know about it, or /search with other words.`
    : ` I know about ${known.join(', ')} and more. Try /search with a few words, /org with a name, /latest or /sources.`;
  return {
    question: analysis.original,
    answered: false,
    text: clip(lead + help, engine.maxAnswerLength),
    citations: [],
    entities: about.map(refOf),
    suggestions: suggestionsFor(engine, about.map(refOf)),
    intent: analysis.intent,
  };
}

function suggestionsFor(engine: Engine, entities: EntityRef[]): string[] {
  const out = entities.slice(0, 2).map((e) => `/org ${e.name}`);
  if (out.length === 0) for (const e of bestKnown(engine, 3, ['company', 'organisation'])) out.push(`What did ${e.name} announce?`);
  out.push('/latest');
  return out;
}

function refsOf(engine: Engine, ids: string[]): EntityRef[] {
  return ids.map((id) => engine.matcher.ref(id)).filter((r): r is EntityRef => r !== undefined);
}

export function quoteList(names: string[]): string {
  return [...new Set(names)].map((n) => `"${n}"`).join(', ');
}

/** "What is CATL's full name?", "OASES stands for?", "數碼港的英文名": the entity's names, cited from the sentence that uses most of them. */
export function nameAnswer(engine: Engine, analysis: Analysis, id: string): Answer | undefined {
  const entity = engine.matcher.get(id);
  if (!entity) return undefined;
  const unique = [...new Map([entity.name, ...entity.aliases].map((a) => [a.toLowerCase(), a])).values()];
  const chinese = unique.filter((a) => /[\u3400-\u9fff]/.test(a));
  const latin = unique.filter((a) => !/[\u3400-\u9fff]/.test(a));
  const abbreviation = latin.find((a) => /^[A-Z][A-Z0-9&]{1,7}$/.test(a));
  const full = abbreviation && entity.name !== abbreviation ? entity.name : latin.filter((a) => a !== abbreviation && !a.includes('(')).sort((a, b) => b.length - a.length)[0];
  const docs = (engine.docsByEntity.get(id) ?? []).filter((d) => d.type === 'fact');
  const names = latin.map((n) => n.toLowerCase());
  const cited = docs
    .map((d) => ({ d, uses: names.filter((n) => d.quote.toLowerCase().includes(n)).length }))
    .sort((a, b) => b.uses - a.uses || a.d.quote.length - b.d.quote.length)[0];
  if (!cited || cited.uses === 0) return undefined;
  const wantsChinese = /chinese|中文/i.test(analysis.question);
  const lead =
    wantsChinese && chinese.length
      ? `${entity.name}'s Chinese name is ${chinese.slice(0, 4).join(' / ')}.`
      : abbreviation && full
        ? `${abbreviation} stands for ${full}.`
        : `${entity.name} is also called ${latin.filter((a) => a !== entity.name).slice(0, 3).join(', ')}.`;
  const chineseLine = !wantsChinese && chinese.length ? `In Chinese: ${chinese.slice(0, 4).join(' / ')}.` : '';
  return {
    question: analysis.original,
    answered: true,
    text: clip(`${lead} ${chineseLine} ${entity.description}`.replace(/\s+/g, ' ').trim(), engine.maxAnswerLength),
    citations: [citationOf(cited.d)],
    entities: [refOf(entity)],
    suggestions: suggestionsFor(engine, [refOf(entity)]),
    intent: analysis.intent,
  };
}

/** A stable id for a document: the fact's id, or the source and the sentence's position. */
export function docKey(doc: Doc): string {
  return doc.fact ? doc.fact.id : `${doc.source.id}#${doc.id}`;
}

const RELATIVE_DATE = /\b(today|yesterday|tomorrow|tonight|this (morning|afternoon|evening|week|month|year)|last (week|month|year)|next (week|month|year)|on (monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b/i;

const NAMED_MONTH = /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?)\.? \d{1,2}\b|\b\d{1,2} (jan(uary)?|feb(ruary)?|march|april|may|june|july|august|september|october|november|december)\b/i;

/** " (today: 4 October 2023)": a date the sentence gives relative to its article, resolved, for when-questions. */
function resolvedDate(doc: Doc): string {
  const date = doc.fact?.provenance === 'derived' ? doc.fact.date : undefined;
  const relative = RELATIVE_DATE.exec(doc.text);
  // A sentence that names its own date ("on September 15, the company said on Monday") needs no gloss, and the
  // fact's date may be that one, not the relative one's.
  if (!date || !relative || doc.text.includes(date.slice(0, 4)) || NAMED_MONTH.test(doc.text)) return '';
  return ` (${relative[0]}: ${formatDate(date)})`;
}

/** A sentence of the best one's article, about what was asked, that dates it in its own words ("on September 15"). */
function datingSentence(best: Scored, ranked: Scored[]): Scored | undefined {
  // (A year alone, or the date the article reported it, is not the day asked for.)
  if (NAMED_MONTH.test(best.doc.text.replace(/\([^)]*\)/g, ''))) return undefined;
  return ranked.slice(1, 10).find((s) => !s.excluded && s.satisfied && s.doc.source.id === best.doc.source.id && s.entity >= 0.5 && s.coverage >= best.coverage * 0.5 && NAMED_MONTH.test(s.doc.text));
}

function involvesEntity(doc: Doc, id: string): boolean {
  return doc.fact?.subject === id || doc.entityIds.includes(id);
}

/** Would the second document only say again what the first says (same sentence, or mostly the same words)? */
function repeats(a: Doc, b: Doc): boolean {
  if (a.quote.includes(b.quote) || b.quote.includes(a.quote)) return true;
  const ta = new Set(termsOfText(a.text));
  const tb = new Set(termsOfText(b.text));
  let shared = 0;
  for (const t of tb) if (ta.has(t)) shared++;
  return shared >= 0.7 * Math.min(ta.size, tb.size);
}

/** Cut a text to `limit` characters at a sentence or word boundary. */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const sentence = cut.lastIndexOf('. ');
  if (sentence > limit * 0.6) return cut.slice(0, sentence + 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > 0 ? space : cut.length)}…`;
}
