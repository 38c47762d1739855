// Ranks candidate documents for a question: entity, coverage of its concepts, intent, text score and phrases.
import type { Analysis } from './analyse.js';
import type { Engine } from './engine.js';
import { PREFERRED_KINDS, SPECIFIC_INTENTS, satisfiesIntent } from './intent.js';
import { searchTerms, type Doc } from './search-index.js';
import { terms as termsOfText, words } from './text/tokenize.js';

export interface Scored {
  doc: Doc;
  score: number;
  /** Share of the question's known concepts (by weight) the document covers. */
  coverage: number;
  /** How many concepts it covers. */
  covered: number;
  /** How much the document is about the entities asked for (0 none, 1 all of them). */
  entity: number;
  /** It gives what the intent asks for (a figure, a date, a person…). */
  satisfied: boolean;
  /** How many of the focus entities the document involves. */
  involves: number;
  /** How many of the places named as concepts it covers. */
  coveredEntities: number;
  /** A role fact about someone who holds a role at the first entity asked about. */
  holder: boolean;
  /** How many concepts that are not intent cues it covers ("rent", "office" in "how much does it cost to rent an office"). */
  coveredContent: number;
}

const CANDIDATES = 40;
/** How much a document that involves an entity (not as its subject) is about it. */
const INVOLVED = 0.8;
const NUMERIC = new Set(['count', 'money', 'when', 'ranking', 'capacity', 'jobs']);
/** Intents whose cue word ("year" in "which year") is answered by the figure or date itself. */
const FIGURE_OR_DATE = NUMERIC;
/** Questions an unreadable figure can answer (by saying it is unreadable): about figures, or about the topic. */
const UNREADABLE_INTENTS = new Set([...NUMERIC, 'general', 'what', 'announcement']);
/** Words a fact's kind stands for: "what role does Y hold?" is answered by a role fact. */
const KIND_WORDS: Record<string, string[]> = {
  role: ['role', 'title', 'position'],
  location: ['location'],
  date: ['date'],
  investment: ['investment'],
  jobs: ['jobs'],
  capacity: ['capacity'],
  statistic: ['statistics'],
  announcement: ['announcement'],
  event: ['event'],
  programme: ['programme'],
};
const ORGANISATION_TYPES = new Set(['company', 'organisation', 'government']);
const PLACE_TYPES = new Set(['place', 'park']);

/** What ranking needs of a document beyond its words, computed once. */
interface DocInfo {
  terms: Set<string>;
  /** The document's words joined by single spaces, padded, for finding names inside longer names. */
  padded: string;
  hasPerson: boolean;
  organisations: string[];
  places: string[];
  /** Places its entities are in or part of ("the HK-Shenzhen-Guangzhou cluster" is in the Greater Bay Area). */
  within: Set<string>;
}

const factInfo = new WeakMap<Doc, DocInfo>();
const passageInfo = new Map<Doc, DocInfo>();
const PASSAGE_CACHE_LIMIT = 20_000;

/** Each search term of the question's concepts with the weight of its heaviest concept. */
export function conceptWeights(analysis: Analysis): Map<string, number> {
  const weights = new Map<string, number>();
  for (const concept of analysis.concepts) {
    for (const term of concept.terms) weights.set(term, Math.max(weights.get(term) ?? 0, concept.weight));
  }
  return weights;
}

/** Rank the candidates: the index's hits for the question's words, and every fact about the focus entities. */
export function rank(engine: Engine, analysis: Analysis, focus: string[]): Scored[] {
  const weights = conceptWeights(analysis);
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
  const textScore = new Map<number, number>();
  const candidates = new Map<number, Doc>();
  for (const hit of hits) {
    const doc = engine.index.docs[hit.id as number];
    if (!doc) continue;
    candidates.set(doc.id, doc);
    textScore.set(doc.id, hit.score / maxHit);
  }
  for (const id of focus) for (const doc of engine.docsByEntity.get(id) ?? []) candidates.set(doc.id, doc);
  // Neighbours' facts (HKSTP's for a question about Science Park) help an entity with few facts of its own.
  if ((engine.docsByEntity.get(focus[0] ?? '')?.length ?? 0) < 20) {
    for (const near of engine.neighbours.get(focus[0] ?? '') ?? []) for (const doc of engine.docsByEntity.get(near) ?? []) candidates.set(doc.id, doc);
  }

  const { intent, concepts, bigrams } = analysis;
  const mentioned = [...analysis.specific, ...analysis.background].filter((id) => !focus.includes(id));
  const entityKeys = concepts.map((c) => (c.entity ? `@${c.entity}` : ''));
  // "Hong Kong" is named inside "Hong Kong Science Park": a place counts when any of its names is in the text.
  const entityNames = concepts.map((c) => (c.entity ? engine.matcher.aliasKeys(c.entity).map((k) => ` ${k} `) : []));
  const neighbours = focus.map((id) => engine.neighbours.get(id));
  const preferred = PREFERRED_KINDS[intent];
  const roleIntent = intent === 'role' || intent === 'who';
  const scored: Scored[] = [];
  for (const doc of candidates.values()) {
    const info = infoOf(engine, doc);
    // An unreadable figure is what a numeric question about its topic should hear about.
    const satisfied =
      (doc.type === 'unreliable' && NUMERIC.has(intent)) ||
      satisfiesIntent(intent, {
        kind: doc.fact?.kind,
        // The statement is what the user reads: the figure or date must be in it, not only in the quote.
        text: doc.text,
        hasPerson: info.hasPerson,
        hasOtherOrganisation: info.organisations.some((id) => !focus.includes(id)),
        dated: Boolean(doc.fact?.date),
        hasPlace: info.places.some((id) => !focus.includes(id) && !engine.background.has(id)),
        counted: analysis.counted,
      });
    let weightAll = 0;
    let weightCovered = 0;
    let covered = 0;
    let coveredEntities = 0;
    let coveredContent = 0;
    for (let c = 0; c < concepts.length; c++) {
      const concept = concepts[c]!;
      if (concept.unknown) continue;
      weightAll += concept.weight;
      // The word itself counts fully; a synonym or a part of a hyphenated word a little less ("co-CEO" vs "CEO").
      const hit = concept.entity
        ? info.terms.has(entityKeys[c]!) || entityNames[c]!.some((name) => info.padded.includes(name)) || info.within.has(concept.entity)
          ? 1
          : 0
        : info.terms.has(concept.terms[0]!) || (concept.cue && satisfied && doc.type !== 'unreliable' && FIGURE_OR_DATE.has(intent))
          ? 1
          : concept.terms.some((t) => info.terms.has(t))
            ? 0.85
            : 0;
      if (hit > 0) {
        weightCovered += concept.weight * hit;
        covered++;
        if (concept.entity) coveredEntities++;
        if (!concept.cue) coveredContent++;
      }
    }
    const coverage = weightAll > 0 ? weightCovered / weightAll : 1;
    // A passage whose figures are unreadable answers only a question that asks about its topic.
    // (It also needs the question to name an entity: "the exchange rate of the Hong Kong dollar" names none.)
    if (doc.type === 'unreliable' && (weightAll === 0 || coverage < 0.5 || !UNREADABLE_INTENTS.has(intent) || focus.length === 0)) continue;

    // The first entity named counts most; a document about all the entities named beats one about only one.
    let entity = 0;
    let involves = 0;
    let holder = false;
    const roleFact = roleIntent && doc.fact?.kind === 'role';
    for (let i = 0; i < focus.length; i++) {
      const id = focus[i]!;
      const near = neighbours[i];
      let hit = 0;
      // A role fact answers "who is X's CEO?" fully when its subject holds a role at X.
      const holds = roleFact && doc.fact!.subject !== id && engine.roleHolders.get(id)?.has(doc.fact!.subject);
      if (holds && i === 0) holder = true;
      if (doc.fact?.subject === id || holds) hit = 1;
      else if (doc.entityIds.includes(id) || info.terms.has(`@${id}`)) hit = INVOLVED;
      else if (near && doc.entityIds.some((other) => near.has(other))) hit = 0.3;
      entity += i === 0 ? hit : hit * 0.5;
      if (hit >= INVOLVED) involves++;
    }
    if (focus.length > 1) entity /= 1 + 0.5 * (focus.length - 1);
    // Other entities named (a place) add a little to the score, never to how much the document is about the focus.
    let mentionBonus = 0;
    for (const id of mentioned) if (doc.entityIds.includes(id)) mentionBonus += 0.1;
    // An unreadable figure of another entity (a neighbour's) does not answer a question about this one.
    if (doc.type === 'unreliable' && focus.length && entity < 0.7) continue;


    const kindIndex = doc.fact ? preferred.indexOf(doc.fact.kind) : -1;
    const kindBonus = kindIndex >= 0 ? 0.6 * (1 - kindIndex / preferred.length) : 0;
    const typeBonus = doc.type === 'fact' ? 0.4 : doc.type === 'unreliable' ? 0.1 : 0;
    const intentBonus = satisfied ? (SPECIFIC_INTENTS.has(intent) ? 1.5 : 1) : 0;
    let together = 0;
    for (const bigram of bigrams) if (info.terms.has(bigram)) together += 0.6;
    // Kind, intent and phrase bonuses break ties between relevant documents; they do not make an irrelevant one relevant.
    // (With no entity to anchor the question, coverage is all there is to go on.)
    const bonuses = (intentBonus + kindBonus + typeBonus + Math.min(together, 1.2)) * (focus.length ? 1 : 0.3 + 0.7 * coverage);
    const score = 4 * (entity + mentionBonus) + 3.5 * coverage + 2 * (textScore.get(doc.id) ?? 0) + bonuses;
    scored.push({ doc, score, coverage, covered, entity, satisfied, involves, coveredEntities, coveredContent, holder });
  }
  // With entities named, documents about them come first, however well others match the words.
  const about = (s: Scored) => (focus.length && s.entity > 0 ? 1 : 0);
  return scored.sort((a, b) => about(b) - about(a) || b.score - a.score || a.doc.id - b.doc.id);
}

/** A document's terms (words, phrases, "@entity" marks, sectors, kind words) and entity traits, cached. */
function infoOf(engine: Engine, doc: Doc): DocInfo {
  const cached = doc.type === 'passage' ? passageInfo.get(doc) : factInfo.get(doc);
  if (cached) return cached;
  const entities = doc.entityIds.map((id) => engine.matcher.get(id)).filter((e) => e !== undefined);
  // Entity names are matched as entities, not as words: "Management Company Limited" says nothing about companies.
  const sectors = entities.flatMap((e) => e.sectors);
  const extraWords = [...sectors, ...(sectors.length ? ['sector', 'industry'] : []), ...(doc.fact ? (KIND_WORDS[doc.fact.kind] ?? []) : [])];
  const extra = doc.fact ? `${doc.fact.quote} ${doc.fact.keywords.join(' ')}` : doc.passage ? `${doc.passage.text} ${doc.passage.reliable ?? ''}` : '';
  const text = `${doc.text} ${extra}`;
  const sequence = termsOfText(text);
  const terms = new Set([...sequence, ...termsOfText(extraWords.join(' '))]);
  // Adjacent pairs, for phrases; "@id" for every entity the document names or is about.
  for (let i = 1; i < sequence.length; i++) terms.add(`${sequence[i - 1]} ${sequence[i]}`);
  for (const id of doc.entityIds) terms.add(`@${id}`);
  const mentionedPlaces: string[] = [];
  for (const m of engine.matcher.find(text, { exactOnly: true })) {
    terms.add(`@${m.id}`);
    const type = engine.matcher.get(m.id)?.type;
    if (type && PLACE_TYPES.has(type)) mentionedPlaces.push(m.id);
  }
  const info: DocInfo = {
    terms,
    padded: ` ${words(text).join(' ')} `,
    hasPerson: entities.some((e) => e.type === 'person'),
    organisations: entities.filter((e) => ORGANISATION_TYPES.has(e.type)).map((e) => e.id),
    places: [...new Set([...entities.filter((e) => PLACE_TYPES.has(e.type)).map((e) => e.id), ...mentionedPlaces])],
    within: new Set(entities.flatMap((e) => [...(engine.within.get(e.id) ?? [])])),
  };
  if (doc.type !== 'passage') factInfo.set(doc, info);
  else {
    if (passageInfo.size >= PASSAGE_CACHE_LIMIT) passageInfo.clear();
    passageInfo.set(doc, info);
  }
  return info;
}
