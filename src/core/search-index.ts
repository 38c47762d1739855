// One MiniSearch index over facts, article sentences and unreliable passages, tokenised once by our own rules.
import MiniSearch, { type Options, type SearchResult as MiniResult } from 'minisearch';
import type { EntityMatcher } from './entities.js';
import type { Fact, KnowledgeBase, Source, UnreliablePassage } from './knowledge/schema.js';
import { sentencesOf } from './knowledge/text.js';
import { packed } from './packed.js';
import { terms as termsOfText, words } from './text/tokenize.js';

export { sentencesOf };

/** A searchable unit: a fact, one sentence of an article, or a passage whose figures are unreadable. */
export interface Doc {
  id: number;
  type: 'fact' | 'passage' | 'unreliable';
  source: Source;
  /** What the answer shows: the fact statement, the sentence, or the unreliable passage's topic. */
  text: string;
  /** Verbatim words of the source for the citation. */
  quote: string;
  entityIds: string[];
  /** Entities its words name exactly (worked out once when indexed; ranking reads them). */
  mentions?: string[];
  fact?: Fact;
  passage?: UnreliablePassage;
}

export interface SearchIndex {
  mini: MiniSearch<IndexedDoc>;
  docs: Doc[];
  /** Document frequency of each index term. */
  df: Map<string, number>;
  /** Every raw word of the corpus, for telling unknown words from known ones. */
  vocabulary: Set<string>;
}

interface IndexedDoc {
  id: number;
  text: string;
  names: string;
}

export const MINI_OPTIONS: Options<IndexedDoc> = {
  fields: ['text', 'names'],
  idField: 'id',
  tokenize: (text: string) => (text ? text.split(' ') : []),
  processTerm: (term: string) => term || null,
  searchOptions: { boost: { names: 1.5 } },
};

/** Build the documents (facts, sentences, unreliable passages) of a knowledge base. */
export function buildDocs(kb: KnowledgeBase, matcher: EntityMatcher | undefined, firstId = 0): Doc[] {
  const docs: Doc[] = [];
  for (const _ of docSteps(kb, matcher, firstId, docs)) {
    // built in one go
  }
  if (matcher) for (const doc of docs) doc.mentions = packed([...new Set(matcher.find(mentionText(doc), { exactOnly: true }).map((m) => m.id))]);
  return docs;
}

/** The text whose names count as a document's mentions: what the user reads, and the quote and keywords behind it. */
export function mentionText(doc: Doc): string {
  const extra = doc.fact ? `${doc.fact.quote === doc.fact.statement ? '' : doc.fact.quote} ${doc.fact.keywords.join(' ')}` : doc.passage ? `${doc.passage.text} ${doc.passage.reliable ?? ''}` : '';
  return `${doc.text} ${extra}`;
}

/** buildDocs (without mentions) with a pause every few hundred sentences, for a build beside questions. */
export async function buildDocsAsync(kb: KnowledgeBase, pause: () => Promise<void>): Promise<Doc[]> {
  const docs: Doc[] = [];
  for (const _ of docSteps(kb, undefined, 0, docs)) await pause();
  return docs;
}

/** Builds the documents into `docs`, yielding every few hundred sentences (a caller may pause there). */
function* docSteps(kb: KnowledgeBase, matcher: EntityMatcher | undefined, firstId: number, docs: Doc[]): Generator<void> {
  const next = () => firstId + docs.length;
  const sourceById = new Map(kb.sources.map((s) => [s.id, s]));
  const derivedQuotes = new Map<string, Set<string>>();
  for (const fact of kb.facts) {
    if (fact.provenance !== 'derived') continue;
    if (!derivedQuotes.has(fact.source)) derivedQuotes.set(fact.source, new Set());
    derivedQuotes.get(fact.source)!.add(fact.quote.replace(/\s+/g, ' '));
  }
  for (const fact of kb.facts) {
    const source = sourceById.get(fact.source);
    if (!source) continue;
    docs.push(makeDoc(next(), 'fact', source, fact.statement, fact.quote, [...new Set([fact.subject, ...fact.entities])], fact, undefined));
  }
  for (const source of kb.sources) {
    for (const passage of source.unreliable) {
      const named = matcher ? matcher.find(`${passage.topic}. ${passage.text}`, { exactOnly: true }).map((m) => m.id) : [];
      docs.push(makeDoc(next(), 'unreliable', source, passage.topic, passage.text, [...new Set([...passage.entities, ...named])], undefined, passage));
    }
    // Sentences with garbled figures are not passages: their unreliable record speaks for them; nor are sentences
    // the reader made a fact of (the fact carries the same words, and more about them).
    const garbled = source.unreliable.map((u) => u.text.replace(/\s+/g, ' '));
    const read = derivedQuotes.get(source.id);
    const readList = read ? [...read] : [];
    for (const sentence of sentencesOf(source.body)) {
      const flat = sentence.replace(/\s+/g, ' ');
      if (garbled.some((g) => flat.includes(g) || g.includes(flat))) continue;
      // Most sentences a fact was made of are its quote exactly: a set lookup, before the slower search for a part.
      if (read && (read.has(flat) || readList.some((q) => q.includes(flat) || flat.includes(q)))) continue;
      const entityIds = matcher ? [...new Set(matcher.find(sentence, { exactOnly: true }).map((m) => m.id))] : [];
      docs.push(makeDoc(next(), 'passage', source, sentence, sentence, entityIds, undefined, undefined));
      if (docs.length % 300 === 0) yield;
    }
  }
}

/**
 * A document with every field present, in one order, whatever its type: the ranking reads thousands of them per
 * second, and documents of one hidden class keep V8's optimised code (three shapes made it deoptimise).
 */
function makeDoc(id: number, type: Doc['type'], source: Source, text: string, quote: string, entityIds: string[], fact: Fact | undefined, passage: UnreliablePassage | undefined): Doc {
  return { id, type, source, text, quote, entityIds: packed(entityIds), mentions: undefined, fact, passage };
}


/** Words indexed for a document: its text, plus for facts the quote and keywords. */
function indexedText(doc: Doc): string {
  if (doc.type === 'fact' && doc.fact) return `${doc.fact.statement} ${doc.fact.quote} ${doc.fact.keywords.join(' ')}`;
  if (doc.type === 'unreliable' && doc.passage) return `${doc.passage.topic} ${doc.passage.text} ${doc.passage.reliable ?? ''}`;
  return doc.text;
}

/** Names of the document's entities (name and aliases), so that a name finds its facts. */
function namesText(doc: Doc, entityNames: Map<string, string>): string {
  return doc.entityIds.map((id) => entityNames.get(id) ?? '').join(' ');
}

/** Index the documents: one tokenising pass feeds MiniSearch, the document frequencies and the vocabulary. */
export function buildSearchIndex(kb: KnowledgeBase, docs: Doc[]): SearchIndex {
  const index: SearchIndex = { mini: new MiniSearch<IndexedDoc>(MINI_OPTIONS), docs: [], df: new Map(), vocabulary: new Set() };
  addToIndex(index, kb, docs);
  return index;
}

/** Add documents (ids continuing the index's) to the index, its frequencies and its vocabulary. */
export function addToIndex(index: SearchIndex, kb: KnowledgeBase, docs: Doc[]): void {
  const entityNames = new Map(kb.entities.map((e) => [e.id, [e.name, ...e.aliases].join(' ')]));
  const batch: IndexedDoc[] = [];
  for (const doc of docs) {
    const raw = indexedText(doc);
    for (const w of words(raw)) index.vocabulary.add(w);
    const textTerms = termsOfText(raw);
    const nameTerms = termsOfText(namesText(doc, entityNames));
    for (const t of new Set([...textTerms, ...nameTerms])) index.df.set(t, (index.df.get(t) ?? 0) + 1);
    batch.push({ id: doc.id, text: textTerms.join(' '), names: nameTerms.join(' ') });
    index.docs.push(doc);
  }
  index.mini.addAll(batch);
}

/** What `serializeIndex` writes: the MiniSearch index, frequencies, vocabulary and passage entities. */
export interface SerializedIndex {
  version: 1;
  mini: ReturnType<MiniSearch['toJSON']>;
  df: Array<[string, number]>;
  vocabulary: string[];
  entities: string[];
  mentions?: string[];
}

export function serializeIndex(index: SearchIndex): string {
  return JSON.stringify(indexState(index));
}

/** What serializeIndex writes, as an object (a snapshot holds it inside its own JSON). */
export function indexState(index: SearchIndex): SerializedIndex {
  return {
    version: 1,
    mini: index.mini.toJSON(),
    df: [...index.df],
    vocabulary: [...index.vocabulary],
    entities: index.docs.map((d) => d.entityIds.join(',')),
    mentions: index.docs.map((d) => (d.mentions ?? []).join(',')),
  };
}

/** The parts of a serialized index needed before documents are built (from its JSON, or the JSON already parsed). */
export function parseSerializedIndex(json: string | SerializedIndex): SerializedIndex {
  const state = typeof json === 'string' ? (JSON.parse(json) as SerializedIndex) : json;
  if (state.version !== 1 || !state.mini || !Array.isArray(state.df)) throw new Error('queryCore: serialized index has an unknown format; rebuild it');
  return state;
}

/** loadSearchIndex in batches with pauses between them (MiniSearch's own), leaving the thread free for questions. */
export async function loadSearchIndexAsync(state: SerializedIndex, docs: Doc[]): Promise<SearchIndex> {
  applySaved(state, docs);
  return { mini: await MiniSearch.loadJSAsync<IndexedDoc>(state.mini, MINI_OPTIONS), docs, df: new Map(state.df), vocabulary: new Set(state.vocabulary) };
}

/** Load a serialized index for documents built from the same knowledge base. */
export function loadSearchIndex(state: SerializedIndex, docs: Doc[]): SearchIndex {
  applySaved(state, docs);
  return { mini: MiniSearch.loadJS<IndexedDoc>(state.mini, MINI_OPTIONS), docs, df: new Map(state.df), vocabulary: new Set(state.vocabulary) };
}

/** The documents' entities and mentions as the serialized index recorded them. */
function applySaved(state: SerializedIndex, docs: Doc[]): void {
  if (state.entities.length !== docs.length) throw new Error('queryCore: serialized index does not match the knowledge base; rebuild it');
  docs.forEach((doc, i) => {
    if (doc.type === 'passage') doc.entityIds = packed(state.entities[i] ? state.entities[i]!.split(',') : []);
    const mentions = state.mentions?.[i];
    if (mentions !== undefined) doc.mentions = packed(mentions ? mentions.split(',') : []);
  });
}

/** Search the index with weighted terms (already processed). */
export function searchTerms(index: SearchIndex, weights: Map<string, number>, limit: number): MiniResult[] {
  // Only terms the index holds: the others cost a lookup and find nothing.
  const present = [...weights.keys()].filter((t) => index.df.has(t));
  if (present.length === 0) return [];
  const results = index.mini.search(present.join(' '), {
    tokenize: (text: string) => text.split(' '),
    processTerm: (term: string) => term,
    boostTerm: (term: string) => weights.get(term) ?? 1,
    combineWith: 'OR',
  });
  return results.length > limit ? results.slice(0, limit) : results;
}
