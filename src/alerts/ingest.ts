// Ingestion of one article: clean, store as a knowledge source, find its entities, record the announcement.
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { createQueryCore, loadKnowledge, type EntityRef, type KnowledgeBase, type QueryCore } from '../core/index.js';
import { splitFrontMatter } from '../core/knowledge/text.js';
import { sentencesOf } from '../core/search-index.js';
import type { AlertsStore, Duplicate } from '../storage/types.js';
import { understood, type Understood } from './understood.js';
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
  /** What the reader understood: entities (new or known), people and posts, figures, the date used. */
  understood: Understood;
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

type Prepared = { options: Omit<IngestOptions, 'db'>; cleaned: { text: string }; title: string; origin: string; key: { guid?: string | undefined; link?: string | undefined; hash: string } };

/** Check, read the front matter and clean: everything before looking for a duplicate. */
function prepare(input: Omit<IngestOptions, 'db'>): Prepared {
  checkInput(input.content);
  // Front matter (title, publisher, url, date) gives what flags do not.
  const { meta, content } = frontMatterOf(input.content);
  const options: Omit<IngestOptions, 'db'> = { ...input, content, ...Object.fromEntries(Object.entries(meta).filter(([k]) => (input as unknown as Record<string, unknown>)[k] === undefined)) };
  const format = options.format ?? detectFormat(options.file, options.content);
  const cleaned = cleanArticle(options.content, format);
  if (sentencesOf(cleaned.text).length === 0) throw new IngestError('ingest: the article has no sentences to read (is it empty, or only headings?); nothing was written');
  const firstLine = cleaned.text.split('\n').find((l) => l.trim())?.trim();
  const title = (options.title ?? cleaned.title ?? firstLine ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
  if (!title) throw new IngestError('ingest: the article has no title; pass --title "…"');
  return { options, cleaned, title, origin: basename(options.file), key: { guid: options.guid, link: options.url, hash: contentHash(title, cleaned.text) } };
}

function refuseDuplicate(dup: Duplicate | undefined): void {
  if (dup) throw new IngestError(`ingest: this article is already recorded as announcement #${dup.id} (same ${dup.by}); nothing was written`);
}

/** Write the source (validated) and read it: the announcement to record, and the result once it is recorded. */
function write({ options, cleaned, title, origin }: Prepared): { input: AnnouncementInput; result: (record: RecordResult) => IngestResult } {
  let before: KnowledgeBase | undefined;
  try {
    before = loadKnowledge(options.knowledgeDir);
  } catch {
    before = undefined;
  }
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
  return {
    input,
    result: (record) => ({
      sourceId: written.id,
      sourceFile: written.file,
      title,
      entities: core.entitiesIn(`${title}\n${cleaned.text}`),
      sectors,
      understood: understood(before, knowledge, written.id),
      record,
      knowledge,
    }),
  };
}

/** Clean an article, write it as a source (validated), find its entities and record the announcement with its fan-out. */
export function ingestArticle(input: IngestOptions): IngestResult {
  const prepared = prepare(input);
  refuseDuplicate(findDuplicate(input.db, prepared.key));
  const { input: announcement, result } = write(prepared);
  return result(recordAnnouncement(input.db, announcement));
}

/** The same as ingestArticle, recording into any store (SQLite or PostgreSQL, with its outbox). */
export async function ingestArticleInto(input: Omit<IngestOptions, 'db'> & { store: AlertsStore }): Promise<IngestResult> {
  const prepared = prepare(input);
  refuseDuplicate(await input.store.findDuplicate(prepared.key));
  const { input: announcement, result } = write(prepared);
  return result(await input.store.recordAnnouncement(announcement));
}

/** Largest article accepted, in characters of text (a long news article is about 20,000). */
export const MAX_ARTICLE_CHARS = 1_000_000;

/** Refuse what is not an article: a binary file, or text too large to be one. */
function checkInput(content: string): void {
  if (content.length > MAX_ARTICLE_CHARS) throw new IngestError(`ingest: the file is ${Math.round(content.length / 1000)} KB of text, more than the ${MAX_ARTICLE_CHARS / 1000} KB an article can be; nothing was written`);
  const sample = content.slice(0, 8000);
  // eslint-disable-next-line no-control-regex
  const control = (sample.match(/[\u0000-\u0008\u000E-\u001F\uFFFD]/g) ?? []).length;
  if (sample.includes('\u0000') || control > sample.length * 0.02) throw new IngestError('ingest: the file is not text (it looks binary); nothing was written');
}

const metaSchema = ['title', 'publisher', 'url', 'date'] as const;

/** YAML front matter of an article file (the corpus format): its fields, and the text after it. */
function frontMatterOf(content: string): { meta: Partial<Record<(typeof metaSchema)[number], string>>; content: string } {
  if (!/^\uFEFF?---\r?\n/.test(content)) return { meta: {}, content };
  const parts = splitFrontMatter(content);
  if (!parts) throw new IngestError('ingest: the front matter has no closing "---" line; nothing was written');
  let data: unknown;
  try {
    data = parseYaml(parts.front);
  } catch (error) {
    throw new IngestError(`ingest: the front matter does not parse as YAML (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); nothing was written`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new IngestError('ingest: the front matter must be YAML fields such as title: "…" and date: "2024-05-31"; nothing was written');
  const meta: Partial<Record<(typeof metaSchema)[number], string>> = {};
  for (const key of metaSchema) {
    const value = (data as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    const text = String(value).trim();
    if (!text || (key === 'date' && /^unknown$/i.test(text))) continue;
    meta[key] = text;
  }
  return { meta, content: parts.body };
}
