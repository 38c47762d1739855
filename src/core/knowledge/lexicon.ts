// Word lists as data: the reader's lexicon (names, posts, figures) loaded from knowledge/lexicon and validated.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { KnowledgeError, KnowledgeErrors } from './errors.js';

const words = z.array(z.string().min(1).transform((w) => w.toLowerCase()));

export const readerLexiconSchema = z.object({
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
  speech_verbs: words,
  references: z.record(z.string(), z.enum(['person', 'organisation', 'company', 'government', 'programme', 'fund', 'park', 'event', 'any'])),
  kind_nouns: z.record(z.string(), z.array(z.string().min(1))),
});

export type ReaderLexicon = z.infer<typeof readerLexiconSchema>;

/** The lexicon folder shipped with the bot, used when a knowledge folder has none of its own (from src/ or a compiled dist/src/). */
const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_LEXICON_DIR = [resolve(here, '../../../knowledge/lexicon'), resolve(here, '../../../../knowledge/lexicon')].find((d) => existsSync(d)) ?? resolve(here, '../../../knowledge/lexicon');

/** Load and validate one lexicon file: `<dir>/lexicon/<name>.yaml`, or the shipped one. Errors name the file and field. */
export function loadLexiconFile<S extends z.ZodType>(knowledgeDir: string | undefined, name: string, schema: S): z.infer<S> {
  const own = knowledgeDir ? join(knowledgeDir, 'lexicon', `${name}.yaml`) : undefined;
  const file = own && existsSync(own) ? own : join(DEFAULT_LEXICON_DIR, `${name}.yaml`);
  const shown = relative(process.cwd(), file) || file;
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new KnowledgeErrors([new KnowledgeError(shown, undefined, undefined, `cannot read the word list: ${error instanceof Error ? error.message : String(error)}`)]);
  }
  const result = schema.safeParse(data);
  if (!result.success) {
    throw new KnowledgeErrors(result.error.issues.map((issue) => new KnowledgeError(shown, undefined, issue.path.join('.') || undefined, issue.message)));
  }
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

export const wordnetSchema = z.object({
  about: z.string(),
  words: z.array(z.string()),
  synsets: z.array(z.array(z.string()).min(2)),
});

export type WordnetLexicon = z.infer<typeof wordnetSchema>;

let wordnet: { words: Set<string>; synsets: string[][] } | undefined;

/** Common English words and synonym sets distilled from WordNet (knowledge/lexicon/wordnet.json), loaded once. */
export function wordnetLexicon(): { words: Set<string>; synsets: string[][] } {
  if (!wordnet) {
    const file = join(DEFAULT_LEXICON_DIR, 'wordnet.json');
    const result = wordnetSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!result.success) throw new KnowledgeErrors(result.error.issues.map((i) => new KnowledgeError(relative(process.cwd(), file), undefined, i.path.join('.'), i.message)));
    wordnet = { words: new Set(result.data.words), synsets: result.data.synsets };
  }
  return wordnet;
}
