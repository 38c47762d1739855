// The built state every query reads: knowledge, entity matcher, search index and per-entity lookups.
import { createEntityMatcher, lowerCaseWords, type EntityMatcher } from './entities.js';
import { emptyDocMaps, extendDocMaps, publisherInitials, type DocMaps } from './engine-maps.js';
import type { Entity, KnowledgeBase } from './knowledge/schema.js';
import { addToIndex, buildDocs, buildDocsAsync, buildSearchIndex, loadSearchIndex, loadSearchIndexAsync, parseSerializedIndex, type Doc, type SearchIndex, type SerializedIndex } from './search-index.js';
import { createSpeller, type Speller } from './spelling.js';
import { hasCjk, normalise, termsOf, words } from './text/tokenize.js';
import type { Citation, EntityRef } from './types.js';
import { chatLexiconSchema, createChatRewriter, type ChatRewriter } from './text/chat.js';
import { loadLexiconFile, readerLexicon, wordnetLexicon } from './knowledge/lexicon.js';
import { chineseLexiconSchema, createCantoneseReader } from './text/chinese.js';

function chineseReading(dir: string): { cantonese: (text: string) => string; particles: Set<string> } {
  const lexicon = loadLexiconFile(dir, 'chinese', chineseLexiconSchema);
  // Particles are written in Simplified characters in the word list, so they need no folding here.
  return { cantonese: createCantoneseReader(lexicon), particles: new Set(lexicon.particles) };
}

export interface Engine extends DocMaps {
  kb: KnowledgeBase;
  matcher: EntityMatcher;
  index: SearchIndex;
  /** Words the articles write in lower case (kept so that adding an article does not rescan the others). */
  lowerWords: Set<string>;
  /** Synonym groups: an index term → the groups (processed terms) it belongs to. */
  synonyms: Map<string, string[][]>;
  /** Glossary phrases of several English words ("take over"), by their words, with their group's search terms. */
  phrases: Map<string, string[]>;
  /** Chinese glossary words and the processed terms of their groups. */
  cjkGlossary: Array<[string, string[]]>;
  /** Corrects misspelt ordinary words to corpus words. */
  speller: Speller;
  /** Rewrites chat forms ("wat", "rn", "hk") to plain words before a question is read. */
  chat: ChatRewriter;
  /** WordNet: each common English word → the other words of its synonym sets (built on first use). */
  readonly wordnet: Map<string, string[]>;
  /** Words that make a name an organisation's ("university", "council", "bank"): a capitalised run with one is a name. */
  orgWords: Set<string>;
  /** Nouns for people, which "how many people" counts. */
  personNouns: string[];
  /** Publishers' initials ("scmp"): names a question may use for where an article appeared. */
  publishers: Set<string>;
  /** "which bank…": the kinds of organisation a question can ask for, and the words that show an entity is one. */
  kindNouns: Map<string, string[]>;
  /** Measures a money figure can be of (revenue, budget, rent…), each as the padded words that name it. */
  measures: string[][];
  /** Reads Cantonese as standard written Chinese (on text folded to Simplified). */
  cantonese: (text: string) => string;
  /** Chinese particles that carry no content. */
  particles: Set<string>;
  maxAnswerLength: number;
  maxCitations: number;
}

export function buildEngine(kb: KnowledgeBase, options: { maxAnswerLength: number; maxCitations: number; serializedIndex?: string | SerializedIndex; glossary?: GlossaryMaps; lowerWords?: Set<string> }): Engine {
  // The matcher needs the corpus vocabulary, and passages need the matcher: the vocabulary comes first.
  const saved = options.serializedIndex ? parseSerializedIndex(options.serializedIndex) : undefined;
  const vocabulary = saved ? new Set(saved.vocabulary) : vocabularyOf(kb.sources, kb.facts);
  if (!saved) for (const entry of kb.glossary) for (const term of entry.terms) for (const w of words(term)) vocabulary.add(w);
  const lowerWords = options.lowerWords ?? lowerCaseWords(kb.sources);
  const matcher = createEntityMatcher(kb, vocabulary, lowerWords);
  let index: SearchIndex;
  if (saved) index = loadSearchIndex(saved, buildDocs(kb, undefined));
  else {
    index = buildSearchIndex(kb, buildDocs(kb, matcher));
    for (const w of vocabulary) index.vocabulary.add(w);
  }
  return finishEngine(kb, { matcher, index, lowerWords }, options);
}

const pause = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * buildEngine from a serialized index (built elsewhere, e.g. in a worker thread), in steps with pauses between
 * them, so that questions asked meanwhile are answered by the engine in use.
 */
export async function buildEngineAsync(kb: KnowledgeBase, options: { maxAnswerLength: number; maxCitations: number; serializedIndex: string }): Promise<Engine> {
  const { serializedIndex, ...rest } = options;
  const saved = parseSerializedIndex(serializedIndex);
  await pause();
  const vocabulary = new Set(saved.vocabulary);
  const lowerWords = new Set<string>();
  for (const source of kb.sources) {
    lowerCaseWords([source], lowerWords);
    await pause();
  }
  const matcher = createEntityMatcher(kb, vocabulary, lowerWords);
  await pause();
  const docs = await buildDocsAsync(kb, pause);
  await pause();
  const index = await loadSearchIndexAsync(saved, docs);
  await pause();
  return finishEngine(kb, { matcher, index, lowerWords }, rest);
}

function finishEngine(kb: KnowledgeBase, built: { matcher: EntityMatcher; index: SearchIndex; lowerWords: Set<string> }, options: { maxAnswerLength: number; maxCitations: number; glossary?: GlossaryMaps }): Engine {
  const { matcher, index, lowerWords } = built;
  const maps = extendDocMaps(emptyDocMaps(), kb, matcher, index.docs, kb.sources);
  const { synonyms, phrases, cjkGlossary } = options.glossary ?? glossaryMaps(kb);
  const speller = createSpeller(index.vocabulary, (w) => index.df.get(termsOf(w)[0] ?? w) ?? 0);
  return {
    kb,
    matcher,
    index,
    lowerWords,
    ...maps,
    synonyms,
    phrases,
    cjkGlossary,
    speller,
    chat: createChatRewriter(loadLexiconFile(kb.dir, 'chat', chatLexiconSchema)),
    ...chineseReading(kb.dir),
    kindNouns: new Map(Object.entries(readerLexicon(kb.dir).kind_nouns)),
    measures: readerLexicon(kb.dir).measures.map((group) => group.map((w) => ` ${w.toLowerCase()} `)),
    publishers: new Set(kb.sources.flatMap((s) => publisherInitials(s.publisher))),
    get wordnet() {
      return wordnetSynonyms();
    },
    orgWords: organisationWords(kb.dir),
    personNouns: readerLexicon(kb.dir).person_nouns,
    maxAnswerLength: options.maxAnswerLength,
    maxCitations: options.maxCitations,
  };
}

/**
 * The engine with new articles added: `kb` is the knowledge base after the addition (its new sources and facts at
 * the end); only the new documents are indexed, so the work grows with the article, not with the corpus.
 */
export function extendEngine(engine: Engine, kb: KnowledgeBase, newSourceIds: ReadonlySet<string>): Engine {
  const sources = kb.sources.filter((s) => newSourceIds.has(s.id));
  const facts = kb.facts.filter((f) => newSourceIds.has(f.source));
  const vocabulary = engine.index.vocabulary;
  for (const w of vocabularyOf(sources, facts)) vocabulary.add(w);
  lowerCaseWords(sources, engine.lowerWords);
  const matcher = createEntityMatcher(kb, vocabulary, engine.lowerWords);
  const docs = buildDocs({ ...kb, sources, facts }, matcher, engine.index.docs.length);
  addToIndex(engine.index, kb, docs);
  const maps = extendDocMaps(engine, kb, matcher, docs, sources);
  const speller = createSpeller(engine.index.vocabulary, (w) => engine.index.df.get(termsOf(w)[0] ?? w) ?? 0);
  return { ...engine, ...maps, kb, matcher, speller, publishers: new Set([...engine.publishers, ...sources.flatMap((s) => publisherInitials(s.publisher))]) };
}

function organisationWords(dir: string): Set<string> {
  const lex = readerLexicon(dir);
  return new Set([...lex.organisation_words, ...lex.government_words, ...lex.company_words.filter((w) => !['china', 'asia', 'global', 'international', 'tech', 'technology', 'ai'].includes(w))]);
}

let synonymsOfWordnet: Map<string, string[]> | undefined;

/** WordNet's synonym sets as a lookup from each word to the others (built once per process). */
function wordnetSynonyms(): Map<string, string[]> {
  if (!synonymsOfWordnet) {
    synonymsOfWordnet = new Map();
    for (const set of wordnetLexicon().synsets) {
      for (const word of set) synonymsOfWordnet.set(word, [...new Set([...(synonymsOfWordnet.get(word) ?? []), ...set.filter((w) => w !== word)])]);
    }
  }
  return synonymsOfWordnet;
}

function vocabularyOf(sources: KnowledgeBase['sources'], facts: KnowledgeBase['facts']): Set<string> {
  const vocabulary = new Set<string>();
  for (const source of sources) for (const w of words(source.body)) vocabulary.add(w);
  for (const fact of facts) for (const w of words(`${fact.statement} ${fact.quote} ${fact.keywords.join(' ')}`)) vocabulary.add(w);
  return vocabulary;
}

export interface GlossaryMaps {
  synonyms: Map<string, string[][]>;
  phrases: Map<string, string[]>;
  cjkGlossary: Array<[string, string[]]>;
}

/** The glossary as the ranker reads it: search terms to their groups, phrases, Chinese terms (a snapshot keeps them). */
function glossaryMaps(kb: Pick<KnowledgeBase, 'glossary'>): GlossaryMaps {
  const synonyms = new Map<string, string[][]>();
  const phrases = new Map<string, string[]>();
  const cjkGlossary: Array<[string, string[]]> = [];
  for (const entry of kb.glossary) {
    // A hyphenated synonym stands for itself ("start-ups" → startup), not for its parts ("start", "ups").
    const group = [...new Set(entry.terms.filter((t) => !hasCjk(t)).flatMap((t) => words(t).map((w) => termsOf(w)[0]).filter((x): x is string => Boolean(x))))];
    for (const term of entry.terms) {
      if (hasCjk(term)) {
        cjkGlossary.push([normalise(term), group]);
        continue;
      }
      const raw = words(term);
      const phrase = raw.flatMap(termsOf);
      // A phrase of a question ("take over") is read whole; a term of one search word also stands for the group.
      if (raw.length > 1 && !phrases.has(raw.join(' '))) phrases.set(raw.join(' '), group);
      if (phrase.length !== 1) continue;
      const t = phrase[0]!;
      if (!synonyms.has(t)) synonyms.set(t, []);
      synonyms.get(t)!.push(group);
    }
  }
  cjkGlossary.sort((a, b) => b[0].length - a[0].length);
  return { synonyms, phrases, cjkGlossary };
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
