// Public types of the query core: answers, citations, lookups and options.
import type { EntityType, FactKind, KnowledgeBase } from './knowledge/schema.js';

/** Where an answer's words come from: a verbatim quote of one article. */
export interface Citation {
  /** Source id in the knowledge base. */
  source: string;
  title: string;
  /** Verbatim text of the article. */
  quote: string;
  url?: string;
  publisher?: string;
  date?: string;
}

/** A reference to an entity of the knowledge base. */
export interface EntityRef {
  id: string;
  name: string;
  type: EntityType;
}

/** What the question asks for. */
export type Intent =
  | 'announcement'
  | 'money'
  | 'count'
  | 'jobs'
  | 'where'
  | 'when'
  | 'who'
  | 'role'
  | 'what'
  | 'ranking'
  | 'capacity'
  | 'general';

/** The core's reply to a question. Declining is an answer with `answered: false` and help. */
export interface Answer {
  question: string;
  answered: boolean;
  /** At most 700 characters (a list or comparison at most 1,400), the key fact first. */
  text: string;
  citations: Citation[];
  /** The entities the answer is about (adapters keep them as follow-up context). */
  entities: EntityRef[];
  /** Next questions or commands worth trying. */
  suggestions: string[];
  intent: Intent;
  /** True when the best match is a passage whose figures are unreadable in the source. */
  unreliable?: boolean;
  /** Ids of the facts and passages the answer rests on (for feedback and debugging); empty when declined. */
  factIds?: string[];
}

/** Follow-up context an adapter keeps per chat. */
export interface QueryContext {
  /** Entity ids mentioned recently, most recent first. */
  recentEntities?: string[];
}

/** One fact as shown in a profile or a list. */
export interface FactView {
  id: string;
  kind: FactKind;
  statement: string;
  date?: string;
  citation: Citation;
}

/** Everything known about one entity. */
export interface EntityProfile {
  entity: EntityRef;
  description: string;
  aliases: string[];
  sectors: string[];
  relations: Array<{ type: string; label: string; target?: EntityRef }>;
  facts: FactView[];
  /** Other entities that appear with this one. */
  related: EntityRef[];
  /** Announcements about this entity, newest first. */
  announcements: FactView[];
}

/** A ranked search hit: a passage of an article or a fact. */
export interface SearchHit {
  kind: 'fact' | 'passage';
  score: number;
  /** Short text around the matched words. */
  snippet: string;
  citation: Citation;
  entities: EntityRef[];
}

export interface SearchResult {
  query: string;
  total: number;
  hits: SearchHit[];
}

/** An announcement as listed by `latest`. */
export interface AnnouncementView extends FactView {
  /** What it is about; absent for an ingested article that names no known entity. */
  subject?: EntityRef;
  sourceDate: string;
}

export interface SourceSummary {
  id: string;
  title: string;
  publisher?: string;
  url?: string;
  date: string;
  dateNote?: string;
  facts: number;
}

export interface EntityCompletion {
  id: string;
  name: string;
  type: EntityType;
  /** The alias that matched, when it is not the name. */
  matched?: string;
}

/** Options of `createQueryCore`. */
export interface QueryCoreOptions {
  /** The knowledge base, already loaded (see `loadKnowledge`). */
  knowledge: KnowledgeBase;
  /** Longest answer text. Default 700. */
  maxAnswerLength?: number;
  /** How many citations an answer carries at most. Default 2. */
  maxCitations?: number;
}

/** The query core: answers questions and serves the lookups every command needs. */
export interface QueryCore {
  ask(question: string, context?: QueryContext): Answer;
  profile(name: string): EntityProfile | undefined;
  search(query: string, limit?: number): SearchResult;
  latest(limit?: number, filter?: { entity?: string }): AnnouncementView[];
  sources(): SourceSummary[];
  complete(prefix: string, limit?: number): EntityCompletion[];
  /** Entities whose names or aliases appear in a text (used by ingestion and alerts). */
  entitiesIn(text: string): EntityRef[];
  /** Resolve a name, alias, misspelling or Chinese name to one entity. */
  resolveEntity(name: string): EntityRef | undefined;
  /** Rebuild after the knowledge base changed. */
  reload(knowledge: KnowledgeBase): void;
  /** Add new articles (the knowledge base with them at the end, see `addSourceFiles`): only they are indexed. */
  extend(knowledge: KnowledgeBase): void;
  /**
   * Swap in a knowledge base and its index built elsewhere (a worker thread, see `buildOffThread`): the engine is
   * made from them in steps, questions meanwhile are answered by the one in use, and it is swapped in when ready.
   */
  replace(knowledge: KnowledgeBase, serializedIndex: string): Promise<void>;
  readonly knowledge: KnowledgeBase;
  readonly stats: { facts: number; passages: number; entities: number; sources: number };
}
