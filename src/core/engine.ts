// The built state every query reads: knowledge, entity matcher, search index and per-entity lookups.
import { createEntityMatcher, type EntityMatcher } from './entities.js';
import type { Entity, KnowledgeBase } from './knowledge/schema.js';
import { buildDocs, buildSearchIndex, loadSearchIndex, parseSerializedIndex, type Doc, type SearchIndex } from './search-index.js';
import { createSpeller, type Speller } from './spelling.js';
import { hasCjk, normalise, termsOf, words } from './text/tokenize.js';
import type { Citation, EntityRef } from './types.js';
import { chatLexiconSchema, createChatRewriter, type ChatRewriter } from './text/chat.js';
import { loadLexiconFile } from './knowledge/lexicon.js';
import { chineseLexiconSchema, createCantoneseReader, foldChinese } from './text/chinese.js';

function chineseReading(dir: string): { cantonese: (text: string) => string; particles: Set<string> } {
  const lexicon = loadLexiconFile(dir, 'chinese', chineseLexiconSchema);
  return { cantonese: createCantoneseReader(lexicon), particles: new Set(lexicon.particles.map(foldChinese)) };
}

export interface Engine {
  kb: KnowledgeBase;
  matcher: EntityMatcher;
  index: SearchIndex;
  /** Fact and unreliable docs of each entity (as subject or involved). */
  docsByEntity: Map<string, Doc[]>;
  /** Facts per entity, for ranking "the entities we know most about". */
  factCount: Map<string, number>;
  /** Entities so common in the corpus (Hong Kong) that naming them says little. */
  background: Set<string>;
  /** Synonym groups: an index term → the groups (processed terms) it belongs to. */
  synonyms: Map<string, string[][]>;
  /** Chinese glossary words and the processed terms of their groups. */
  cjkGlossary: Array<[string, string[]]>;
  /** Corrects misspelt ordinary words to corpus words. */
  speller: Speller;
  /** Places an entity is in or part of, following located_in and part_of relations. */
  within: Map<string, Set<string>>;
  /** People who hold a role at an organisation (from the entities' role relations). */
  roleHolders: Map<string, Set<string>>;
  /** Entities that run or contain an entity, or that it runs (Science Park ↔ HKSTP): their facts are near answers. */
  neighbours: Map<string, Set<string>>;
  /** Rewrites chat forms ("wat", "rn", "hk") to plain words before a question is read. */
  chat: ChatRewriter;
  /** Reads Cantonese as standard written Chinese (on text folded to Simplified). */
  cantonese: (text: string) => string;
  /** Chinese particles that carry no content. */
  particles: Set<string>;
  /** Every document of each source, for questions about what an article as a whole is about. */
  docsBySource: Map<string, Doc[]>;
  /** The entities each source is mainly about (named in its title, or the subject of several of its sentences). */
  sourceEntities: Map<string, Set<string>>;
  /** The terms of each source's title and publisher: a question that names them points at that article. */
  titleTerms: Map<string, Set<string>>;
  maxAnswerLength: number;
  maxCitations: number;
}

export function buildEngine(kb: KnowledgeBase, options: { maxAnswerLength: number; maxCitations: number; serializedIndex?: string }): Engine {
  // The matcher needs the corpus vocabulary, and passages need the matcher: the vocabulary comes first.
  const saved = options.serializedIndex ? parseSerializedIndex(options.serializedIndex) : undefined;
  let vocabulary: Set<string>;
  if (saved) vocabulary = new Set(saved.vocabulary);
  else {
    vocabulary = new Set<string>();
    for (const source of kb.sources) for (const w of words(source.body)) vocabulary.add(w);
    for (const fact of kb.facts) for (const w of words(`${fact.statement} ${fact.quote} ${fact.keywords.join(' ')}`)) vocabulary.add(w);
    for (const entry of kb.glossary) for (const term of entry.terms) for (const w of words(term)) vocabulary.add(w);
  }
  const matcher = createEntityMatcher(kb, vocabulary);
  let index: SearchIndex;
  if (saved) index = loadSearchIndex(saved, buildDocs(kb, undefined));
  else {
    index = buildSearchIndex(kb, buildDocs(kb, matcher));
    for (const w of vocabulary) index.vocabulary.add(w);
  }
  const { docs } = index;

  const docsByEntity = new Map<string, Doc[]>();
  const factCount = new Map<string, number>();
  for (const doc of docs) {
    if (doc.type === 'passage') continue;
    for (const id of doc.entityIds) {
      if (!docsByEntity.has(id)) docsByEntity.set(id, []);
      docsByEntity.get(id)!.push(doc);
      if (doc.type === 'fact') factCount.set(id, (factCount.get(id) ?? 0) + 1);
    }
  }
  const background = new Set(kb.entities.filter((e) => e.type === 'place' && (factCount.get(e.id) ?? 0) >= 5).map((e) => e.id));

  const synonyms = new Map<string, string[][]>();
  const cjkGlossary: Array<[string, string[]]> = [];
  for (const entry of kb.glossary) {
    // A hyphenated synonym stands for itself ("start-ups" → startup), not for its parts ("start", "ups").
    const group = [...new Set(entry.terms.filter((t) => !hasCjk(t)).flatMap((t) => words(t).map((w) => termsOf(w)[0]).filter((x): x is string => Boolean(x))))];
    for (const term of entry.terms) {
      if (hasCjk(term)) {
        cjkGlossary.push([normalise(term), group]);
        continue;
      }
      const phrase = words(term).flatMap(termsOf);
      // Only single-word terms stand for the group; phrases are matched by their words.
      if (phrase.length !== 1) continue;
      const t = phrase[0]!;
      if (!synonyms.has(t)) synonyms.set(t, []);
      synonyms.get(t)!.push(group);
    }
  }
  cjkGlossary.sort((a, b) => b[0].length - a[0].length);

  const speller = createSpeller(index.vocabulary, (w) => index.df.get(termsOf(w)[0] ?? w) ?? 0);
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    neighbours.get(a)!.add(b);
  };
  for (const entity of kb.entities) {
    for (const r of entity.relations) {
      if (!r.target || !['operated_by', 'part_of', 'parent'].includes(r.type) || background.has(r.target)) continue;
      link(entity.id, r.target);
      link(r.target, entity.id);
    }
  }
  const roleHolders = new Map<string, Set<string>>();
  for (const entity of kb.entities) {
    for (const r of entity.relations) {
      if (r.type !== 'role' || !r.target) continue;
      if (!roleHolders.has(r.target)) roleHolders.set(r.target, new Set());
      roleHolders.get(r.target)!.add(entity.id);
    }
  }
  const within = new Map<string, Set<string>>();
  // One step only, and not from the background places: everything in Hong Kong is not thereby "in the Greater Bay Area".
  for (const entity of kb.entities) {
    if (background.has(entity.id)) continue;
    const places = new Set<string>();
    for (const r of entity.relations) if ((r.type === 'located_in' || r.type === 'part_of') && r.target) places.add(r.target);
    if (places.size) within.set(entity.id, places);
  }
  const docsBySource = new Map<string, Doc[]>();
  const subjectCount = new Map<string, Map<string, number>>();
  for (const doc of docs) {
    const id = doc.source.id;
    if (!docsBySource.has(id)) docsBySource.set(id, []);
    docsBySource.get(id)!.push(doc);
    // The subject of a sentence counts twice, an entity it names once.
    if (!subjectCount.has(id)) subjectCount.set(id, new Map());
    const counts = subjectCount.get(id)!;
    for (const entity of doc.entityIds) if (!background.has(entity)) counts.set(entity, (counts.get(entity) ?? 0) + (entity === doc.fact?.subject ? 2 : 1));
  }
  const sourceEntities = new Map<string, Set<string>>();
  for (const source of kb.sources) {
    const main = new Set(matcher.find(source.title, { exactOnly: true }).map((m) => m.id).filter((id) => !background.has(id)));
    const counts = [...(subjectCount.get(source.id) ?? new Map<string, number>())].filter(([, n]) => n >= 3).sort((a, b) => b[1] - a[1]);
    for (const [id] of counts.slice(0, 3)) main.add(id);
    sourceEntities.set(source.id, main);
  }
  const titleTerms = new Map(kb.sources.map((s) => [s.id, new Set(words(`${s.title} ${s.publisher ?? ''}`).flatMap(termsOf))]));
  return { kb, matcher, index, docsByEntity, factCount, background, synonyms, cjkGlossary, speller, neighbours, roleHolders, within, titleTerms, docsBySource, sourceEntities, chat: createChatRewriter(loadLexiconFile(kb.dir, 'chat', chatLexiconSchema)), ...chineseReading(kb.dir), ...options };
}

export function citationOf(doc: Doc): Citation {
  const { source } = doc;
  return {
    source: source.id,
    title: source.title,
    quote: doc.quote,
    ...(source.url ? { url: source.url } : {}),
    ...(source.publisher ? { publisher: source.publisher } : {}),
    date: source.date,
  };
}

export function refOf(entity: Entity): EntityRef {
  return { id: entity.id, name: entity.name, type: entity.type };
}

/** Entities we know most about, for help texts and suggestions. */
export function bestKnown(engine: Engine, limit: number, types?: readonly string[]): Entity[] {
  return engine.kb.entities
    .filter((e) => !engine.background.has(e.id) && (!types || types.includes(e.type)))
    .sort((a, b) => (engine.factCount.get(b.id) ?? 0) - (engine.factCount.get(a.id) ?? 0))
    .slice(0, limit);
}
