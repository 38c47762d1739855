// Writes a new source file into the knowledge base: cleaned, checked by the loader itself under a temporary name, then renamed.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cleanUnicode, type ArticleLimits } from '../core/knowledge/article-text.js';
import { checkSourceFile } from '../core/knowledge/load.js';

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

/** The temporary name of a source being written by process `pid`: hidden (the loader and the watcher skip it). */
export const TEMP_SOURCE = /^\.(.+)\.(\d+)\.md\.tmp$/;
const tempName = (id: string, pid: number) => `.${id}.${pid}.md.tmp`;

/** A source written under its temporary name and accepted by the loader: rename it into place, or discard it. */
export interface StagedSource {
  id: string;
  /** sources/<id>.md, where it goes. */
  file: string;
  temp: string;
  commit(): void;
  discard(): void;
}

export interface StageOptions {
  now?: Date;
  /** Ids already taken beyond the files on disk (the running core's sources). */
  takenIds?: Iterable<string>;
  limits?: ArticleLimits;
  /** Writes the file (tests pass one that fails as a full disk would). */
  writeFile?: (path: string, text: string) => void;
}

/** A write that failed for a reason of the disk, said so that a person knows what to do. */
export function diskProblem(error: unknown, what: string): IngestError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === 'ENOSPC' || code === 'SQLITE_FULL' ? 'the disk is full' : code === 'SQLITE_READONLY' ? 'the database is read-only' : code?.startsWith('SQLITE_IOERR') ? 'the disk reported an I/O error' : code === 'EDQUOT' ? 'the disk quota is used up' : code === 'EROFS' ? 'the disk is read-only' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EIO' ? 'the disk reported an I/O error' : undefined;
  return reason ? new IngestError(`ingest: cannot write ${what}: ${reason} (${code}); nothing was written. Free some space or fix the folder's permissions, then run it again.`) : undefined;
}

/**
 * Write `sources/.<id>.<pid>.md.tmp` (front matter + body, Unicode cleaned) and check it with the loader's own
 * reading of a source file. Anything the loader would reject is removed at once and never renamed into place.
 */
export function stageSource(knowledgeDir: string, input: SourceFields, options: StageOptions = {}): StagedSource {
  const now = options.now ?? new Date();
  const fields: SourceFields = {
    ...input,
    title: cleanUnicode(input.title).replace(/\s+/g, ' ').trim(),
    body: cleanUnicode(input.body).trim(),
    origin: cleanUnicode(input.origin).trim() || 'unknown',
    ...(input.publisher ? { publisher: cleanUnicode(input.publisher).replace(/\s+/g, ' ').trim() } : {}),
  };
  if (!fields.body) throw new IngestError('ingest: the article text is empty after cleaning; nothing was written');
  if (fields.title.length < 3) throw new IngestError('ingest: the title must have at least 3 characters (use --title)');
  if (fields.date && !ISO_DATE.test(fields.date)) throw new IngestError(`ingest: --date must be YYYY, YYYY-MM or YYYY-MM-DD (got "${fields.date}")`);
  if (fields.url) {
    try {
      new URL(fields.url);
    } catch {
      throw new IngestError(`ingest: --url must be a full URL such as https://example.org/news (got "${fields.url}")`);
    }
  }
  const dir = join(knowledgeDir, 'sources');
  const write = options.writeFile ?? ((path: string, text: string) => writeFileSync(path, text, 'utf8'));
  try {
    mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw diskProblem(error, dir) ?? error;
  }
  const names = readdirSync(dir);
  // Ids of the sources on disk, of those other ingests are writing now, and of the running core's.
  const existing = new Set([...names.map((name) => TEMP_SOURCE.exec(name)?.[1] ?? name.replace(/\.md$/, '')), ...(options.takenIds ?? [])]);
  const date = fields.date ?? now.toISOString().slice(0, 10);
  const id = sourceIdFor(fields.title, date, (candidate) => existing.has(candidate));
  const meta = {
    id,
    title: fields.title,
    ...(fields.publisher ? { publisher: fields.publisher } : {}),
    ...(fields.url ? { url: fields.url } : {}),
    date,
    ...(fields.date ? {} : { date_note: 'The date the article was ingested; it was not given.' }),
    origin: fields.origin,
    language: fields.language ?? (/[\u3400-\u9fff]/.test(fields.body) && !/[a-z]{4,}/i.test(fields.body) ? 'zh' : 'en'),
    unreliable: [],
  };
  const file = join(dir, `${id}.md`);
  const temp = join(dir, tempName(id, process.pid));
  const discard = () => {
    try {
      rmSync(temp, { force: true });
    } catch {
      // A disk that refuses even this keeps a hidden file the loader skips; the next start removes it.
    }
  };
  try {
    write(temp, `---\n${stringify(meta, { lineWidth: 0 })}---\n\n${fields.body}\n`);
  } catch (error) {
    discard();
    throw diskProblem(error, `the new source ${file}`) ?? error;
  }
  const problems = checkSourceFile(temp, options.limits ? { limits: options.limits } : {});
  if (problems.length) {
    discard();
    throw new IngestError(`ingest: the new source would not load (${problems.map((p) => p.problem + (p.field ? ` [${p.field}]` : '')).join('; ')}); it was not written`);
  }
  return {
    id,
    file,
    temp,
    commit: () => renameSync(temp, file),
    discard,
  };
}

/** Is `dir` a knowledge folder (has sources/)? */
export function isKnowledgeDir(dir: string): boolean {
  return existsSync(join(dir, 'sources'));
}
