// Ranks candidate documents for a question: the features of each, the hard constraints, and the answer model's probability.
import type { Analysis } from './analyse.js';
import { askedOrdinals, ordinalConstraint } from './ordinals.js';
import { articleTerms, leadTerms, infoOf } from './doc-info.js';
import type { Engine } from './engine.js';
import { PREFERRED_KINDS, SPECIFIC_INTENTS, satisfiesIntent, textFlagsOf } from './intent.js';
import { answerModel, FEATURES, probability, rankScore, type Features } from './model.js';
import { searchTerms, type Doc } from './search-index.js';
import { packed } from './packed.js';
import { definitionTest, opensWith } from './definition.js';
import { terms as termsOfText } from './text/tokenize.js';
import { INVOLVED, markRecency, preferNewer } from './recency.js';
import { aboutFocus, factOfOther, missingAboutFocus, namesAnotherInTitle, namesNoBody, preferLocating, preferDefining, hardConstraint, kindConstraint, measureConstraint, measuresAsked, postConstraint, publisherConstraint } from './constraints.js';

export interface Scored {
  doc: Doc;
  /** The acceptor's probability that this document answers the question. */
  score: number;
  /** The ranker's score (candidates are ordered by it). */
  rankScore: number;
  features: Features;
  /** Share of the question's known concepts (by weight) the document covers. */
  coverage: number;
  covered: number;
  /** How much the document is about the entities asked for (0 none, 1 all of them). */
  entity: number;
  satisfied: boolean;
  involves: number;
  coveredEntities: number;
  holder: boolean;
  coveredContent: number;
  /** Why a hard constraint rules it out, when one does. */
  excluded?: string;
}

const CANDIDATES = 60;
/** Ranked candidates the acceptor chooses the answer among. */
const CONTENDERS = 3;
/** Articles about the entity asked for whose every sentence is a candidate. */
const ARTICLES_ABOUT = 4;
/** How much a document that involves an entity (not as its subject) is about it. */
const NUMERIC = new Set(['count', 'money', 'when', 'ranking', 'capacity', 'jobs']);
/** Questions an unreadable figure can answer (by saying it is unreadable): about figures, or about the topic. */
const UNREADABLE_INTENTS = new Set([...NUMERIC, 'general', 'what', 'announcement']);
const PRESENT_OR_PAST = /\b(today|now|currently|presently|at present|right now|to date|so far|last year|last month|yesterday|in the past)\b/i;
const PAST_ASK = /\b(was|were|used to|former|formerly|previous|previously|before|originally|first|initially|back in|in (19|20)\d\d)\b/i;
const YES_NO = /^\s*(did|does|do|is|are|was|were|has|have|had|will|would|can|could|should)\b/i;
const YEAR = /\b(19|20)\d{2}\b/g;
const PARTNERING = /\b(with|partner\w*|cooperat\w*|collaborat\w*|target\w*|invest\w* in)\b/i;
const FUTURE_ASK = /\b(will|plan|plans|planning|expect|expected|going to|aim|aims)\b/i;
const NOW_ASK = /\b(new|newest|latest|current|currently|now|today|recent|recently|so far|to date|as of)\b|最新|現時|现时|而家|目前|現在|现在/i;

/** Each search term of the question's concepts with the weight of its heaviest concept. */
export function conceptWeights(analysis: Analysis): Map<string, number> {
  const weights = new Map<string, number>();
  for (const concept of analysis.concepts) {
    // The word itself searches at full weight, its alternatives and synonyms at less: a document that says the
    // same thing three ways is not three times as relevant.
    concept.terms.forEach((term, i) => weights.set(term, Math.max(weights.get(term) ?? 0, concept.weight * (i === 0 ? 1 : SYNONYM_WEIGHT))));
    for (const term of concept.related ?? []) weights.set(term, Math.max(weights.get(term) ?? 0, concept.weight * RELATED_SEARCH));
  }
  return weights;
}

const SYNONYM_WEIGHT = 0.4;
/** How much a WordNet synonym covers a word of the question, and how much it weighs in search. */
const RELATED = 0.6;
const LEAD = 0.5;
const UNNAMED = 0.5;
const RELATED_SEARCH = 0.25;

/** The candidates a question can be answered from: the index's hits for its words, and every fact about the focus entities. */
function candidatesOf(engine: Engine, analysis: Analysis, focus: string[]): { docs: Map<number, Doc>; textScore: Map<number, number> } {
  const weights = conceptWeights(analysis);
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
  const docs = new Map<number, Doc>();
  for (const hit of hits) {
    const doc = engine.index.docs[hit.id as number];
    if (!doc) continue;
    docs.set(doc.id, doc);
    textScore.set(doc.id, hit.score / maxHit);
  }
  for (const id of focus) for (const doc of engine.docsByEntity.get(id) ?? []) docs.set(doc.id, doc);
  // Articles about the entity asked for: their sentences need not repeat its name ("She said that these 28 laboratories…").
  if (focus[0]) {
    // The newest few such articles: older ones about the entity are reached through its name and the words.
    const about: Doc[][] = [];
    for (const source of engine.articlesAbout.get(focus[0]) ?? []) {
      const list = engine.docsBySource.get(source);
      if (list?.length) about.push(list);
    }
    about.sort((a, b) => (b[0]?.source.date ?? '').localeCompare(a[0]?.source.date ?? ''));
    for (const list of about.slice(0, ARTICLES_ABOUT)) for (const doc of list) docs.set(doc.id, doc);
  }
  // Neighbours' facts (HKSTP's for a question about Science Park) help an entity with few facts of its own.
  if ((engine.docsByEntity.get(focus[0] ?? '')?.length ?? 0) < 20) {
    for (const near of engine.neighbours.get(focus[0] ?? '') ?? []) for (const doc of engine.docsByEntity.get(near) ?? []) docs.set(doc.id, doc);
  }
  return { docs, textScore };
}

/** Rank the candidates by the model's probability; those a hard constraint rules out keep their reason and sink. */
export function rank(engine: Engine, analysis: Analysis, focus: string[]): Scored[] {
  const { docs: all, textScore } = candidatesOf(engine, analysis, focus);
  const docs = budget(engine, analysis, focus, all, textScore);
  const { intent, concepts, bigrams } = analysis;
  const entityKeys = concepts.map((c) => (c.entity ? `@${c.entity}` : ''));
  // "Hong Kong" is named inside "Hong Kong Science Park": a place counts when any of its names is in the text.
  const entityNames = concepts.map((c) => packed(c.entity ? engine.matcher.aliasKeys(c.entity).map((k) => ` ${k} `) : []));
  const neighbours = focus.map((id) => engine.neighbours.get(id));
  const preferred = PREFERRED_KINDS[intent];
  const roleIntent = intent === 'role' || intent === 'who';
  const maxIdf = Math.log(1 + (engine.index.docs.length || 1));
  const known = concepts.filter((c) => !c.unknown);
  const content = known.filter((c) => !c.cue && !c.entity);
  // A word the articles never use counts as unknown; one they only know through a WordNet synonym, half.
  const unknownShare = concepts.length ? (concepts.length - known.length + 0.5 * known.filter((c) => c.wordnet).length) / concepts.length : 0;
  const years = [...new Set(analysis.question.match(YEAR) ?? [])];
  const pastAsk = PAST_ASK.test(analysis.question);
  const nowAsk = NOW_ASK.test(analysis.question);
  // The words as typed ("developed"), not only their stems ("development" shares the stem).
  const surfaceWords = content.map((c) => c.label.toLowerCase()).filter((w) => /^[a-z][a-z-]+$/.test(w));
  const yesNo = YES_NO.test(analysis.question);
  const model = answerModel();
  const focusMissing = missingAboutFocus(engine, focus, content, docs);
  const focusMarks = focus.map((id) => `@${id}`);
  // "The QLC Seed Programme…" names QLC inside another entity's name.
  const focusNames = focus.map((id) => packed(engine.matcher.aliasKeys(id).map((k) => ` ${k} `)));
  // How a sentence that opens with the entity asked about begins (" hkstp ", " the hkstp "), made once per question.
  const focusOpenings = (focus[0] ? engine.matcher.aliasKeys(focus[0]).filter((k) => !/[\u3400-\u9fff]/.test(k)) : []).flatMap((name) => [` ${name} `, ` the ${name} `]);
  const definesIt = intent === 'what' || intent === 'general' ? definitionTest(focus[0] ? engine.matcher.aliasKeys(focus[0]) : []) : undefined;
  const bodiesAnswer = PARTNERING.test(analysis.question);
  const specific = SPECIFIC_INTENTS.has(intent);
  const measures = measuresAsked(engine, analysis.question);
  const ordinals = askedOrdinals(analysis.question);
  const durationAsked = /\b(how long|how many (years|months|weeks|days)|how soon|duration|period)\b|多久|多長|多长/i.test(analysis.question);
  // "How many employees does J2 have today?" asks for a state, which plans do not give; "who are they hiring rn?"
  // asks about something under way, which they do.
  const ongoing = content.some((c) => /ing$/.test(c.label.toLowerCase()));
  const askedNow = nowAsk && PRESENT_OR_PAST.test(analysis.question) && !FUTURE_ASK.test(analysis.question) && !ongoing;
  const futureAsked = /\b(next|upcoming|in future|in the future)\b/i.test(analysis.question);
  const presentAsked = PRESENT_OR_PAST.test(analysis.question) && !/\b(will|plan|plans|planning|expect|expected)\b/i.test(analysis.question) && !ongoing;
  const scored: Scored[] = [];
  for (const doc of docs) {
    const info = infoOf(engine, doc);
    // Not about the entity asked for, nor in an article about it: ruled out before anything else is worked out.
    if (focus[0] && !aboutFocus(engine, doc, info, focus, focusMarks)) {
      scored.push({ doc, score: 0, rankScore: -Infinity, features: NO_FEATURES, coverage: 0, covered: 0, entity: 0, satisfied: false, involves: 0, coveredEntities: 0, holder: false, coveredContent: 0, excluded: 'not about the entity asked for' });
      continue;
    }
    const future = textFlagsOf(doc.text).future;
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
        percent: analysis.percent,
        duration: durationAsked,
        bodiesAnswer,
      });
    let weightAll = 0;
    let weightCovered = 0;
    let weightExact = 0;
    let covered = 0;
    let coveredEntities = 0;
    let coveredContent = 0;
    let missing = 0;
    let missingKnown = 0;
    let missingInArticle = 0;
    let weightInArticle = 0;
    let article: Set<string> | undefined;
    for (let c = 0; c < concepts.length; c++) {
      const concept = concepts[c]!;
      if (concept.unknown) continue;
      weightAll += concept.weight;
      // The word itself counts fully; a synonym or a part of a hyphenated word a little less ("co-CEO" vs "CEO").
      const exact = concept.entity
        ? info.terms.has(entityKeys[c]!) || info.within.has(concept.entity) || entityNames[c]!.some((name) => info.padded.includes(name))
        : info.terms.has(concept.terms[0]!) || (concept.cue === true && satisfied && doc.type !== 'unreliable' && NUMERIC.has(intent));
      let hit = exact ? 1 : concept.entity ? 0 : hasAny(info.terms, concept.terms) ? 0.85 : concept.related && hasAny(info.terms, concept.related) ? RELATED : 0;
      // A qualifier the article opens with ("the third round of…") holds for the figures of its later sentences.
      if (hit === 0 && !yesNo && (!specific || satisfied) && !concept.entity && !concept.cue && hasAny(leadTerms(engine, doc), concept.terms)) hit = LEAD;
      if (hit > 0) {
        weightCovered += concept.weight * hit;
        if (exact) weightExact += concept.weight;
        covered++;
        if (concept.entity) coveredEntities++;
        if (!concept.cue && !concept.entity) coveredContent++;
      } else if (!concept.cue && !concept.entity) {
        missing = Math.max(missing, concept.weight / maxIdf);
        article ??= articleTerms(engine, doc.source.id);
        if (hasAny(article, concept.terms)) weightInArticle += concept.weight;
        else missingInArticle = Math.max(missingInArticle, concept.weight / maxIdf);
        // A word the articles use elsewhere but this document does not: it asks about something else.
        if (!concept.wordnet) missingKnown = Math.max(missingKnown, concept.weight / maxIdf);
      }
    }
    const coverage = weightAll > 0 ? weightCovered / weightAll : 1;
    // A passage whose figures are unreadable answers only a question that asks about its topic.
    if (doc.type === 'unreliable' && (weightAll === 0 || coverage < 0.5 || !UNREADABLE_INTENTS.has(intent) || focus.length === 0)) continue;

    // The first entity named counts most; a document about all the entities named beats one about only one.
    let entity = 0;
    let involves = 0;
    let holder = false;
    let nearOnly = false;
    let missesPlace = false;
    const roleFact = roleIntent && doc.fact?.kind === 'role';
    for (let i = 0; i < focus.length; i++) {
      const id = focus[i]!;
      const near = neighbours[i];
      let hit = 0;
      // A role fact answers "who is X's CEO?" fully when its subject holds a role at X.
      // (At the organisation or at one that runs it: "Science Park's CEO" is the CEO of the corporation that runs it.)
      const holds = roleFact && doc.fact!.subject !== id && (engine.roleHolders.get(id)?.has(doc.fact!.subject) || (near !== undefined && [...near].some((n) => engine.roleHolders.get(n)?.has(doc.fact!.subject))));
      if (holds && i === 0) holder = true;
      if (doc.fact?.subject === id || holds) hit = 1;
      else if (doc.entityIds.includes(id) || info.terms.has(focusMarks[i]!) || focusNames[i]!.some((name) => info.padded.includes(name))) hit = INVOLVED;
      else if (near && doc.entityIds.some((other) => near.has(other))) {
        hit = 0.3;
        if (i === 0) nearOnly = true;
      }
      // A second entity asked about counts in an article about it ("what did the minister say about X's plan?"); a
      // sentence that names nobody ("The new funds will be used…") is about what its article is about.
      if (hit < INVOLVED && (i > 0 || namesNoBody(engine, doc)) && engine.sourceEntities.get(doc.source.id)?.has(id)) hit = i > 0 ? INVOLVED : UNNAMED;
      entity += i === 0 ? hit : hit * 0.5;
      if (hit >= INVOLVED) involves++;
      else if (i > 0 && hit === 0 && engine.matcher.get(id)?.type === 'place') missesPlace = true;
    }
    if (focus.length > 1) entity /= 1 + 0.5 * (focus.length - 1);
    // An unreadable figure of another entity (a neighbour's) does not answer a question about this one.
    if (doc.type === 'unreliable' && focus.length && entity < 0.7) continue;

    const kindIndex = doc.fact ? preferred.indexOf(doc.fact.kind) : -1;
    let together = 0;
    for (const bigram of bigrams) if (info.terms.has(bigram)) together += 0.5;
    const yearHit = years.length > 0 && years.some((y) => doc.text.includes(y) || doc.source.date.startsWith(y) || (doc.fact?.date ?? '').startsWith(y));
    const titleTerms = engine.titleTerms.get(doc.source.id);
    let titleHits = 0;
    if (titleTerms) for (const c of content) if (hasAny(titleTerms, c.terms)) titleHits++;
    // (Not "The InnoHK Launch Ceremony…" for a question about InnoHK: a sentence about another entity opens with its name.)
    const opens = entity > 0 && opensWith(info.padded, focusOpenings);
    const features: Features = {
      entity,
      entityAll: focus.length ? involves / focus.length : 0,
      noFocus: focus.length ? 0 : 1,
      coverage,
      exactCoverage: weightAll > 0 ? weightExact / weightAll : 1,
      contentShare: content.length ? coveredContent / content.length : 1,
      missingWeight: missing,
      missingInArticle,
      articleCoverage: weightAll > 0 ? (weightCovered + weightInArticle) / weightAll : 1,
      unknownShare,
      textScore: textScore.get(doc.id) ?? 0,
      satisfied: specific && satisfied ? 1 : 0,
      unsatisfied: specific && !satisfied ? 1 : 0,
      countedHit: analysis.counted.size > 0 && satisfied && (intent === 'count' || intent === 'jobs') ? 1 : 0,
      curated: doc.type === 'fact' && doc.fact?.provenance !== 'derived' ? 1 : 0,
      derived: doc.fact?.provenance === 'derived' ? 1 : 0,
      passage: doc.type === 'passage' ? 1 : 0,
      roleFact: roleFact ? 1 : 0,
      kindPref: kindIndex >= 0 ? 1 - kindIndex / preferred.length : 0,
      phrase: Math.min(together, 1),
      newest: 0,
      older: 0,
      olderWanted: 0,
      yearMatch: years.length && yearHit ? 1 : 0,
      yearMiss: years.length && !yearHit ? 1 : 0,
      titleMatch: content.length ? titleHits / content.length : 0,
      holder: holder ? 1 : 0,
      person: roleIntent && info.hasPerson ? 1 : 0,
      futureMismatch: futureAsked && !future ? 1 : 0,
      pastMismatch: presentAsked && future ? 1 : 0,
      yesNoGap: yesNo ? 1 - coverage : 0,
      long: doc.text.length > 300 ? 1 : 0,
      neighbour: nearOnly && entity <= 0.3 ? 1 : 0,
      unreliable: doc.type === 'unreliable' ? 1 : 0,
      speaker: 0,
      descriptor: 0,
      articleAbout: 0,
      newestWanted: 0,
      lead: /-s[12]$/.test(doc.fact?.id ?? '') ? 1 : 0,
      uncoveredCount: Math.min(content.length - coveredContent, 3) / 3,
      missingKnown,
      focusMissing,
      // Products of features that matter together more than apart.
      entityCoverage: entity * coverage,
      satisfiedCoverage: (specific && satisfied ? 1 : 0) * coverage,
      textEntity: (textScore.get(doc.id) ?? 0) * entity,
      derivedText: (doc.fact?.provenance === 'derived' ? 1 : 0) * (textScore.get(doc.id) ?? 0),
      curatedCoverage: (doc.type === 'fact' && doc.fact?.provenance !== 'derived' ? 1 : 0) * coverage,
      // A sentence that opens with the entity asked about says what it is or does; for "what is X?" that is the answer.
      startsWithFocus: opens ? 1 : 0,
      definesFocus: definesIt && entity > 0 && (opens || definesIt(doc.text)) ? 1 : 0,
      unknownCount: Math.min(concepts.length - known.length, 3) / 3,
      surfaceCoverage: surfaceWords.length ? surfaceWords.filter((w) => info.surface.has(w)).length / surfaceWords.length : 0,
    };
    const articleAbout = focus[0] !== undefined && (engine.sourceEntities.get(doc.source.id)?.has(focus[0]) ?? false);
    features.articleAbout = articleAbout ? 1 : 0;
    const excluded =
      // In an article about the entity, a sentence need not name it; a fact about another entity is that entity's.
      hardConstraint(analysis, focus, entity > 0 || (articleAbout && !factOfOther(engine, doc, focus) && !namesAnotherInTitle(engine, doc, info, focus)) ? Math.max(entity, 0.01) : 0, satisfied) ??
      (askedNow && future ? 'asks about now; the fact is about plans' : undefined) ??
      // "Does HKSTP plan a branch in Singapore?": a sentence about HKSTP elsewhere does not answer it.
      (missesPlace ? 'not about the place asked about' : undefined) ??
      postConstraint(engine, analysis, focus, doc, holder) ??
      kindConstraint(engine, analysis, focus, info.mentioned) ??
      measureConstraint(measures, info) ??
      ordinalConstraint(ordinals, doc) ??
      publisherConstraint(analysis, doc);
    scored.push({ doc, score: 0, rankScore: 0, features, coverage, covered, entity, satisfied, involves, coveredEntities, holder, coveredContent, excluded });
  }
  markRecency(scored, focus, pastAsk, nowAsk);
  sameSentence(scored);
  if (intent === 'where' && focus[0]) preferLocating(scored, engine.matcher.aliasKeys(focus[0]));
  for (const s of scored) s.rankScore = s.excluded ? -Infinity : rankScore(model, s.features);
  scored.sort((a, b) => b.rankScore - a.rankScore || a.doc.id - b.doc.id);
  const top = scored[0]?.rankScore ?? 0;
  const second = scored[1]?.rankScore ?? top - 5;
  scored.forEach((s, i) => {
    s.score = s.excluded ? 0 : probability(model, s.features, { rankScore: s.rankScore, top: i === 0, margin: i === 0 ? Math.min(top - second, 5) : Math.max(s.rankScore - top, -5) });
  });
  // Of the ranker's first few, the one the acceptor is surest of answers.
  const head = scored.slice(0, CONTENDERS);
  const surest = head.reduce((a, b) => (b.score > a.score ? b : a), head[0]!);
  if (surest && surest !== scored[0] && !surest.excluded) {
    scored.splice(scored.indexOf(surest), 1);
    scored.unshift(surest);
  }
  if (definesIt && intent === 'what' && content.length === 0) preferDefining(scored, definesIt, CONTENDERS, model.threshold);
  // Newer news wins over whichever of the same kind was chosen.
  if (!pastAsk) preferNewer(scored);
  return scored;
}

/** A sentence that a candidate fact quotes is the same evidence, and the fact says it better: only the fact competes. */
function sameSentence(scored: Scored[]): void {
  const quoted = new Map<string, Set<string>>();
  for (const s of scored) {
    if (s.doc.type !== 'fact' || s.excluded || !s.satisfied) continue;
    const quotes = quoted.get(s.doc.source.id) ?? new Set<string>();
    quotes.add(s.doc.quote);
    quoted.set(s.doc.source.id, quotes);
  }
  for (const s of scored) if (s.doc.type === 'passage' && !s.excluded && quoted.get(s.doc.source.id)?.has(s.doc.quote)) s.excluded = 'a fact quotes the same sentence';
}

/** The features of a candidate ruled out before scoring (never read: it is excluded). */
const NO_FEATURES = Object.freeze(Object.fromEntries(FEATURES.map((f) => [f, 0]))) as Features;

/** Candidates scored in full at most: an entity named in many articles brings hundreds of facts. */
const MAX_SCORED = 60;

/**
 * Keep the work per question bounded: when there are more candidates than can be scored quickly, keep those that
 * share most of the question's words (and the entity's own facts first among equals).
 */
function budget(engine: Engine, analysis: Analysis, focus: string[], docs: Map<number, Doc>, textScore: Map<number, number>): Doc[] {
  if (docs.size <= MAX_SCORED) return [...docs.values()];
  const terms = analysis.concepts.flatMap((c) => c.terms.slice(0, 3));
  const quick = (doc: Doc) => {
    const info = infoOf(engine, doc);
    let shared = 0;
    for (const t of terms) if (info.terms.has(t)) shared++;
    // The first entity asked about, and the articles about it, first among equals ("what did X do before joining Y?"
    // must not lose X's own article to the many facts about Y).
    const first = focus[0] ? (doc.fact?.subject === focus[0] || doc.entityIds.includes(focus[0]) ? 0.5 : 0) + (engine.sourceEntities.get(doc.source.id)?.has(focus[0]) ? 0.5 : 0) : 0;
    return shared + (textScore.get(doc.id) ?? 0) + first;
  };
  return [...docs.values()]
    .map((doc) => ({ doc, q: quick(doc) }))
    .sort((a, b) => b.q - a.q || a.doc.id - b.doc.id)
    .slice(0, MAX_SCORED)
    .map((x) => x.doc);
}

/** Does the set hold any of the terms? (A loop, not a closure: this runs for every concept of every candidate.) */
function hasAny(set: ReadonlySet<string>, terms: readonly string[]): boolean {
  for (const t of terms) if (set.has(t)) return true;
  return false;
}
