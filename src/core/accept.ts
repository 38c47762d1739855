// When the best document answers the question, and when a close runner-up should answer instead.
import type { Analysis } from './analyse.js';
import type { Engine } from './engine.js';
import { SPECIFIC_INTENTS } from './intent.js';
import type { Entity } from './knowledge/schema.js';
import type { Scored } from './rank.js';

/** Intents whose answer is recognisable (a counted figure, a date, a person): worth promoting a runner-up for. */
const PROMOTING_INTENTS = new Set(['count', 'when', 'who', 'role']);
const FIGURE_INTENTS = new Set(['money', 'count', 'jobs', 'capacity', 'ranking']);
const PRESENT_OR_PAST = /\b(today|now|currently|presently|at present|right now|to date|so far|last year|last month|yesterday|in the past)\b/i;
const FUTURE = /\b(will|plans? to|aims? to|expected to|intends? to|is to|are to|set to)\b/i;
const TITLE = /\b(chairman|chair|ceo|chief|director|secretary|president|head|executive|officer|founder)\b/i;
const YES_NO = /^\s*(did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)\b/i;

/**
 * A question that asks for a figure, a date or a person wants a document that gives one: when the best does not
 * and a close runner-up about the same entity does, the runner-up answers.
 */
export function preferSatisfying(analysis: Analysis, ranked: Scored[]): Scored[] {
  const best = ranked[0];
  if (!best || best.satisfied || !PROMOTING_INTENTS.has(analysis.intent)) return ranked;
  if (analysis.intent === 'count' && analysis.counted.size === 0) return ranked;
  const index = ranked.findIndex((s, i) => i > 0 && i < 5 && s.satisfied && s.entity >= Math.min(best.entity, 0.5) && s.score >= best.score * 0.7);
  if (index < 0) return ranked;
  return [ranked[index]!, ...ranked.slice(0, index), ...ranked.slice(index + 1)];
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
export function preferKind(engine: Engine, analysis: Analysis, focus: string[], ranked: Scored[]): Scored[] {
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
