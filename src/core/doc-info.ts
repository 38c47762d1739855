// What ranking needs to know of a document beyond its words, computed once per document and cached.
import type { Engine } from './engine.js';
import { mentionText, sentencesOf, type Doc } from './search-index.js';
import { packed } from './packed.js';
import { terms as termsOfText, words } from './text/tokenize.js';

export interface DocInfo {
  terms: Set<string>;
  /** The document's words joined by single spaces, padded, for finding names inside longer names. */
  padded: string;
  /** The words of the text the user reads (the statement), as written in lower case. */
  surface: Set<string>;
  /** Every entity the document is about or names. */
  mentioned: Set<string>;
  hasPerson: boolean;
  organisations: string[];
  places: string[];
  /** Places its entities are in or part of ("the HK-Shenzhen-Guangzhou cluster" is in the Greater Bay Area). */
  within: Set<string>;
}

/** Words a fact's kind stands for: "what role does Y hold?" is answered by a role fact. */
const KIND_WORDS: Record<string, string[]> = {
  role: ['role', 'title', 'position', 'post'],
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

const factInfo = new WeakMap<Doc, DocInfo>();
const passageInfo = new Map<Doc, DocInfo>();
const PASSAGE_CACHE_LIMIT = 20_000;

/** A document's terms (words, phrases, "@entity" marks, sectors, kind words) and entity traits, cached. */
export function infoOf(engine: Engine, doc: Doc): DocInfo {
  const cached = doc.type === 'passage' ? passageInfo.get(doc) : factInfo.get(doc);
  if (cached) return cached;
  const entities = doc.entityIds.map((id) => engine.matcher.get(id)).filter((e) => e !== undefined);
  // Entity names are matched as entities, not as words: "Management Company Limited" says nothing about companies.
  const sectors = entities.flatMap((e) => e.sectors);
  const extraWords = [...sectors, ...(sectors.length ? ['sector', 'industry'] : []), ...(doc.fact ? (KIND_WORDS[doc.fact.kind] ?? []) : [])];
  const text = mentionText(doc);
  const sequence = termsOfText(text);
  const terms = new Set([...sequence, ...termsOfText(extraWords.join(' '))]);
  // "Collectively, they are bringing in over HK$60 billion": what "they" are is in the sentence before.
  const context = contextOf(doc);
  if (context) for (const t of termsOfText(context)) terms.add(t);
  // Adjacent pairs, for phrases; "@id" for every entity the document names or is about.
  for (let i = 1; i < sequence.length; i++) terms.add(`${sequence[i - 1]} ${sequence[i]}`);
  for (const id of doc.entityIds) terms.add(`@${id}`);
  const mentionedPlaces: string[] = [];
  for (const id of doc.mentions ?? engine.matcher.find(text, { exactOnly: true }).map((m) => m.id)) {
    terms.add(`@${id}`);
    const type = engine.matcher.get(id)?.type;
    if (type && PLACE_TYPES.has(type)) mentionedPlaces.push(id);
  }
  const info: DocInfo = {
    terms,
    padded: ` ${words(text).join(' ')} `,
    surface: new Set(doc.text.toLowerCase().match(/[a-z][a-z-]*/g) ?? []),
    mentioned: new Set([...terms].filter((t) => t.startsWith('@')).map((t) => t.slice(1))),
    hasPerson: entities.some((e) => e.type === 'person'),
    organisations: packed(entities.filter((e) => ORGANISATION_TYPES.has(e.type)).map((e) => e.id)),
    places: packed([...new Set([...entities.filter((e) => PLACE_TYPES.has(e.type)).map((e) => e.id), ...mentionedPlaces])]),
    within: new Set(entities.flatMap((e) => [...(engine.within.get(e.id) ?? [])])),
  };
  if (doc.type !== 'passage') factInfo.set(doc, info);
  else {
    if (passageInfo.size >= PASSAGE_CACHE_LIMIT) passageInfo.clear();
    passageInfo.set(doc, info);
  }
  return info;
}

/** A sentence that opens by referring back ("They…", "Its…", "Collectively, they…", "The company…") or speaks of "these startups". */
const REFERS_BACK = /^(?:[\w'-]+(?: [\w'-]+){0,2},\s+)?(he|she|it|they|its|their|his|her|this|these|those|the company|the firm|the group|(?:most|many|some|all|several|none|each|both|half|one|two|three|a few|few|the majority|the rest) of (?:them|these|those|their))\b|\b(these|those) [a-z-]+s\b|^the (two|three|four|five|six|seven|eight|nine|ten|\d+) [a-z-]+s\b/i;
const previousSentences = new WeakMap<Doc['source'], Map<string, string>>();

/** The sentence before a document's sentence, when its sentence opens by referring back to it. */
function contextOf(doc: Doc): string | undefined {
  const quote = doc.quote.replace(/\s+/g, ' ').trim();
  if (doc.type === 'unreliable' || !REFERS_BACK.test(quote)) return undefined;
  let previous = previousSentences.get(doc.source);
  if (!previous) {
    previous = new Map();
    const sentences = sentencesOf(doc.source.body).map((s) => s.replace(/\s+/g, ' ').trim());
    for (let i = 1; i < sentences.length; i++) previous.set(sentences[i]!, sentences[i - 1]!);
    previousSentences.set(doc.source, previous);
  }
  return previous.get(quote);
}

const articleTermCache = new WeakMap<Doc[], { size: number; terms: Set<string> }>();

/**
 * Every term an article's sentences and facts use: a question's qualifier ("as of the fifth batch") is often said
 * in another sentence of the article that answers it, and a word no sentence of the article uses asks about something else.
 */
export function articleTerms(engine: Engine, sourceId: string): Set<string> {
  const docs = engine.docsBySource.get(sourceId);
  if (!docs) return engine.titleTerms.get(sourceId) ?? new Set();
  const cached = articleTermCache.get(docs);
  if (cached && cached.size === docs.length) return cached.terms;
  const terms = new Set(engine.titleTerms.get(sourceId) ?? []);
  for (const doc of docs) for (const t of termsOfText(doc.text)) terms.add(t);
  articleTermCache.set(docs, { size: docs.length, terms });
  return terms;
}

const LEAD_SENTENCES = 3;
const leadCache = new WeakMap<Doc['source'], string[]>();

/** An article's opening sentences: what the whole article is about ("the third round"), which its later sentences take as said. */
export function leadSentences(source: Doc['source']): string[] {
  let lead = leadCache.get(source);
  if (!lead) {
    lead = sentencesOf(source.body).slice(0, LEAD_SENTENCES);
    leadCache.set(source, lead);
  }
  return lead;
}

const leadTermCache = new WeakMap<Doc['source'], Set<string>>();

/** The terms of an article's title and opening sentences. */
export function leadTerms(engine: Engine, doc: Doc): Set<string> {
  let terms = leadTermCache.get(doc.source);
  if (!terms) {
    terms = new Set(engine.titleTerms.get(doc.source.id) ?? []);
    for (const sentence of leadSentences(doc.source)) for (const t of termsOfText(sentence)) terms.add(t);
    leadTermCache.set(doc.source, terms);
  }
  return terms;
}
