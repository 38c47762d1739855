// Word lists as data: the reader's lexicon (names, posts, figures) loaded from knowledge/lexicon and validated.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { KnowledgeError, KnowledgeErrors } from './errors.js';

import { lazySchema } from './lazy-schema.js';

export const readerLexiconSchema = lazySchema(() => {
  const words = z.array(z.string().min(1).transform((w) => w.toLowerCase()));
  return z.object({
  honorifics: words,
  post_words: words,
  post_heads: words,
  company_words: words,
  organisation_words: words,
  government_words: words,
  programme_words: words,
  fund_words: words,
  event_words: words,
  park_words: words,
  facility_words: words,
  not_names: words,
  months: words,
  weekdays: words,
  places: words,
  place_words: words,
  hyphen_suffixes: words,
  magnitudes: z.record(z.string(), z.number().positive()),
  numbers: z.record(z.string(), z.number().nonnegative()),
  currencies: z.record(z.string(), z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code')),
  qualifiers: z.record(z.string(), z.enum(['over', 'nearly', 'about', 'up-to', 'at-least'])),
  area_units: words,
  job_nouns: words,
  person_nouns: words,
  speech_verbs: words,
  references: z.record(z.string(), z.enum(['person', 'organisation', 'company', 'government', 'programme', 'fund', 'park', 'event', 'any'])),
  kind_nouns: z.record(z.string(), z.array(z.string().min(1))),
  measures: z.array(z.array(z.string().min(1)).min(1)).default([]),
  other_names: z.array(z.array(z.string().min(1)).min(2)).default([]),
  });
});

export type ReaderLexicon = z.infer<ReturnType<typeof readerLexiconSchema>>;

/** The lexicon folder shipped with the bot, used when a knowledge folder has none of its own (from src/ or a compiled dist/src/). */
/** (From src/, dist/src/ or the bundle in dist/bundle/: the nearest folder above that holds knowledge/lexicon.) */
export const DEFAULT_LEXICON_DIR = shippedLexiconDir(dirname(fileURLToPath(import.meta.url)));

function shippedLexiconDir(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, 'knowledge', 'lexicon');
    if (existsSync(join(candidate, 'chat.yaml'))) return candidate;
    if (dirname(dir) === dir) return resolve(from, '../../../knowledge/lexicon');
  }
}

/** YAML is parsed with the `yaml` package, loaded only when a word list is actually read (a snapshot needs none). */
function parseYaml(text: string): unknown {
  const require = createRequire(import.meta.url);
  return (require('yaml') as { parse(text: string): unknown }).parse(text);
}

/** Word-list files already read and validated in this process (or restored from a snapshot), by path: the schema's output. */
const parsedFiles = new Map<string, unknown>();

/** The validated word lists, to store in a snapshot. */
export function parsedLexicons(): Array<[string, unknown]> {
  return [...parsedFiles];
}

/**
 * Restore word lists a snapshot stored: its key covers the files, and what it stored had passed its schema when
 * the snapshot was written, so it is not checked again (checking them cost a start some 15 ms).
 */
export function primeLexicons(entries: Array<[string, unknown]>): void {
  for (const [file, data] of entries) if (!parsedFiles.has(file)) parsedFiles.set(file, data);
}

/** Load and validate one lexicon file: `<dir>/lexicon/<name>.yaml`, or the shipped one. Errors name the file and field. */
export function loadLexiconFile<S extends z.ZodType>(knowledgeDir: string | undefined, name: string, schema: () => S): z.infer<S> {
  const own = knowledgeDir ? join(knowledgeDir, 'lexicon', `${name}.yaml`) : undefined;
  const file = own && existsSync(own) ? own : join(DEFAULT_LEXICON_DIR, `${name}.yaml`);
  const shown = relative(process.cwd(), file) || file;
  // Each file has one schema (its name's), so what was validated once is that schema's output.
  if (parsedFiles.has(file)) return parsedFiles.get(file) as z.infer<S>;
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new KnowledgeErrors([new KnowledgeError(shown, undefined, undefined, `cannot read the word list: ${error instanceof Error ? error.message : String(error)}`)]);
  }
  const result = schema().safeParse(data);
  if (!result.success) {
    throw new KnowledgeErrors(result.error.issues.map((issue) => new KnowledgeError(shown, undefined, issue.path.join('.') || undefined, issue.message)));
  }
  parsedFiles.set(file, result.data);
  return result.data;
}

const cache = new Map<string, ReaderLexicon>();

/** The reader's lexicon for a knowledge folder (memoised per folder). */
export function readerLexicon(knowledgeDir?: string): ReaderLexicon {
  const key = knowledgeDir ?? '';
  let lexicon = cache.get(key);
  if (!lexicon) {
    lexicon = loadLexiconFile(knowledgeDir, 'reader', readerLexiconSchema);
    cache.set(key, lexicon);
  }
  return lexicon;
}

export const wordnetSchema = lazySchema(() =>
  z.object({
    about: z.string(),
    words: z.array(z.string()),
    synsets: z.array(z.array(z.string()).min(2)),
    /** Every other ordinary word, space-separated (rarely used senses): known English, never a name. */
    lemmas: z.string().optional(),
  }),
);

export type WordnetLexicon = z.infer<ReturnType<typeof wordnetSchema>>;

let wordnet: { words: Set<string>; synsets: string[][]; lemmas: () => Set<string> } | undefined;

/** Common English words and synonym sets distilled from WordNet (knowledge/lexicon/wordnet.json), loaded once. */
export function wordnetLexicon(): { words: Set<string>; synsets: string[][]; lemmas: () => Set<string> } {
  if (!wordnet) {
    const file = join(DEFAULT_LEXICON_DIR, 'wordnet.json');
    // A generated file of 16,000 words: checked for its shape, not word by word (that alone would cost a start 30 ms).
    const raw = JSON.parse(readFileSync(file, 'utf8')) as { about?: unknown; words?: unknown; synsets?: unknown; lemmas?: unknown };
    const result = wordnetSchema().safeParse({ about: raw.about, words: Array.isArray(raw.words) ? [] : raw.words, synsets: Array.isArray(raw.synsets) ? [] : raw.synsets });
    if (result.success) result.data = { about: String(raw.about), words: raw.words as string[], synsets: raw.synsets as string[][] };
    if (!result.success) throw new KnowledgeErrors(result.error.issues.map((i) => new KnowledgeError(relative(process.cwd(), file), undefined, i.path.join('.'), i.message)));
    let lemmas: Set<string> | undefined;
    const text = typeof raw.lemmas === 'string' ? raw.lemmas : '';
    wordnet = { words: new Set(result.data.words), synsets: result.data.synsets, lemmas: () => (lemmas ??= new Set(text.split(' '))) };
  }
  return wordnet;
}
