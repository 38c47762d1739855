// Question → Answer: candidates from the index and the named entities, ranked by entity, coverage and intent.
import { analyseQuestion, type Analysis } from './analyse.js';
import { bestKnown, citationOf, refOf, type Engine } from './engine.js';
import { SPECIFIC_INTENTS } from './intent.js';
import { rank, type Scored } from './rank.js';
import type { Doc } from './search-index.js';
import { terms as termsOfText } from './text/tokenize.js';
import type { Answer, EntityRef, QueryContext } from './types.js';
import type { Entity } from './knowledge/schema.js';

/** Intents whose answer is recognisable (a counted figure, a date, a person): worth promoting a runner-up for. */
const PROMOTING_INTENTS = new Set(['count', 'when', 'who', 'role']);
const FIGURE_INTENTS = new Set(['money', 'count', 'jobs', 'capacity', 'ranking']);
const NAME_QUESTION = /\b(full name|stands? for|short for|abbreviation|acronym|also known as|also called|other names?|chinese name|called in chinese)\b|全名|全稱|全称|中文名|英文名|簡稱|简称/i;
const PRESENT_OR_PAST = /\b(today|now|currently|presently|at present|right now|to date|so far|last year|last month|yesterday|in the past)\b/i;
const FUTURE = /\b(will|plans? to|aims? to|expected to|intends? to|is to|are to|set to)\b/i;
const TITLE = /\b(chairman|chair|ceo|chief|director|secretary|president|head|executive|officer|founder)\b/i;
const SECOND_QUESTION = /,?\s+and\s+(?=(?:how|what|when|where|who|which)\b)/i;
const YES_NO = /^\s*(did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)\b/i;

/** Answer a question from the knowledge base, or decline with help. */
export function answerQuestion(engine: Engine, question: string, context: QueryContext = {}): Answer {
  const analysis = analyseQuestion(engine, question);
  if (!analysis.question) return decline(engine, analysis, [], 'Ask me about Hong Kong innovation and technology.');
  const { focus, usedContext } = chooseFocus(engine, analysis, context);
  // A name we have never seen is what the question is about: say so rather than answer about something else.
  if (analysis.unknownNames.length > 0) {
    return decline(engine, analysis, focus, `I have nothing about ${quoteList(analysis.unknownNames)} in my sources.`);
  }
  if (focus[0] && NAME_QUESTION.test(analysis.question)) {
    const named = nameAnswer(engine, analysis, focus[0]);
    if (named) return named;
  }
  const ranked = preferKind(engine, analysis, focus, preferSatisfying(analysis, rank(engine, analysis, focus)));
  const best = ranked[0];
  if (!best) return decline(engine, analysis, focus, undefined);
  if (!acceptable(engine, analysis, focus, best, usedContext)) return decline(engine, analysis, focus, undefined);
  return withSecondPart(engine, analysis, context, compose(engine, analysis, focus, ranked));
}

/** "How many unicorns did Cyberport cultivate, and how much did its start-ups raise?": the second question answered too. */
function withSecondPart(engine: Engine, analysis: Analysis, context: QueryContext, answer: Answer): Answer {
  const parts = analysis.question.split(SECOND_QUESTION);
  const second = parts.length > 1 ? parts[parts.length - 1]!.trim() : '';
  if (!second || second.length < 8) return answer;
  const more = answerQuestion(engine, second, { recentEntities: [...answer.entities.map((e) => e.id), ...(context.recentEntities ?? [])] });
  const extra = more.citations[0];
  if (!more.answered || !extra || answer.citations.some((c) => c.quote === extra.quote)) return answer;
  const lead = more.text.split(/(?<=\.)\s/)[0] ?? more.text;
  if (answer.text.includes(lead) || `${answer.text} ${lead}`.length > engine.maxAnswerLength) return answer;
  return { ...answer, text: `${answer.text} ${lead}`, citations: [...answer.citations, extra] };
}

/**
 * A question that asks for a figure, a date or a person wants a document that gives one: when the best does not
 * and a close runner-up about the same entity does, the runner-up answers.
 */
function preferSatisfying(analysis: Analysis, ranked: Scored[]): Scored[] {
  const best = ranked[0];
  if (!best || best.satisfied || !PROMOTING_INTENTS.has(analysis.intent)) return ranked;
  if (analysis.intent === 'count' && analysis.counted.size === 0) return ranked;
  const index = ranked.findIndex((s, i) => i > 0 && i < 5 && s.satisfied && s.entity >= Math.min(best.entity, 0.5) && s.score >= best.score * 0.7);
  if (index < 0) return ranked;
  return [ranked[index]!, ...ranked.slice(0, index), ...ranked.slice(index + 1)];
}

/**
 * The entities the answer must be about: those the question names; a place when it names nothing else
 * ("香港"); or, for a follow-up ("how many people will it hire?"), the chat's most recent entity.
 */
function chooseFocus(engine: Engine, analysis: Analysis, context: QueryContext): { focus: string[]; usedContext: boolean } {
  if (analysis.specific.length > 0) return { focus: analysis.specific, usedContext: false };
  if (analysis.background.length > 0 && analysis.concepts.every((c) => c.entity)) {
    analysis.concepts = analysis.concepts.filter((c) => !c.entity);
    return { focus: analysis.background, usedContext: false };
  }
  if (analysis.unknownNames.length === 0 && analysis.followUp && context.recentEntities?.length) {
    const recent = context.recentEntities.find((id) => engine.matcher.get(id));
    if (recent) return { focus: [recent], usedContext: true };
  }
  return { focus: [], usedContext: false };
}

/** Is the best document an answer to the question, or only something near it? */
function acceptable(engine: Engine, analysis: Analysis, focus: string[], best: Scored, usedContext: boolean): boolean {
  return whyNot(engine, analysis, focus, best, usedContext) === undefined;
}

/** Why the best document is no answer (undefined when it is one): the reasons also show in `npm run explain`. */
export function whyNot(engine: Engine, analysis: Analysis, focus: string[], best: Scored, usedContext: boolean): string | undefined {
  // Chinese words we cannot read say little once an entity is named: judge by the entity and the intent.
  const concepts = focus.length ? analysis.concepts.filter((c) => !c.cjk) : analysis.concepts;
  const unknown = concepts.filter((c) => c.unknown).length;
  const unknownShare = concepts.length ? unknown / concepts.length : 0;
  const knownCount = concepts.length - unknown;
  if (!givesWhatIsAsked(analysis, best)) return `does not give what a ${analysis.intent} question asks for`;
  if (!namesKindAsked(engine, analysis, best, focus)) return 'does not name the kind of organisation asked for';
  // A question whose only words beyond the name are Chinese words we cannot read ("寧德時代的股價") asks for
  // something we do not know.
  const unreadable = analysis.concepts.filter((c) => c.cjk).length;
  if (focus.length > 0 && unreadable > 0 && knownCount === 0) return 'only unreadable Chinese words besides the name';
  if (focus.length === 0) {
    const needed = knownCount >= 3 ? 2 : 1;
    // A place the question names ("the Hong Kong election") must be in the answer too.
    if (concepts.filter((c) => c.entity).length > best.coveredEntities) return 'does not name the place asked about';
    if (unknownShare >= 0.5) return 'half the words are unknown';
    if (best.coverage < 0.6 || best.covered < needed) return 'covers too little of the question';
    return undefined;
  }
  // Another entity's fact is not an answer about the one asked for.
  if (best.entity === 0) return 'not about the entity asked for';
  if (unknownShare > 0.5 || (unknownShare === 0.5 && best.covered === 0)) return 'mostly unknown words';
  // A word we have never seen ("earn", "hours") is what the question asks: only a fact that covers the rest
  // of the question, about the entity itself, may still answer it.
  if (unknown > 0 && (best.coverage < 0.5 || best.entity < 0.5)) return 'an unknown word and too little of the rest covered';
  // Only the words that say what is asked ("cost") matched: the thing asked about ("rent an office") did not.
  const content = concepts.filter((c) => !c.unknown && !c.cue).length;
  if (content >= 2 && best.coveredContent === 0) return 'covers how it is asked, not what is asked about';
  const specificAnswer = SPECIFIC_INTENTS.has(analysis.intent) && best.satisfied;
  // For figures the question's words are mostly how it asks ("how many staff"); a date or a place still needs its topic.
  const figureAnswer = FIGURE_INTENTS.has(analysis.intent) && best.satisfied;
  // "Which city will the Mixer visit next?" is not answered by where it went.
  if (/\b(next|upcoming|in future|in the future)\b/i.test(analysis.question) && !FUTURE.test(best.doc.text) && !/\bnext\b/i.test(best.doc.text)) {
    return 'asks about the future; the fact is about the past';
  }
  // "How many employees does J2 have today?" is not answered by what J2 will do.
  if (PRESENT_OR_PAST.test(analysis.question) && FUTURE.test(best.doc.text) && !/\b(will|plan|plans|planning|expect|expected)\b/i.test(analysis.question)) {
    return 'asks about now or the past; the fact is about plans';
  }
  // "Who is the chairman of HKSTP's board?" is not answered by someone's post elsewhere.
  const first = engine.matcher.get(focus[0]!);
  // A person named by name ("TY Chu"), not by a title that is itself the post asked about ("Chairman of the Board").
  const namesPerson = analysis.mentions.some((m) => engine.matcher.get(m.id)?.type === 'person' && !TITLE.test(m.text));
  if (analysis.intent === 'role' && first && first.type !== 'person' && !namesPerson && !best.holder) {
    return 'the post belongs to someone at another organisation';
  }
  // Two or more entities named and all of them in the fact: the names carry the question ("Albert Wong Stanford talk").
  const allNamed = focus.length >= 2 && best.involves >= focus.length;
  if (content > 0 && best.coveredContent === 0 && !allNamed && !(analysis.intent === 'what' && content === 1 && knownCount === 1)) return 'covers none of the question';
  // ("What kind of company is CATL?" asks what it is: its description answers even without the word "company".)
  if (knownCount > 0 && best.covered === 0 && !figureAnswer && !allNamed && analysis.intent !== 'what') return 'covers none of the question';
  // A fact about several of the entities named, or about the entity itself, needs less of the rest.
  const threshold = best.involves >= 2 ? 0.25 : best.entity >= 1 ? 0.3 : 0.4;
  if (knownCount >= 2 && best.coverage < threshold && !specificAnswer) return 'covers too little of the question';
  if (usedContext && knownCount > 0 && best.coverage < 0.34) return 'a follow-up the previous entity does not answer';
  // A yes-or-no question is answered only by a fact that says all of it ("Will Neta build a car factory?").
  if (YES_NO.test(analysis.question) && focus.length === 1 && knownCount > 0 && best.coverage < 0.6) return 'a yes-or-no question the facts do not settle';
  // "Did Google open an office at Science Park?": a yes-or-no question about two things needs a fact about both.
  if (YES_NO.test(analysis.question) && focus.length >= 2 && best.involves < Math.min(2, focus.length)) return 'a yes-or-no question about two things needs both';
  return undefined;
}

/** "Which bank…?", "which university…?": the kind of organisation asked for, and how to recognise one. */
const WHICH_KINDS: Array<[RegExp, (e: Entity) => boolean]> = [
  [/\bwhich\s+(\w+\s+){0,2}(banks?|financial institutions?|lenders?)\b/i, (e) => /\bbank/i.test(`${e.name} ${e.description}`)],
  [/\bwhich\s+(universit(y|ies)|colleges?|schools?)\b/i, (e) => /universit|college|school/i.test(`${e.name} ${e.description}`)],
  [/\bwhich\s+(\w+\s+){0,2}(accelerators?)\b/i, (e) => /accelerator/i.test(`${e.name} ${e.description}`)],
  [/\bwhich\s+(\w+\s+){0,2}(venture capital|vc|investors?|funds?)\b/i, (e) => /venture capital|investor|fund/i.test(`${e.name} ${e.description}`)],
  [/\bwhich\s+(\w+\s+)?(companies|company|firms?|makers?|enterprises?)\b/i, (e) => e.type === 'company' || e.type === 'organisation'],
];

/** "Which venture capital firm…?": a close runner-up that names one answers before a best that does not. */
function preferKind(engine: Engine, analysis: Analysis, focus: string[], ranked: Scored[]): Scored[] {
  const best = ranked[0];
  if (!best || namesKindAsked(engine, analysis, best, focus)) return ranked;
  const index = ranked.findIndex((s, i) => i > 0 && i < 6 && s.entity >= Math.min(best.entity, 0.5) && s.score >= best.score * 0.7 && namesKindAsked(engine, analysis, s, focus));
  return index < 0 ? ranked : [ranked[index]!, ...ranked.slice(0, index), ...ranked.slice(index + 1)];
}

/** Does the answer name an organisation of the kind the question asks for? */
function namesKindAsked(engine: Engine, analysis: Analysis, best: Scored, focus: string[]): boolean {
  const rule = WHICH_KINDS.find(([pattern]) => pattern.test(analysis.question));
  if (!rule) return true;
  const ids = new Set([...best.doc.entityIds, ...engine.matcher.find(best.doc.text, { exactOnly: true }).map((m) => m.id)]);
  return [...ids].some((id) => !focus.includes(id) && engine.matcher.get(id) !== undefined && rule[1](engine.matcher.get(id)!));
}

/** Questions that ask for a person, a counted figure, an amount, a date or a place need a document that gives one. */
function givesWhatIsAsked(analysis: Analysis, best: Scored): boolean {
  const { intent } = analysis;
  if (best.satisfied) return true;
  if (intent === 'who' || intent === 'role') return false;
  if ((intent === 'money' || intent === 'when' || intent === 'where') && analysis.explicit) return false;
  // "How many cars…?" answered with a figure that counts something else is no answer.
  if (intent === 'count' && analysis.counted.size > 0) return false;
  return true;
}


function compose(engine: Engine, analysis: Analysis, focus: string[], ranked: Scored[]): Answer {
  const best = ranked[0]!;
  const limit = engine.maxAnswerLength;
  const entities = refsOf(engine, focus.length ? focus : best.doc.entityIds.slice(0, 1));
  const suggestions = suggestionsFor(engine, entities);

  if (best.doc.type === 'unreliable' && best.doc.passage) {
    const { passage } = best.doc;
    const text = clip(`${passage.note} The figure is unreadable in the source, so I will not repeat it.${passage.reliable ? ` What the article does say: ${passage.reliable}` : ''}`, limit);
    return { question: analysis.question, answered: true, text, citations: [citationOf(best.doc)], entities, suggestions, intent: analysis.intent, unreliable: true };
  }

  const chosen: Scored[] = [best];
  const pieces: string[] = [];
  const primary = focus[0] ? engine.matcher.get(focus[0]) : undefined;
  // "What is X?" and a bare name get the entity's one-line description first; a question with its own words gets the fact.
  const aboutItself = analysis.concepts.every((c) => c.unknown || c.entity);
  const describe = primary && aboutItself && !best.doc.text.includes(primary.description);
  if (describe && primary) pieces.push(`${primary.name}: ${primary.description.replace(/\.?$/, '.')}`);
  pieces.push(best.doc.text);
  // A question about two entities ("Compare J2's jobs with CATL's") gets the best fact about each.
  for (const id of focus.slice(0, 3)) {
    if (chosen.length >= engine.maxCitations || chosen.some((c) => involvesEntity(c.doc, id))) continue;
    const other = ranked.find((c) => c.doc.type !== 'unreliable' && involvesEntity(c.doc, id) && (c.satisfied || !SPECIFIC_INTENTS.has(analysis.intent)));
    if (!other || chosen.some((c) => repeats(c.doc, other.doc))) continue;
    if ([...pieces, other.doc.text].join(' ').length > limit) continue;
    pieces.push(other.doc.text);
    chosen.push(other);
  }
  for (const candidate of ranked.slice(1, 6)) {
    if (chosen.length >= engine.maxCitations) break;
    if (candidate.doc.type === 'unreliable' || candidate.score < best.score * 0.8) continue;
    if (candidate.entity < best.entity || candidate.coverage < best.coverage * 0.8) continue;
    if (chosen.some((c) => repeats(c.doc, candidate.doc))) continue;
    const next = [...pieces, candidate.doc.text].join(' ');
    if (next.length > limit) continue;
    pieces.push(candidate.doc.text);
    chosen.push(candidate);
  }
  const citations = chosen.map((c) => citationOf(c.doc));
  return {
    question: analysis.question,
    answered: true,
    text: clip(pieces.join(' '), limit),
    citations,
    entities,
    suggestions,
    intent: analysis.intent,
  };
}

function decline(engine: Engine, analysis: Analysis, focus: string[], reason: string | undefined): Answer {
  const known = bestKnown(engine, 6).map((e) => e.name);
  const about = focus.map((id) => engine.matcher.get(id)).filter((e) => e !== undefined);
  const lead = reason ?? (about.length ? `I could not find that about ${about.map((e) => e.name).join(' and ')} in my sources.` : 'I could not find that in the Hong Kong I&T articles I know.');
  const help = about.length
    ? ` Try /org ${about[0]!.name} for everything I know about it, or /search with other words.`
    : ` I know about ${known.join(', ')} and more. Try /search with a few words, /org with a name, /latest or /sources.`;
  return {
    question: analysis.question,
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

function quoteList(names: string[]): string {
  return [...new Set(names)].map((n) => `"${n}"`).join(', ');
}

/** "What is CATL's full name?", "OASES stands for?", "數碼港的英文名": the entity's names, cited from the sentence that uses most of them. */
function nameAnswer(engine: Engine, analysis: Analysis, id: string): Answer | undefined {
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
    question: analysis.question,
    answered: true,
    text: clip(`${lead} ${chineseLine} ${entity.description}`.replace(/\s+/g, ' ').trim(), engine.maxAnswerLength),
    citations: [citationOf(cited.d)],
    entities: [refOf(entity)],
    suggestions: suggestionsFor(engine, [refOf(entity)]),
    intent: analysis.intent,
  };
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


/** The ranked candidates for a question, for debugging and tuning. */
export function rankForDebug(engine: Engine, analysis: Analysis): { ranked: Scored[]; declined?: string } {
  const { focus, usedContext } = chooseFocus(engine, analysis, {});
  const ranked = preferSatisfying(analysis, rank(engine, analysis, focus));
  if (analysis.unknownNames.length) return { ranked, declined: 'names something unknown' };
  const declined = ranked[0] ? whyNot(engine, analysis, focus, ranked[0], usedContext) : 'nothing found';
  return { ranked, ...(declined ? { declined } : {}) };
}
