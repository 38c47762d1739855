// The article reader: every source read the same way, readings reused from a cache, knowledge derived on top of the curated layer.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readerLexicon } from '../knowledge/lexicon.js';
import type { KnowledgeBase, Source } from '../knowledge/schema.js';
import { deriveKnowledge } from './derive.js';
import { lexiconSets } from './lexicon-sets.js';
import { readArticle, readingHash, READER_VERSION } from './read-article.js';
import type { Reading } from './types.js';

export type { Reading } from './types.js';
export { readArticle, READER_VERSION } from './read-article.js';
export { nlpLoaded, warmUpNlp } from './nlp.js';

const memo = new Map<string, Reading>();
const MEMO_LIMIT = 5_000;

/** The article date the reader may resolve "today" and "on Monday" against (not a date the bot made up at ingest). */
export function articleDate(source: Source): string | undefined {
  return source.date_note && /\bingested\b/i.test(source.date_note) ? undefined : source.date;
}

/** Read a source, or reuse its reading from memory or from `cacheDir` when the article has not changed. */
export function readSource(source: Source, options: { knowledgeDir?: string; cacheDir?: string } = {}): Reading {
  const date = articleDate(source);
  const input = { title: source.title, body: source.body, ...(date ? { date } : {}) };
  const hash = readingHash(input);
  const cached = memo.get(hash);
  if (cached) return cached;
  const file = options.cacheDir ? join(options.cacheDir, `${source.id}.json`) : undefined;
  if (file && existsSync(file)) {
    try {
      const stored = JSON.parse(readFileSync(file, 'utf8')) as Reading;
      if (stored.hash === hash && stored.version === READER_VERSION) return remember(hash, stored);
    } catch {
      // A damaged cache entry is read again below.
    }
  }
  const reading = readArticle(input, lexiconSets(readerLexicon(options.knowledgeDir)));
  if (file) {
    try {
      mkdirSync(options.cacheDir!, { recursive: true });
      writeFileSync(`${file}.tmp`, JSON.stringify(reading));
      renameSync(`${file}.tmp`, file);
    } catch {
      // The cache only saves time; a read-only or full disk costs a re-read next start, and leaves no partial file.
      try {
        rmSync(`${file}.tmp`, { force: true });
      } catch {
        // nothing more can be done on this disk
      }
    }
  }
  return remember(hash, reading);
}

function remember(hash: string, reading: Reading): Reading {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(hash, reading);
  return reading;
}

/**
 * The knowledge base with what the reader derives from every article added: new entities, aliases and roles of
 * known ones, and a fact per sentence and per post. Curated records stay as they are and come first.
 */
export function withDerivedKnowledge(curated: KnowledgeBase, options: { cacheDir?: string } = {}): KnowledgeBase {
  const readings = new Map<string, Reading>();
  for (const source of curated.sources) readings.set(source.id, readSource(source, { knowledgeDir: curated.dir, ...options }));
  const lex = lexiconSets(readerLexicon(curated.dir));
  const derived = deriveKnowledge({ sources: curated.sources, entities: curated.entities.map(cloneEntity), readings, lex });
  const entities = curated.entities.map((entity) => {
    const aliases = derived.aliases.get(entity.id);
    const relations = derived.relations.get(entity.id);
    if (!aliases && !relations) return entity;
    return { ...entity, aliases: [...entity.aliases, ...(aliases ?? [])], relations: [...entity.relations, ...(relations ?? [])] };
  });
  // A sentence a person already made a fact of is said better by that fact: the derived one would only compete with it.
  const quoted = new Map<string, string[]>();
  for (const fact of curated.facts) quoted.set(fact.source, [...(quoted.get(fact.source) ?? []), flat(fact.quote)]);
  const facts = derived.facts.filter((fact) => {
    if (fact.kind === 'role' && fact.statement !== fact.quote) return true;
    const sentence = flat(fact.quote);
    return !(quoted.get(fact.source) ?? []).some((q) => q.length > 20 && (sentence.includes(q) || q.includes(sentence)));
  });
  return { ...curated, entities: [...entities, ...derived.entities], facts: [...curated.facts, ...facts] };
}

/** The knowledge base with new sources added and what the reader derives from them (the others are not read again). */
export function withNewSources(kb: KnowledgeBase, sources: Source[], options: { cacheDir?: string } = {}): KnowledgeBase {
  const readings = new Map<string, Reading>();
  for (const source of sources) readings.set(source.id, readSource(source, { knowledgeDir: kb.dir, ...options }));
  const lex = lexiconSets(readerLexicon(kb.dir));
  const derived = deriveKnowledge({ sources, entities: kb.entities.map(cloneEntity), readings, lex });
  const entities = kb.entities.map((entity) => {
    const aliases = derived.aliases.get(entity.id);
    const relations = derived.relations.get(entity.id);
    if (!aliases && !relations) return entity;
    return { ...entity, aliases: [...entity.aliases, ...(aliases ?? [])], relations: [...entity.relations, ...(relations ?? [])] };
  });
  return { ...kb, sources: [...kb.sources, ...sources], entities: [...entities, ...derived.entities], facts: [...kb.facts, ...derived.facts] };
}

function cloneEntity<T extends { aliases: string[]; relations: unknown[] }>(entity: T): T {
  return { ...entity, aliases: [...entity.aliases], relations: [...entity.relations] };
}

function flat(text: string): string {
  return text.replace(/[\u2018\u2019]/g, "'").replace(/[\u201C\u201D]/g, '"').replace(/\s+/g, ' ').trim();
}
