// What the reader finds in one article: sentences, names with their types, figures, posts and who a sentence is about.
import type { EntityType } from '../knowledge/schema.js';

/** A sentence of the article body, by character offsets (the quote is `body.slice(start, end)`). */
export interface SentenceSpan {
  start: number;
  end: number;
}

/** A name as written in one sentence, with the type the reader gave it. */
export interface NameSpan {
  sentence: number;
  /** Offsets in the body. */
  start: number;
  end: number;
  /** The name without honorifics, posts or a possessive ("H.L. Yiu", "InvestHK"). */
  text: string;
  type: EntityType;
  /** How the type was recognised (for `npm run explain` and the ingest report). */
  cue: string;
  /** What the article says it is, right after the name ("Westwell, a Chinese AI logistics company,"). */
  description?: string;
  /** One capitalised word opening a sentence and nowhere else: a name only if it is one we already know. */
  doubtful?: boolean;
}

/** "Hong Kong Investment Corp (HKIC)": a long name and the short form the article defines for it. */
export interface Definition {
  long: string;
  short: string;
}

export type ValueType = 'money' | 'count' | 'percent' | 'area' | 'date' | 'duration' | 'year' | 'rank';

/** A typed figure in a sentence. */
export interface ValueSpan {
  sentence: number;
  start: number;
  end: number;
  text: string;
  type: ValueType;
  value: number;
  currency?: string;
  /** What a count counts ("research laboratories"), the unit of an area or duration. */
  unit?: string;
  qualifier: 'exact' | 'over' | 'nearly' | 'about' | 'up-to' | 'at-least';
  /** A date resolved against the article's date (YYYY, YYYY-MM or YYYY-MM-DD). */
  date?: string;
  /** The date was relative ("today", "on Monday", "last year") and was resolved. */
  relative?: boolean;
}

/** "Alpha Lau, InvestHK's director-general of investment promotion": a person's post, as written. */
export interface PostSpan {
  sentence: number;
  person: string;
  title: string;
  /** The organisation named with the post, when there is one. */
  organisation?: string;
  /** The post is one the person is taking up or leaving ("appointed as", "succeeding", "replacing"). */
  change?: 'appointed' | 'replaced';
  /** A post written before its holder ("Director-General of X, Mr Peter Yan"): where the post ends in the body. */
  after?: number;
}

/** Everything the reader takes from one article; a pure function of the article text and date. */
export interface Reading {
  version: number;
  /** Hash of what was read (title, date, body): a stored reading is reused only when it matches. */
  hash: string;
  sentences: SentenceSpan[];
  names: NameSpan[];
  definitions: Definition[];
  values: ValueSpan[];
  posts: PostSpan[];
  /** Per sentence: the name the sentence is about (its subject, pronouns and "the company" resolved). */
  subjects: Array<string | null>;
  /** Per sentence: who is quoted or credited ("…, she said"), resolved to a name. */
  speakers: Array<string | null>;
  /** Per sentence: names it refers to by description anywhere in it ("said the company would…"). */
  references: string[][];
}
