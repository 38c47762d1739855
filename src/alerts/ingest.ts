// Ingestion of one article: clean, store as a knowledge source, find its entities, record the announcement.
import { basename } from 'node:path';
import { createQueryCore, type EntityRef, type KnowledgeBase, type QueryCore } from '../core/index.js';
import type { AlertsStore, Duplicate } from '../storage/types.js';
import { contentHash, findDuplicate, recordAnnouncement, sectorsOf } from './announcements.js';
import { cleanArticle, detectFormat, type InputFormat } from './clean.js';
import type { Db } from './db.js';
import { IngestError, writeSource } from './knowledge-writer.js';
import type { AnnouncementInput, RecordResult } from './types.js';

export interface IngestOptions {
  knowledgeDir: string;
  /** The SQLite database (the CLI without DATABASE_URL); see ingestArticleInto for any store. */
  db: Db;
  /** File name the article came from (kept as the source's origin). */
  file: string;
  content: string;
  format?: InputFormat;
  title?: string;
  url?: string;
  date?: string;
  publisher?: string;
  /** Where the announcement came from (default ingest:<file name>). */
  origin?: string;
  guid?: string;
}

export interface IngestResult {
  sourceId: string;
  sourceFile: string;
  title: string;
  entities: EntityRef[];
  sectors: string[];
  /** Capitalised names the knowledge base does not know, most frequent first: candidates for a person to add. */
  unresolved: Array<{ name: string; count: number }>;
  record: RecordResult;
  knowledge: KnowledgeBase;
}

/** Every sector named by some entity of the knowledge base. */
export function knownSectors(kb: KnowledgeBase): Set<string> {
  return new Set(kb.entities.flatMap((e) => e.sectors));
}

/** The entities and sectors of an article, as an announcement records them. */
export function describeArticle(core: QueryCore, title: string, text: string): Pick<AnnouncementInput, 'entities' | 'sectors'> {
  const refs = core.entitiesIn(`${title}\n${text}`);
  const byId = new Map(core.knowledge.entities.map((e) => [e.id, e]));
  const companySectors = refs.flatMap((r) => (r.type === 'company' ? (byId.get(r.id)?.sectors ?? []) : []));
  return {
    entities: refs.map((r) => ({ id: r.id, name: r.name })),
    sectors: sectorsOf(`${title}\n${text}`, companySectors, knownSectors(core.knowledge)),
  };
}

const LEADING = new Set(['the', 'this', 'that', 'these', 'in', 'on', 'at', 'a', 'an', 'under', 'through', 'with', 'for', 'by', 'and', 'but', 'as', 'its', 'their', 'our', 'mr', 'ms', 'mrs', 'while', 'after', 'since', 'both']);
const JOINERS = new Set(['of', 'and', 'for', 'the', '&', 'de']);
const NOT_NAMES = /^(january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;

/** Capitalised multi-word phrases and acronyms that no entity name or alias covers. */
export function unresolvedNames(text: string, kb: KnowledgeBase, limit = 20): Array<{ name: string; count: number }> {
  // Entity names and aliases, and glossary words (AI, R&D, EV) are known.
  const known = new Set([...kb.entities.flatMap((e) => [e.name, ...e.aliases]), ...kb.glossary.flatMap((g) => g.terms)].map((a) => a.toLowerCase()));
  const counts = new Map<string, number>();
  const note = (name: string) => counts.set(name, (counts.get(name) ?? 0) + 1);
  // A single capitalised word counts too ("maker Zeekr said") unless it starts the sentence, where any word is capitalised.
  const qualifies = (run: string[], midSentence = false) => {
    const caps = run.filter((w) => /^\p{Lu}/u.test(w));
    const acronym = run.length === 1 && /^\p{Lu}[\p{Lu}\d&]{1,9}$/u.test(run[0]!);
    const single = run.length === 1 && midSentence && run[0]!.length >= 3;
    return (caps.length >= 2 || acronym || single) && !caps.every((w) => NOT_NAMES.test(w));
  };
  for (const sentence of text.split(/(?<=[.!?;:])\s+|\n+|[,()"“”]/)) {
    let run: string[] = [];
    let position = 0;
    let runStart = 0;
    const flush = () => {
      const midSentence = runStart > 0;
      while (run.length && JOINERS.has(run[run.length - 1]!.toLowerCase())) run.pop();
      while (run.length && LEADING.has(run[0]!.toLowerCase().replace(/['’]s$/, ''))) run.shift();
      const name = run.join(' ').replace(/['’]s$/, '').replace(/[.:;]+$/, '');
      run = [];
      if (!name || known.has(name.toLowerCase())) return;
      // "HKSTP and Cyberport": report only the parts no entity covers.
      const parts = name.split(/\s+(?:and|&)\s+/i);
      if (parts.length > 1 && parts.some((p) => known.has(p.toLowerCase()))) {
        for (const part of parts) if (!known.has(part.toLowerCase()) && qualifies(part.split(' '))) note(part);
      } else if (qualifies(name.split(' '), midSentence)) note(name);
    };
    for (const word of sentence.split(/\s+/).filter(Boolean)) {
      const clean = word.replace(/^[^\p{L}\d&]+|[^\p{L}\d&'’.]+$/gu, '');
      if (/^\p{Lu}/u.test(clean) || (run.length > 0 && JOINERS.has(clean.toLowerCase()))) {
        if (run.length === 0) runStart = position;
        run.push(clean);
      } else flush();
      position++;
    }
    flush();
  }
  return [...counts.entries()]
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, limit);
}

interface Prepared {
  cleaned: { text: string };
  title: string;
  origin: string;
  key: { guid?: string | undefined; link?: string | undefined; hash: string };
}

function prepare(options: Omit<IngestOptions, 'db'>): Prepared {
  const format = options.format ?? detectFormat(options.file, options.content);
  const cleaned = cleanArticle(options.content, format);
  const firstLine = cleaned.text.split('\n').find((l) => l.trim())?.trim();
  const title = (options.title ?? cleaned.title ?? firstLine ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
  if (!title) throw new IngestError('ingest: the article has no title; pass --title "…"');
  return { cleaned, title, origin: basename(options.file), key: { guid: options.guid, link: options.url, hash: contentHash(title, cleaned.text) } };
}

function refuseDuplicate(dup: Duplicate | undefined): void {
  if (dup) throw new IngestError(`ingest: this article is already recorded as announcement #${dup.id} (same ${dup.by}); nothing was written`);
}

/** Write the source (validated), find its entities: everything but the recording. */
function write(options: Omit<IngestOptions, 'db'>, { cleaned, title, origin }: Prepared) {
  const written = writeSource(options.knowledgeDir, {
    title,
    body: cleaned.text,
    origin,
    ...(options.date ? { date: options.date } : {}),
    ...(options.publisher ? { publisher: options.publisher } : {}),
    ...(options.url ? { url: options.url } : {}),
  });
  const knowledge = written.knowledge!;
  const core = createQueryCore({ knowledge });
  const { entities, sectors } = describeArticle(core, title, cleaned.text);
  const source = knowledge.sources.find((s) => s.id === written.id);
  const input: AnnouncementInput = {
    title,
    text: cleaned.text,
    origin: options.origin ?? `ingest:${origin}`,
    sourceId: written.id,
    entities,
    sectors,
    ...(options.url ? { link: options.url } : {}),
    ...(options.guid ? { guid: options.guid } : {}),
    ...(options.publisher ? { publisher: options.publisher } : {}),
    ...(source?.date ? { date: source.date } : {}),
  };
  const result = (record: RecordResult): IngestResult => ({
    sourceId: written.id,
    sourceFile: written.file,
    title,
    entities: core.entitiesIn(`${title}\n${cleaned.text}`),
    sectors,
    unresolved: unresolvedNames(cleaned.text, knowledge),
    record,
    knowledge,
  });
  return { input, result };
}

/** Clean an article, write it as a source (validated), find its entities and record the announcement with its fan-out. */
export function ingestArticle(options: IngestOptions): IngestResult {
  const prepared = prepare(options);
  refuseDuplicate(findDuplicate(options.db, prepared.key));
  const { input, result } = write(options, prepared);
  return result(recordAnnouncement(options.db, input));
}

/** The same as ingestArticle, recording into any store (SQLite or PostgreSQL). */
export async function ingestArticleInto(options: Omit<IngestOptions, 'db'> & { store: AlertsStore }): Promise<IngestResult> {
  const prepared = prepare(options);
  refuseDuplicate(await options.store.findDuplicate(prepared.key));
  const { input, result } = write(options, prepared);
  return result(await options.store.recordAnnouncement(input));
}
