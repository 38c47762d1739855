// Ingestion of one article: clean, store as a knowledge source, find its entities, record the announcement.
import { basename, relative } from 'node:path';
import { addSourceFiles, createQueryCore, KnowledgeErrors, loadKnowledge, type EntityRef, type KnowledgeBase, type QueryCore } from '../core/index.js';
import { cleanUnicode, defaultArticleLimits, sentenceProblem, textProblem, type ArticleLimits } from '../core/knowledge/article-text.js';
import { sentencesOf, splitFrontMatter } from '../core/knowledge/text.js';
import { parseYaml } from '../core/knowledge/yaml.js';
import type { AlertsStore, Duplicate } from '../storage/types.js';
import { understood, type Understood } from './understood.js';
import { contentHash, findDuplicate, recordAnnouncement, sectorsOf } from './announcements.js';
import { cleanArticle, detectFormat, type InputFormat } from './clean.js';
import type { Db } from './db.js';
import { diskProblem, IngestError, stageSource } from './knowledge-writer.js';
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
  /** Limits on the article (ARTICLE_MAX_BYTES, ARTICLE_MAX_SENTENCES). */
  limits?: ArticleLimits;
  /** Tests: how files are written (one that fails as a full disk does), and a stop after a step (a crash there). */
  writeFile?: (path: string, text: string) => void;
  crashAfter?: IngestStep;
}

/** The steps of an ingest, in order: source written under a temporary name, announcement recorded, source renamed. */
export type IngestStep = 'staged' | 'recorded' | 'renamed';

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
  const limits = input.limits ?? defaultArticleLimits;
  const problem = textProblem(input.content, limits);
  if (problem) throw new IngestError(`ingest: ${problem}; nothing was written`);
  // Front matter (title, publisher, url, date) gives what flags do not.
  const { meta, content } = frontMatterOf(input.content);
  const options: Omit<IngestOptions, 'db'> = { ...input, content, ...Object.fromEntries(Object.entries(meta).filter(([k]) => (input as unknown as Record<string, unknown>)[k] === undefined)) };
  const format = options.format ?? detectFormat(options.file, options.content);
  const cleaned = cleanArticle(cleanUnicode(options.content), format);
  const tooMany = sentenceProblem(sentencesOf(cleaned.text).length, limits);
  if (tooMany) throw new IngestError(`ingest: ${tooMany}; nothing was written`);
  const firstLine = cleaned.text.split('\n').find((l) => l.trim())?.trim();
  const title = cleanUnicode(options.title ?? cleaned.title ?? firstLine ?? '').replace(/\s+/g, ' ').trim().slice(0, 200);
  if (!title) throw new IngestError('ingest: the article has no title; pass --title "…"');
  return { options, cleaned, title, origin: basename(options.file), key: { guid: options.guid, link: options.url, hash: contentHash(title, cleaned.text) } };
}

function refuseDuplicate(dup: Duplicate | undefined): void {
  if (dup) throw new IngestError(`ingest: this article is already recorded as announcement #${dup.id} (same ${dup.by}); nothing was written`);
}

/** Stage the source (checked by the loader) and read it: the announcement to record, and the result once it is recorded. */
function stage({ options, cleaned, title, origin }: Prepared): { input: AnnouncementInput; commit: () => void; discard: () => void; result: (record: RecordResult) => IngestResult } {
  const limits = options.limits ? { limits: options.limits } : {};
  const before = loadKnowledge(options.knowledgeDir, limits);
  const staged = stageSource(
    options.knowledgeDir,
    {
      title,
      body: cleaned.text,
      origin,
      ...(options.date ? { date: options.date } : {}),
      ...(options.publisher ? { publisher: options.publisher } : {}),
      ...(options.url ? { url: options.url } : {}),
    },
    { takenIds: before.sources.map((s) => s.id), ...limits, ...(options.writeFile ? { writeFile: options.writeFile } : {}) },
  );
  let knowledge: KnowledgeBase;
  try {
    // The loader reads the new file with everything else (ids, the reader): what a restart would do.
    knowledge = addSourceFiles(before, [staged.temp], limits);
  } catch (error) {
    staged.discard();
    if (error instanceof KnowledgeErrors) throw new IngestError(`ingest: the new source would break the knowledge base, so it was not kept:\n${error.message}`);
    throw error;
  }
  const rel = relative(process.cwd(), staged.file) || staged.file;
  knowledge = { ...knowledge, sources: knowledge.sources.map((s) => (s.id === staged.id ? { ...s, file: rel } : s)) };
  const core = createQueryCore({ knowledge });
  const { entities, sectors } = describeArticle(core, title, cleaned.text);
  const source = knowledge.sources.find((s) => s.id === staged.id);
  const input: AnnouncementInput = {
    title: source?.title ?? title,
    text: cleaned.text,
    origin: options.origin ?? `ingest:${origin}`,
    sourceId: staged.id,
    entities,
    sectors,
    ...(options.url ? { link: options.url } : {}),
    ...(options.guid ? { guid: options.guid } : {}),
    ...(options.publisher ? { publisher: options.publisher } : {}),
    ...(source?.date ? { date: source.date } : {}),
  };
  return {
    input,
    commit: () => {
      try {
        staged.commit();
      } catch (error) {
        throw diskProblem(error, staged.file) ?? error;
      }
    },
    discard: staged.discard,
    result: (record) => ({
      sourceId: staged.id,
      sourceFile: staged.file,
      title: input.title,
      entities: core.entitiesIn(`${title}\n${cleaned.text}`),
      sectors,
      understood: understood(before, knowledge, staged.id),
      record,
      knowledge,
    }),
  };
}

/** A test's stand-in for a crash: the process ends right after `step`, as kill -9 would end it. */
function crashPoint(options: Pick<IngestOptions, 'crashAfter'>, step: IngestStep): void {
  if (options.crashAfter === step) process.exit(86);
}

/**
 * One ingest, atomic from the outside: the source is written under a temporary name and checked, the announcement
 * is recorded (with the source's id, which names its file) in one transaction, then the file is renamed into
 * place. A crash in between is finished or rolled back by recoverIngests on the next start.
 */
async function ingestWith(input: Omit<IngestOptions, 'db'>, store: Pick<AlertsStore, 'findDuplicate' | 'recordAnnouncement'>): Promise<IngestResult> {
  const prepared = prepare(input);
  refuseDuplicate(await store.findDuplicate(prepared.key));
  const staged = stage(prepared);
  crashPoint(input, 'staged');
  let record: RecordResult;
  try {
    record = await store.recordAnnouncement(staged.input);
  } catch (error) {
    staged.discard();
    throw diskProblem(error, 'the announcement') ?? error;
  }
  if (!record.recorded) {
    staged.discard();
    refuseDuplicate({ id: record.duplicateOf, by: record.by });
  }
  crashPoint(input, 'recorded');
  staged.commit();
  crashPoint(input, 'renamed');
  return staged.result(record);
}

/** Clean an article, write it as a source (validated), find its entities and record the announcement with its fan-out. */
export function ingestArticle(input: IngestOptions): IngestResult {
  const prepared = prepare(input);
  refuseDuplicate(findDuplicate(input.db, prepared.key));
  const staged = stage(prepared);
  const record = recordAnnouncement(input.db, staged.input);
  if (!record.recorded) {
    staged.discard();
    refuseDuplicate({ id: record.duplicateOf, by: record.by });
  }
  staged.commit();
  return staged.result(record);
}

/** The same as ingestArticle, recording into any store (SQLite or PostgreSQL, with its outbox). */
export function ingestArticleInto(input: Omit<IngestOptions, 'db'> & { store: AlertsStore }): Promise<IngestResult> {
  return ingestWith(input, input.store);
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
