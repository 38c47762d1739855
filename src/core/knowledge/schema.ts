// The knowledge base's record shapes: zod schemas for sources, entities, facts and the glossary.
import { z } from 'zod';

export const entityTypes = [
  'organisation',
  'company',
  'person',
  'place',
  'park',
  'government',
  'programme',
  'fund',
  'event',
  'facility',
  'document',
  'index',
] as const;

export const factKinds = [
  'announcement',
  'investment',
  'jobs',
  'capacity',
  'statistic',
  'role',
  'location',
  'date',
  'event',
  'programme',
  'description',
] as const;

/**
 * The schemas, built when knowledge is first loaded from its files: a start from a snapshot loads none, and
 * building zod schemas costs a start some milliseconds.
 */
function buildSchemas() {
  const slug = z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a kebab-case id (a-z, 0-9 and single hyphens)');

  /** A date as stated (YYYY, YYYY-MM or YYYY-MM-DD). */
  const isoDate = z
    .string()
    .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD');

  /** A passage of a source whose figures were garbled when the article was extracted. */
  const unreliablePassageSchema = z.object({
    /** Verbatim text of the source (white space folded) that must not be repeated as true. */
    text: z.string().min(3),
    /** What is wrong with it, shown to the user. */
    note: z.string().min(3),
    /** What the passage is about, in plain words, so that questions about it find it. */
    topic: z.string().min(3),
    /** The part that can be stated, when there is one, in our own words. */
    reliable: z.string().optional(),
    entities: z.array(slug).default([]),
  });

  const sourceMetaSchema = z.object({
    id: slug,
    title: z.string().min(3),
    publisher: z.string().min(2).optional(),
    url: z.url().optional(),
    date: isoDate,
    /** How the date was inferred, when the article does not state it. */
    date_note: z.string().optional(),
    /** The file the article came from (the seed or ingested file name). */
    origin: z.string().min(1),
    language: z.string().default('en'),
    unreliable: z.array(unreliablePassageSchema).default([]),
  });

  const relationSchema = z.object({
    /** role: a person's role at an organisation; located_in: a place; part_of; partner; sector. */
    type: z.enum(['role', 'located_in', 'part_of', 'operated_by', 'partner', 'sector', 'parent']),
    /** Entity id the relation points at, when it is an entity. */
    target: slug.optional(),
    /** Free value: the role title, the sector name, the address. */
    value: z.string().optional(),
    source: slug.optional(),
  });

  const entitySchema = z.object({
    id: slug,
    type: z.enum(entityTypes),
    name: z.string().min(1),
    description: z.string().min(3),
    /** Abbreviations, full names, spellings found in the articles, Chinese names (Traditional and Simplified). */
    aliases: z.array(z.string().min(1)).default([]),
    sectors: z.array(z.string().min(2)).default([]),
    relations: z.array(relationSchema).default([]),
    /** curated: written by a person in knowledge/entities; derived: found by the reader in an article. */
    provenance: z.enum(['curated', 'derived']).default('curated'),
  });

  const valueSchema = z.object({
    type: z.enum(['money', 'count', 'year', 'percent', 'area', 'duration', 'rank', 'size', 'date']),
    value: z.number(),
    currency: z.string().optional(),
    unit: z.string().optional(),
    /** over, nearly, about, up to: how the article qualifies the figure. */
    qualifier: z.enum(['exact', 'over', 'nearly', 'about', 'up-to', 'at-least']).default('exact'),
  });

  const factSchema = z.object({
    id: slug,
    subject: slug,
    /** Other entities the fact is about. */
    entities: z.array(slug).default([]),
    kind: z.enum(factKinds),
    /** Short statement in our own words, key fact first. */
    statement: z.string().min(10).max(400),
    values: z.array(valueSchema).default([]),
    /** When it happened or applies: a date or period as text (e.g. 2024, 2024-01-16/2024-01-19, by 2028). */
    date: z.string().optional(),
    source: slug,
    /** Verbatim from the source (white space and typographic quotes folded when checked). */
    quote: z.string().min(10),
    /** Extra search words (synonyms a person might use). */
    keywords: z.array(z.string()).default([]),
    /** curated: written by a person in knowledge/facts; derived: read from the article by the reader. */
    provenance: z.enum(['curated', 'derived']).default('curated'),
  });

  const glossaryEntrySchema = z.object({
    /** Words and phrases that mean the same thing in a question, English or Chinese. The first is canonical. */
    terms: z.array(z.string().min(1)).min(2),
  });
  return { unreliablePassageSchema, sourceMetaSchema, relationSchema, entitySchema, valueSchema, factSchema, glossaryEntrySchema };
}

type Schemas = ReturnType<typeof buildSchemas>;
let built: Schemas | undefined;

/** The knowledge base's record schemas (built once). */
export function knowledgeSchemas(): Schemas {
  return (built ??= buildSchemas());
}

export type UnreliablePassage = z.infer<Schemas['unreliablePassageSchema']>;
export type SourceMeta = z.infer<Schemas['sourceMetaSchema']>;
export type Entity = z.infer<Schemas['entitySchema']>;
export type EntityType = Entity['type'];
export type Relation = z.infer<Schemas['relationSchema']>;
export type Fact = z.infer<Schemas['factSchema']>;
export type FactKind = Fact['kind'];
export type FactValue = z.infer<Schemas['valueSchema']>;
export type GlossaryEntry = z.infer<Schemas['glossaryEntrySchema']>;

/** A source as loaded: metadata, cleaned body and where it came from. */
export interface Source extends SourceMeta {
  body: string;
  file: string;
}

/** Everything the knowledge base holds, validated and cross-checked. */
export interface KnowledgeBase {
  dir: string;
  sources: Source[];
  entities: Entity[];
  facts: Fact[];
  glossary: GlossaryEntry[];
  /** Source files that were left out because they cannot be used (the bot starts without them). */
  skipped?: SkippedSource[];
}

/** A source file left out of the knowledge base, and why. */
export interface SkippedSource {
  file: string;
  reason: string;
}
