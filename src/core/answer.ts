// Question → Answer: candidates from the index and the named entities, ranked by entity, coverage and intent.
import { analyseQuestion, type Analysis, type Concept } from './analyse.js';
import { bestKnown, citationOf, refOf, type Engine } from './engine.js';
import { PREFERRED_KINDS, SPECIFIC_INTENTS, satisfiesIntent } from './intent.js';
import { searchTerms, type Doc } from './search-index.js';
import { terms as termsOfText } from './text/tokenize.js';
import type { Answer, EntityRef, QueryContext } from './types.js';

interface Scored {
  doc: Doc;
  score: number;
  coverage: number;
  covered: number;
  entity: number;
  satisfied: boolean;
  /** How many of the focus entities the document involves. */
  involves: number;
}

const CANDIDATES = 40;
const YES_NO = /^\s*(did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)\b/i;
const KIND_WORDS: Record<string, string[]> = {
  role: ['role', 'title', 'position'],
  location: ['location', 'where'],
  date: ['date', 'when'],
  investment: ['investment'],
  jobs: ['jobs'],
  capacity: ['capacity'],
  statistic: ['statistics'],
  announcement: ['announcement'],
  event: ['event'],
  programme: ['programme'],
  description: [],
};
const NUMERIC = new Set(['count', 'money', 'when', 'ranking', 'capacity', 'jobs']);

/** Answer a question from the knowledge base, or decline with help. */
export function answerQuestion(engine: Engine, question: string, context: QueryContext = {}): Answer {
  const analysis = analyseQuestion(engine, question);
  if (!analysis.question) return decline(engine, analysis, [], 'Ask me about Hong Kong innovation and technology.');

  let focus = analysis.specific;
  let usedContext = false;
  if (focus.length === 0 && analysis.background.length > 0 && analysis.concepts.every((c) => c.entity)) {
    focus = analysis.background;
    analysis.concepts = analysis.concepts.filter((c) => !c.entity);
  }
  if (focus.length === 0 && analysis.unknownNames.length === 0 && analysis.followUp && context.recentEntities?.length) {
    const recent = context.recentEntities.find((id) => engine.matcher.get(id));
    if (recent) {
      focus = [recent];
      usedContext = true;
    }
  }
  // A name we have never seen is what the question is about: say so rather than answer about something else.
  if (analysis.unknownNames.length > 0) {
    return decline(engine, analysis, focus, `I have nothing about ${quoteList(analysis.unknownNames)} in my sources.`);
  }

  const ranked = rank(engine, analysis, focus);
  const best = ranked[0];
  if (!best) return decline(engine, analysis, focus, undefined);
  return acceptable(analysis, focus, best, usedContext) ? compose(engine, analysis, focus, ranked) : decline(engine, analysis, focus, undefined);
}

/** Is the best document an answer to the question, or only something near it? */
function acceptable(analysis: Analysis, focus: string[], best: Scored, usedContext: boolean): boolean {
  const { intent } = analysis;
  // Chinese words we cannot read say little once an entity is named: judge by the entity and the intent.
  const concepts = focus.length ? analysis.concepts.filter((c) => !c.cjk) : analysis.concepts;
  const unknown = concepts.filter((c) => c.unknown).length;
  const unknownShare = concepts.length ? unknown / concepts.length : 0;
  const knownCount = concepts.length - unknown;
  if (focus.length === 0) {
    const needed = knownCount >= 3 ? 2 : 1;
    return unknownShare < 0.5 && best.coverage >= 0.6 && best.covered >= needed;
  }
  // Another entity's fact is not an answer about the one asked for.
  if (best.entity === 0) return false;
  if (unknownShare > 0.5 || (unknownShare === 0.5 && best.covered === 0)) return false;
  const specificAnswer = SPECIFIC_INTENTS.has(intent) && best.satisfied;
  if (knownCount > 0 && best.covered === 0 && !specificAnswer) return false;
  if (knownCount >= 2 && best.coverage < 0.4 && !specificAnswer) return false;
  if ((intent === 'who' || intent === 'role') && !best.satisfied) return false;
  if ((intent === 'money' || intent === 'when') && analysis.explicit && !best.satisfied) return false;
  if (usedContext && knownCount > 0 && best.coverage < 0.34) return false;
  // "Did Google open an office at Science Park?": a yes-or-no question about two things needs a fact about both.
  if (YES_NO.test(analysis.question) && focus.length >= 2 && best.involves < Math.min(2, focus.length)) return false;

  return true;
}


function rank(engine: Engine, analysis: Analysis, focus: string[]): Scored[] {
  const weights = new Map<string, number>();
  for (const concept of analysis.concepts) {
    for (const term of concept.terms) weights.set(term, Math.max(weights.get(term) ?? 0, concept.weight));
  }
  // Facts about the focus come from the entity's own list; the index adds passages and facts that use the words.
  // The entity's rarest name word helps find passages naming it without matching every "Hong Kong" sentence.
  for (const id of focus) {
    const entity = engine.matcher.get(id);
    if (!entity) continue;
    const rarest = termsOfText(entity.name).sort((a, b) => (engine.index.df.get(a) ?? 0) - (engine.index.df.get(b) ?? 0))[0];
    if (rarest) weights.set(rarest, Math.max(weights.get(rarest) ?? 0, 2));
  }
  const hits = searchTerms(engine.index, weights, CANDIDATES);
  const maxHit = hits[0]?.score ?? 1;
  const textScore = new Map<number, number>(hits.map((h) => [h.id as number, h.score / maxHit]));
  const candidates = new Map<number, Doc>();
  for (const hit of hits) {
    const doc = engine.index.docs[hit.id as number];
    if (doc) candidates.set(doc.id, doc);
  }
  for (const id of focus) for (const doc of engine.docsByEntity.get(id) ?? []) candidates.set(doc.id, doc);
  for (const near of engine.neighbours.get(focus[0] ?? '') ?? []) for (const doc of engine.docsByEntity.get(near) ?? []) candidates.set(doc.id, doc);

  const mentioned = new Set([...analysis.specific, ...analysis.background]);
  const preferred = PREFERRED_KINDS[analysis.intent];
  const scored: Scored[] = [];
  for (const doc of candidates.values()) {
    const docTerms = termsOf(engine, doc);
    let weightAll = 0;
    let weightCovered = 0;
    let covered = 0;
    for (const concept of analysis.concepts) {
      if (concept.unknown) continue;
      weightAll += concept.weight;
      if (concept.entity ? docTerms.has(`@${concept.entity}`) : concept.terms.some((t) => docTerms.has(t))) {
        weightCovered += concept.weight;
        covered++;
      }
    }
    const coverage = weightAll > 0 ? weightCovered / weightAll : 1;
    // A passage whose figures are unreadable answers only a question that asks about its topic.
    if (doc.type === 'unreliable' && (weightAll === 0 || coverage < 0.5)) continue;
    // The first entity named counts most; a document about all the entities named beats one about only one.
    let entity = 0;
    let involves = 0;
    const roleQuestion = (analysis.intent === 'role' || analysis.intent === 'who') && doc.fact?.kind === 'role';
    focus.forEach((id, i) => {
      const near = engine.neighbours.get(id);
      const hit =
        doc.fact?.subject === id || (roleQuestion && doc.entityIds.includes(id))
          ? 1
          : doc.entityIds.includes(id)
            ? 0.7
            : near && doc.entityIds.some((other) => near.has(other))
              ? 0.3
              : 0;
      entity += i === 0 ? hit : hit * 0.5;
      if (hit >= 0.7) involves++;
    });
    if (focus.length > 1) entity /= 1 + 0.5 * (focus.length - 1);
    for (const id of mentioned) if (!focus.includes(id) && doc.entityIds.includes(id)) entity += 0.1;
    const types = doc.entityIds.filter((id) => !focus.includes(id)).map((id) => engine.matcher.get(id)?.type);
    // An unreadable figure is what a numeric question about its topic should hear about.
    const satisfied =
      (doc.type === 'unreliable' && NUMERIC.has(analysis.intent)) ||
      satisfiesIntent(analysis.intent, {
        kind: doc.fact?.kind,
        // The statement is what the user reads: the figure or date must be in it, not only in the quote.
        text: doc.text,
        hasPerson: doc.entityIds.some((id) => engine.matcher.get(id)?.type === 'person'),
        hasOtherOrganisation: types.some((t) => t === 'company' || t === 'organisation' || t === 'government'),
        dated: Boolean(doc.fact?.date),
      });
    const kindIndex = doc.fact ? preferred.indexOf(doc.fact.kind) : -1;
    const kindBonus = kindIndex >= 0 ? 0.6 * (1 - kindIndex / preferred.length) : 0;
    const typeBonus = doc.type === 'fact' ? 0.4 : doc.type === 'unreliable' ? 0.1 : 0;
    const intentBonus = satisfied ? (SPECIFIC_INTENTS.has(analysis.intent) ? 1.5 : 1) : 0;
    let together = 0;
    for (const bigram of analysis.bigrams) if (docTerms.has(bigram)) together += 0.6;
    const phraseBonus = Math.min(together, 1.2);
    const score = 4 * entity + 3.5 * coverage + 2 * (textScore.get(doc.id) ?? 0) + intentBonus + kindBonus + typeBonus + phraseBonus;
    scored.push({ doc, score, coverage, covered, entity, satisfied, involves });
  }
  return scored.sort((a, b) => b.score - a.score || a.doc.id - b.doc.id);
}

const termCache = new WeakMap<Doc, Set<string>>();
const passageCache = new Map<Doc, Set<string>>();
const PASSAGE_CACHE_LIMIT = 20_000;
function termsOf(engine: Engine, doc: Doc): Set<string> {
  const cached = doc.type === 'passage' ? passageCache.get(doc) : termCache.get(doc);
  if (cached) return cached;
  // Entity names are matched as entities, not as words: "Management Company Limited" says nothing about companies.
  // Sectors of the entities and the kind of fact count ("what sector is X in?", "what role does Y hold?").
  const sectors = doc.entityIds.flatMap((id) => engine.matcher.get(id)?.sectors ?? []);
  const names = [...sectors, ...(sectors.length ? ['sector', 'industry'] : []), ...(doc.fact ? (KIND_WORDS[doc.fact.kind] ?? []) : [])];
  const extra = doc.fact ? `${doc.fact.quote} ${doc.fact.keywords.join(' ')}` : doc.passage ? `${doc.passage.text} ${doc.passage.reliable ?? ''}` : '';
  const text = `${doc.text} ${extra}`;
  const sequence = termsOfText(text);
  const set = new Set([...sequence, ...termsOfText(names.join(' '))]);
  // Adjacent pairs, for phrases; "@id" for every entity the document names or is about.
  for (let i = 1; i < sequence.length; i++) set.add(`${sequence[i - 1]} ${sequence[i]}`);
  for (const id of doc.entityIds) set.add(`@${id}`);
  for (const m of engine.matcher.find(text, { exactOnly: true })) set.add(`@${m.id}`);
  if (doc.type !== 'passage') termCache.set(doc, set);
  else {
    if (passageCache.size >= PASSAGE_CACHE_LIMIT) passageCache.clear();
    passageCache.set(doc, set);
  }
  return set;
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
  for (const candidate of ranked.slice(1, 6)) {
    if (chosen.length >= engine.maxCitations) break;
    if (candidate.doc.type === 'unreliable' || candidate.score < best.score * 0.8) continue;
    if (candidate.entity < best.entity || candidate.coverage < best.coverage * 0.8) continue;
    if (chosen.some((c) => c.doc.quote === candidate.doc.quote || c.doc.text === candidate.doc.text)) continue;
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

/** Cut a text to `limit` characters at a sentence or word boundary. */
export function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const sentence = cut.lastIndexOf('. ');
  if (sentence > limit * 0.6) return cut.slice(0, sentence + 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > 0 ? space : cut.length)}…`;
}

export type { Concept };

/** The ranked candidates for a question, for debugging and tuning. */
export function rankForDebug(engine: Engine, analysis: Analysis): Scored[] {
  return rank(engine, analysis, analysis.specific.length ? analysis.specific : analysis.background);
}
