// Loads the knowledge base from disk, validates every record with zod and cross-checks references.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import { KnowledgeError, KnowledgeErrors } from './errors.js';
import {
  knowledgeSchemas,
  type Entity,
  type Fact,
  type GlossaryEntry,
  type KnowledgeBase,
  type SkippedSource,
  type Source,
} from './schema.js';
import { defaultArticleLimits, sentenceProblem, type ArticleLimits } from './article-text.js';
import { foldForQuote, sentencesOf, splitFrontMatter } from './text.js';
import { parseYaml, YamlSyntaxError } from './yaml.js';
import { withDerivedKnowledge, withNewSources } from '../reader/index.js';

/**
 * Load and validate the whole knowledge base under `dir`.
 *
 * @example
 * const kb = loadKnowledge('knowledge');
 * console.log(kb.facts.length);
 *
 * @throws KnowledgeErrors listing every problem, each naming the file, the item and the field.
 */
export interface LoadOptions {
  /** Add what the reader derives from every article (default true); false gives the curated layer alone. */
  derive?: boolean;
  /** Where the reader keeps its readings between runs (e.g. DATA_DIR/readings); none keeps them in memory only. */
  readingsDir?: string;
  /** Limits on one article (ARTICLE_MAX_BYTES, ARTICLE_MAX_SENTENCES); a larger source file is left out. */
  limits?: ArticleLimits;
}

export function loadKnowledge(dir: string, options: LoadOptions = {}): KnowledgeBase {
  const errors: KnowledgeError[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new KnowledgeErrors([new KnowledgeError(dir, undefined, undefined, 'the knowledge folder does not exist')]);
  }
  const rel = (file: string) => relative(process.cwd(), file) || file;

  // A bad source file (an article written by ingest or a feed) is left out with its reason: the bot starts without
  // it. Curated files (entities, facts, glossary) stop start-up instead: they are a person's work to fix.
  const sources: Source[] = [];
  const skipped: SkippedSource[] = [];
  const fileOfId = new Map<string, string>();
  for (const file of listFiles(join(dir, 'sources'), ['.md'])) {
    const problems: KnowledgeError[] = [];
    const source = readSourceFile(file, rel, problems, options.limits);
    const first = source && fileOfId.get(source.id);
    if (first) problems.push(new KnowledgeError(rel(file), source.id, 'id', `duplicate source id (also in ${first})`));
    if (problems.length) skipped.push({ file: rel(file), reason: problems.map(reasonOf).join('; ') });
    else if (source) {
      fileOfId.set(source.id, source.file);
      sources.push(source);
    }
  }

  const entityItems = loadItems(join(dir, 'entities'), knowledgeSchemas().entitySchema, rel, errors);
  const entities: Entity[] = entityItems.map((i) => i.record);
  const entityFile = new Map(entityItems.map((i) => [i.record.id, i.file]));
  const factItems = loadItems(join(dir, 'facts'), knowledgeSchemas().factSchema, rel, errors);
  const facts: Fact[] = factItems.map((i) => i.record);
  const factFile = new Map(factItems.map((i) => [i.record, i.file]));

  const glossary: GlossaryEntry[] = [];
  const glossaryPath = join(dir, 'glossary.yaml');
  if (existsSync(glossaryPath)) {
    for (const [item, value] of listItems(rel(glossaryPath), readFileSync(glossaryPath, 'utf8'), errors)) {
      const entry = validate(knowledgeSchemas().glossaryEntrySchema, value, rel(glossaryPath), item, errors);
      if (entry) glossary.push(entry);
    }
  }

  crossCheck({ sources, entities, facts, entityFile, factFile, skipped }, errors);
  if (errors.length > 0) throw new KnowledgeErrors(errors);
  const curated: KnowledgeBase = { dir, sources, entities, facts, glossary, ...(skipped.length ? { skipped } : {}) };
  if (options.derive === false) return curated;
  return withDerivedKnowledge(curated, options.readingsDir ? { cacheDir: options.readingsDir } : {});
}

/**
 * Check one source file exactly as the loader reads it (front matter, schema, size and sentence limits): the
 * problems, each naming the file and field, or none. Whatever writes a source checks it with this first.
 *
 * @example
 * checkSourceFile('knowledge/sources/.new.md.tmp'); // [] when the loader will take it
 */
export function checkSourceFile(file: string, options: Pick<LoadOptions, 'limits'> = {}): KnowledgeError[] {
  const errors: KnowledgeError[] = [];
  readSourceFile(file, (f) => relative(process.cwd(), f) || f, errors, options.limits);
  return errors;
}

/** One source file: front matter validated, body read, limits checked. Problems go to `errors`. */
function readSourceFile(file: string, rel: (file: string) => string, errors: KnowledgeError[], limits: ArticleLimits = defaultArticleLimits): Source | undefined {
  const size = statSync(file).size;
  // The front matter is small: a file this much over the limit is refused before it is read.
  if (size > limits.maxBytes + 64_000) {
    errors.push(new KnowledgeError(rel(file), undefined, 'body', `the file is ${size} bytes, more than ARTICLE_MAX_BYTES (${limits.maxBytes})`));
    return undefined;
  }
  const parsed = splitFrontMatter(readFileSync(file, 'utf8'));
  if (!parsed) {
    errors.push(new KnowledgeError(rel(file), undefined, undefined, 'no YAML front matter (the file must start with a --- block)'));
    return undefined;
  }
  const meta = parseYamlIn(rel(file), parsed.front, errors);
  if (meta === undefined) return undefined;
  const result = validate(knowledgeSchemas().sourceMetaSchema, meta, rel(file), idOf(meta), errors);
  if (!result) return undefined;
  if (!parsed.body) {
    errors.push(new KnowledgeError(rel(file), result.id, 'body', 'the article text is empty'));
    return undefined;
  }
  const bytes = Buffer.byteLength(parsed.body, 'utf8');
  if (bytes > limits.maxBytes) {
    errors.push(new KnowledgeError(rel(file), result.id, 'body', `the article text is ${bytes} bytes, more than ARTICLE_MAX_BYTES (${limits.maxBytes})`));
    return undefined;
  }
  const sentences = sentencesOf(parsed.body).length;
  if (sentences > limits.maxSentences) {
    errors.push(new KnowledgeError(rel(file), result.id, 'body', sentenceProblem(sentences, limits)!));
    return undefined;
  }
  return { ...result, body: parsed.body, file: rel(file) };
}

/**
 * The knowledge base with new source files added (read, validated and read by the reader), without loading the
 * rest again. Throws KnowledgeErrors naming the file and field when a new file is bad, or its id is taken.
 */
export function addSourceFiles(kb: KnowledgeBase, files: string[], options: LoadOptions = {}): KnowledgeBase {
  const errors: KnowledgeError[] = [];
  const rel = (file: string) => relative(process.cwd(), file) || file;
  const taken = new Set(kb.sources.map((s) => s.id));
  const added: Source[] = [];
  for (const file of files) {
    const source = readSourceFile(file, rel, errors, options.limits);
    if (!source) continue;
    if (taken.has(source.id)) errors.push(new KnowledgeError(source.file, source.id, 'id', 'duplicate source id'));
    else if (source.unreliable.length) errors.push(new KnowledgeError(source.file, source.id, 'unreliable', 'a new source cannot add unreliable passages without a full reload'));
    else {
      taken.add(source.id);
      added.push(source);
    }
  }
  if (errors.length) throw new KnowledgeErrors(errors);
  if (options.derive === false) return { ...kb, sources: [...kb.sources, ...added] };
  return withNewSources(kb, added, options.readingsDir ? { cacheDir: options.readingsDir } : {});
}

interface CrossCheckInput {
  sources: Source[];
  entities: Entity[];
  facts: Fact[];
  entityFile: Map<string, string>;
  factFile: Map<Fact, string>;
  skipped: SkippedSource[];
}

/** A problem of a source file without the file's name (which goes with it): item, field and what is wrong. */
function reasonOf(error: KnowledgeError): string {
  const where = [error.item ? `item "${error.item}"` : '', error.field ? `field "${error.field}"` : ''].filter(Boolean).join(', ');
  return where ? `${where}: ${error.problem}` : error.problem;
}

function crossCheck({ sources, entities, facts, entityFile, factFile, skipped }: CrossCheckInput, errors: KnowledgeError[]) {
  const skippedNote = (id: string) => {
    const file = skipped.find((s) => s.file.replace(/\\/g, '/').endsWith(`/${id}.md`));
    return file ? ` (its file ${file.file} was left out: ${file.reason})` : '';
  };
  const sourceById = new Map<string, Source>();
  const folded = new Map<string, string>();
  for (const source of sources) {
    if (sourceById.has(source.id)) errors.push(new KnowledgeError(source.file, source.id, 'id', `duplicate source id (also in ${sourceById.get(source.id)?.file})`));
    sourceById.set(source.id, source);
    const body = foldForQuote(source.body);
    folded.set(source.id, body);
    source.unreliable.forEach((passage, i) => {
      if (!body.includes(foldForQuote(passage.text))) {
        errors.push(new KnowledgeError(source.file, source.id, `unreliable[${i}].text`, `passage not found verbatim in the article text: "${passage.text.slice(0, 80)}"`));
      }
    });
  }

  const entityIds = new Set<string>();
  const aliasOwner = new Map<string, string>();
  for (const entity of entities) {
    const file = entityFile.get(entity.id) ?? 'entities';
    if (entityIds.has(entity.id)) errors.push(new KnowledgeError(file, entity.id, 'id', 'duplicate entity id'));
    entityIds.add(entity.id);
    for (const alias of new Set([entity.name, ...entity.aliases].map((a) => a.trim().toLowerCase()))) {
      const owner = aliasOwner.get(alias);
      if (owner && owner !== entity.id) {
        errors.push(new KnowledgeError(file, entity.id, 'aliases', `alias "${alias}" is already claimed by entity "${owner}"`));
      } else aliasOwner.set(alias, entity.id);
    }
  }
  for (const entity of entities) {
    const file = entityFile.get(entity.id) ?? 'entities';
    entity.relations.forEach((relation, i) => {
      if (relation.target && !entityIds.has(relation.target)) errors.push(new KnowledgeError(file, entity.id, `relations[${i}].target`, `unknown entity "${relation.target}"`));
      if (relation.source && !sourceById.has(relation.source)) errors.push(new KnowledgeError(file, entity.id, `relations[${i}].source`, `unknown source "${relation.source}"`));
    });
  }
  for (const source of sources) {
    source.unreliable.forEach((passage, i) =>
      passage.entities.forEach((id) => {
        if (!entityIds.has(id)) errors.push(new KnowledgeError(source.file, source.id, `unreliable[${i}].entities`, `unknown entity "${id}"`));
      }),
    );
  }

  const factIds = new Set<string>();
  for (const fact of facts) {
    const file = factFile.get(fact) ?? 'facts';
    if (factIds.has(fact.id)) errors.push(new KnowledgeError(file, fact.id, 'id', 'duplicate fact id'));
    factIds.add(fact.id);
    if (!entityIds.has(fact.subject)) errors.push(new KnowledgeError(file, fact.id, 'subject', `unknown entity "${fact.subject}"`));
    for (const id of fact.entities) {
      if (!entityIds.has(id)) errors.push(new KnowledgeError(file, fact.id, 'entities', `unknown entity "${id}"`));
    }
    const source = sourceById.get(fact.source);
    if (!source) {
      errors.push(new KnowledgeError(file, fact.id, 'source', `unknown source "${fact.source}"${skippedNote(fact.source)}`));
    } else if (!folded.get(source.id)!.includes(foldForQuote(fact.quote))) {
      errors.push(new KnowledgeError(file, fact.id, 'quote', `quote not found verbatim in source "${fact.source}": "${fact.quote.slice(0, 80)}"`));
    }
    if (fact.statement.includes('<>')) errors.push(new KnowledgeError(file, fact.id, 'statement', 'contains "<>", a garbled figure'));
  }
}

/** Every valid item of every YAML list file in a folder, with the file it came from. */
function loadItems<S extends z.ZodType>(folder: string, schema: S, rel: (file: string) => string, errors: KnowledgeError[]): Array<{ record: z.infer<S>; file: string }> {
  const out: Array<{ record: z.infer<S>; file: string }> = [];
  for (const file of listFiles(folder, ['.yaml', '.yml'])) {
    for (const [item, value] of listItems(rel(file), readFileSync(file, 'utf8'), errors)) {
      const record = validate(schema, value, rel(file), idOf(value) ?? item, errors);
      if (record) out.push({ record, file: rel(file) });
    }
  }
  return out;
}

function listFiles(dir: string, extensions: string[]): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => extensions.some((ext) => name.endsWith(ext)) && !name.startsWith('.'))
    .sort()
    .map((name) => join(dir, name));
}

function parseYamlIn(file: string, text: string, errors: KnowledgeError[]): unknown {
  try {
    return parseYaml(text) ?? undefined;
  } catch (error) {
    const detail = error instanceof YamlSyntaxError ? error.message : String(error);
    errors.push(new KnowledgeError(file, undefined, undefined, `invalid YAML: ${detail}`));
    return undefined;
  }
}

function listItems(file: string, text: string, errors: KnowledgeError[]): Array<[string, unknown]> {
  const data = parseYamlIn(file, text, errors);
  if (data === undefined || data === null) return [];
  if (!Array.isArray(data)) {
    errors.push(new KnowledgeError(file, undefined, undefined, `expected a YAML list of items (lines starting with "- "), found ${typeof data}`));
    return [];
  }
  return data.map((value, i) => [`#${i + 1}`, value]);
}

function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value && typeof value.id === 'string') return value.id;
  return undefined;
}

function validate<S extends z.ZodType>(schema: S, value: unknown, file: string, item: string | undefined, errors: KnowledgeError[]): z.infer<S> | undefined {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') : undefined;
    errors.push(new KnowledgeError(file, item, field, issue.message));
  }
  return undefined;
}

