// Writes a new source file into the knowledge base and proves the knowledge base still loads with it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKnowledge, type KnowledgeBase } from '../core/index.js';

/** An ingestion problem a person can act on (bad arguments, empty article, a source that would not load). */
export class IngestError extends Error {
  override readonly name = 'IngestError';
}

export interface SourceFields {
  title: string;
  body: string;
  date?: string;
  publisher?: string;
  url?: string;
  origin: string;
  language?: string;
}

const ISO_DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/** A kebab-case id from the title (Latin words), unique among the existing sources. */
export function sourceIdFor(title: string, date: string, taken: (id: string) => boolean): string {
  const words = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9\s-]/g, ' ')
    .split(/[\s-]+/)
    .filter((w) => w && !['a', 'an', 'the', 'of', 'to', 'and', 'in', 'on', 'for'].includes(w));
  let base = words.slice(0, 7).join('-').slice(0, 60).replace(/-+$/, '');
  if (base.length < 3) base = `article-${date.replace(/[^0-9]/g, '') || 'undated'}`;
  let id = base;
  for (let n = 2; taken(id); n++) id = `${base}-${n}`;
  return id;
}

/**
 * Write `sources/<id>.md` (front matter + body) and load the whole knowledge base again.
 * If it no longer loads, the file is removed and an IngestError says why. Returns the reloaded knowledge.
 */
export function writeSource(knowledgeDir: string, fields: SourceFields, now = new Date()): { id: string; file: string; knowledge: KnowledgeBase } {
  if (!fields.body.trim()) throw new IngestError('ingest: the article text is empty after cleaning; nothing was written');
  if (fields.title.trim().length < 3) throw new IngestError('ingest: the title must have at least 3 characters (use --title)');
  if (fields.date && !ISO_DATE.test(fields.date)) throw new IngestError(`ingest: --date must be YYYY, YYYY-MM or YYYY-MM-DD (got "${fields.date}")`);
  if (fields.url) {
    try {
      new URL(fields.url);
    } catch {
      throw new IngestError(`ingest: --url must be a full URL such as https://example.org/news (got "${fields.url}")`);
    }
  }
  const dir = join(knowledgeDir, 'sources');
  mkdirSync(dir, { recursive: true });
  const existing = new Set(readdirSync(dir).map((name) => name.replace(/\.md$/, '')));
  const date = fields.date ?? now.toISOString().slice(0, 10);
  const id = sourceIdFor(fields.title, date, (candidate) => existing.has(candidate));
  const meta = {
    id,
    title: fields.title.trim(),
    ...(fields.publisher ? { publisher: fields.publisher } : {}),
    ...(fields.url ? { url: fields.url } : {}),
    date,
    ...(fields.date ? {} : { date_note: 'The date the article was ingested; it was not given.' }),
    origin: fields.origin,
    language: fields.language ?? (/[\u3400-\u9fff]/.test(fields.body) && !/[a-z]{4,}/i.test(fields.body) ? 'zh' : 'en'),
    unreliable: [],
  };
  const file = join(dir, `${id}.md`);
  const temp = join(dir, `.${id}.md.tmp`);
  writeFileSync(temp, `---\n${stringify(meta, { lineWidth: 0 })}---\n\n${fields.body.trim()}\n`, 'utf8');
  renameSync(temp, file);
  try {
    return { id, file, knowledge: loadKnowledge(knowledgeDir) };
  } catch (error) {
    rmSync(file, { force: true });
    throw new IngestError(`ingest: the new source would break the knowledge base, so it was not kept:\n${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Is `dir` a knowledge folder (has sources/)? */
export function isKnowledgeDir(dir: string): boolean {
  return existsSync(join(dir, 'sources'));
}
