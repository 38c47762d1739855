// Writes a new source file into the knowledge base and proves the knowledge base still loads with it.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadKnowledge, type KnowledgeBase } from '../core/index.js';
import { sourceMetaSchema } from '../core/knowledge/schema.js';
import { splitFrontMatter } from '../core/knowledge/text.js';
import { parseYaml, YamlSyntaxError } from '../core/knowledge/yaml.js';

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

/** Check one source file with the loader's own parser and schema (what a new source can break). */
function checkSourceFile(text: string): string | undefined {
  const parsed = splitFrontMatter(text);
  if (!parsed) return 'no front matter';
  if (!parsed.body) return 'the article text is empty';
  let meta: unknown;
  try {
    meta = parseYaml(parsed.front);
  } catch (error) {
    if (error instanceof YamlSyntaxError) return `invalid YAML: ${error.message}`;
    throw error;
  }
  const result = sourceMetaSchema.safeParse(meta);
  return result.success ? undefined : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

/**
 * Write `sources/<id>.md` (front matter + body) and prove the knowledge base still loads: by loading it all
 * again (`validate: 'full'`, the default, returns the reloaded knowledge), or, for the running bot's feed
 * poller, by checking the new file alone with the loader's schema (`'file'`, no blocking reload).
 * If the check fails, the file is removed and an IngestError says why.
 */
export function writeSource(knowledgeDir: string, fields: SourceFields, options: { validate?: 'full' | 'file'; now?: Date; takenIds?: Iterable<string> } = {}): { id: string; file: string; knowledge?: KnowledgeBase } {
  const now = options.now ?? new Date();
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
  const existing = new Set([...readdirSync(dir).map((name) => name.replace(/\.md$/, '')), ...(options.takenIds ?? [])]);
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
  const text = `---\n${stringify(meta, { lineWidth: 0 })}---\n\n${fields.body.trim()}\n`;
  if (options.validate === 'file') {
    const problem = checkSourceFile(text);
    if (problem) throw new IngestError(`ingest: the new source would not load (${problem}); it was not written`);
    writeFileSync(temp, text, 'utf8');
    renameSync(temp, file);
    return { id, file };
  }
  writeFileSync(temp, text, 'utf8');
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
