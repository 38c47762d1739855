// The reader's word lists as sets and lookups, built once per lexicon.
import { wordnetLexicon, type ReaderLexicon } from '../knowledge/lexicon.js';
import type { EntityType } from '../knowledge/schema.js';

export interface LexiconSets {
  honorifics: Set<string>;
  postWords: Set<string>;
  postHeads: Set<string>;
  notNames: Set<string>;
  months: Set<string>;
  weekdays: Set<string>;
  places: Set<string>;
  hyphenSuffixes: Set<string>;
  /** Last word of a name → the type it gives (company, government, programme ...), most specific first. */
  typeByLastWord: Map<string, EntityType>;
  /** Any word of a name → a type it suggests when the last word says nothing. */
  typeByWord: Map<string, EntityType>;
  magnitudes: Map<string, number>;
  numbers: Map<string, number>;
  currencies: Array<[string, string]>;
  qualifiers: Array<[string, string]>;
  areaUnits: string[];
  jobNouns: Set<string>;
  speechVerbs: Set<string>;
  references: Map<string, string>;
  /** Common English words (WordNet): a name made only of them is a capitalised phrase, not a name. */
  commonWords: Set<string>;
  raw: ReaderLexicon;
}

const memo = new WeakMap<ReaderLexicon, LexiconSets>();

export function lexiconSets(lex: ReaderLexicon): LexiconSets {
  const cached = memo.get(lex);
  if (cached) return cached;
  const typeByLastWord = new Map<string, EntityType>();
  const typeByWord = new Map<string, EntityType>();
  // Later lists do not overwrite earlier ones: the order says which reading of an ambiguous word wins.
  const add = (map: Map<string, EntityType>, list: string[], type: EntityType) => {
    for (const w of list) if (!map.has(w)) map.set(w, type);
  };
  add(typeByLastWord, lex.place_words, 'place');
  add(typeByLastWord, lex.event_words, 'event');
  add(typeByLastWord, lex.fund_words, 'programme');
  add(typeByLastWord, lex.programme_words, 'programme');
  add(typeByLastWord, lex.park_words, 'park');
  add(typeByLastWord, lex.government_words, 'government');
  add(typeByLastWord, lex.organisation_words, 'organisation');
  add(typeByLastWord, lex.company_words, 'company');
  add(typeByLastWord, lex.facility_words, 'facility');
  add(typeByWord, lex.government_words, 'government');
  add(typeByWord, lex.organisation_words, 'organisation');
  add(typeByWord, lex.company_words, 'company');
  const sets: LexiconSets = {
    honorifics: new Set(lex.honorifics),
    postWords: new Set([...lex.post_words, ...lex.post_heads]),
    postHeads: new Set(lex.post_heads),
    notNames: new Set(lex.not_names),
    months: new Set(lex.months),
    weekdays: new Set(lex.weekdays),
    places: new Set(lex.places),
    hyphenSuffixes: new Set(lex.hyphen_suffixes),
    typeByLastWord,
    typeByWord,
    magnitudes: new Map(Object.entries(lex.magnitudes)),
    numbers: new Map(Object.entries(lex.numbers)),
    currencies: Object.entries(lex.currencies).sort((a, b) => b[0].length - a[0].length),
    qualifiers: Object.entries(lex.qualifiers).sort((a, b) => b[0].length - a[0].length),
    areaUnits: [...lex.area_units].sort((a, b) => b.length - a.length),
    jobNouns: new Set(lex.job_nouns),
    speechVerbs: new Set(lex.speech_verbs),
    references: new Map(Object.entries(lex.references)),
    commonWords: wordnetLexicon().words,
    raw: lex,
  };
  memo.set(lex, sets);
  return sets;
}
