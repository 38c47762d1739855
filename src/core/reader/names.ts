// Names in a sentence: runs of capitalised words, split from honorifics and posts, typed, with defined short forms.
import type { EntityType } from '../knowledge/schema.js';
import type { LexiconSets } from './lexicon-sets.js';
import type { Token } from './nlp.js';
import type { Definition, NameSpan, PostSpan } from './types.js';
import { ACRONYM, appositiveAfter, CAPITALISED, chineseGivenName, HYPHEN, JOINERS, lower, objectOfPersonVerb, POSSESSIVE, postAfter, postStart, speaks, textOf } from './name-tokens.js';

/** A sentence as the name finder sees it: its tokens (offsets in the body) and its index. */
export interface SentenceTokens {
  index: number;
  tokens: Token[];
  /** Most words capitalised: a headline, whose capitals say nothing about names. */
  headline: boolean;
  /** Words of people's names met earlier in the article ("Sun also said…" starts with a name). */
  knownNameWords?: ReadonlySet<string>;
  /** Words the article writes in lower case somewhere. */
  lowerWords?: ReadonlySet<string>;
  /** Capitalised words the article uses in the middle of a sentence. */
  midCapitals?: ReadonlySet<string>;
}

export interface NameFinding {
  names: NameSpan[];
  definitions: Definition[];
  posts: PostSpan[];
}

/** Find the names, short-form definitions and posts of one sentence. */
export function findNames(sentence: SentenceTokens, lex: LexiconSets): NameFinding {
  const { tokens } = sentence;
  const out: NameFinding = { names: [], definitions: [], posts: [] };
  const isNameToken = (i: number): boolean => {
    const t = tokens[i];
    if (!t || !CAPITALISED.test(t.text) || t.pos === 'PUNCT' || t.pos === 'SYM') return false;
    const w = lower(t);
    if (lex.months.has(w) || lex.weekdays.has(w)) return false;
    // "HK$1.5 billion", "US$8 billion": a currency, not a name.
    if (tokens[i + 1]?.text.startsWith('$') && t.end === tokens[i + 1]!.start) return false;
    // At the start of a sentence any word is capitalised: only a proper noun or an acronym starts a name there.
    if (i === 0 || /^["“‘(]$/.test(tokens[i - 1]!.text)) {
      if (lex.notNames.has(w)) return false;
      const next = tokens[i + 1];
      return t.pos === 'PROPN' || ACRONYM.test(t.text) || (sentence.knownNameWords?.has(t.text) ?? false) || definedAfter(tokens, i) || ((!isCommon(w, lex) || ['NOUN', 'ADJ', 'X'].includes(t.pos)) && Boolean(next && /^\p{Lu}/u.test(next.text) && next.pos === 'PROPN' && !lex.notNames.has(lower(next))));
    }
    // In a headline every word is capitalised: its names are read where the article repeats them.
    if (sentence.headline) return false;
    return !lex.notNames.has(w) || ACRONYM.test(t.text);
  };
  const attached = (a: Token, b: Token) => a.end === b.start;

  let i = 0;
  while (i < tokens.length) {
    if (!isNameToken(i)) {
      i++;
      continue;
    }
    let j = i;
    for (;;) {
      const next = tokens[j + 1];
      if (!next) break;
      if (isNameToken(j + 1)) {
        j++;
        continue;
      }
      // "Hi-Tech", "Chan Ka-chai": a hyphen joins the word after it whatever its case.
      const after = tokens[j + 2];
      if (HYPHEN.test(next.text) && attached(tokens[j]!, next) && after && attached(next, after) && /^\p{L}/u.test(after.text) && !lex.hyphenSuffixes.has(after.text.toLowerCase())) {
        j += 2;
        continue;
      }
      // "Office for Attracting Strategic Enterprises", "Science and Technology Parks": joiners between capitalised words.
      const w = lower(next);
      // "Hong Kong Innovation and Technology (I&T) Development Blueprint": a short form in brackets inside a name.
      if (next.text === '(' && ACRONYM.test(tokens[j + 2]?.text ?? '') && tokens[j + 3]?.text === ')' && isNameToken(j + 4)) {
        j += 4;
        continue;
      }
      if (JOINERS.has(w) && isNameToken(j + 2)) {
        j += 2;
        continue;
      }
      if (w === 'of' && lower(tokens[j + 2] ?? next) === 'the' && isNameToken(j + 3)) {
        j += 3;
        continue;
      }
      break;
    }
    handleRun(sentence, i, j, lex, out);
    i = j + 1;
  }
  quotedNames(sentence, lex, out);
  return out;
}

const OPEN_QUOTE = /^["“‘']$/;
const NAMING_BEFORE = new Set(['the', 'called', 'named', 'dubbed', 'titled', 'its', 'their', 'new']);
const NOT_IN_NAMES = new Set(['i', 'we', 'you', 'he', 'she', 'they', 'it', 'is', 'are', 'was', 'be', 'can', 'will', 'do', 'not']);
const CLOSE_QUOTE = /^["”’']$/;

/**
 * "announced the launch of the ‘AI Builders Circle’": a phrase in quotes whose words are all capitalised is the
 * name of something, however ordinary its words.
 */
function quotedNames(sentence: SentenceTokens, lex: LexiconSets, out: NameFinding): void {
  const { tokens } = sentence;
  for (let i = 0; i < tokens.length; i++) {
    if (!OPEN_QUOTE.test(tokens[i]!.text)) continue;
    let j = i + 1;
    while (j < tokens.length && j <= i + 7 && (/^\p{Lu}/u.test(tokens[j]!.text) || /^\d/.test(tokens[j]!.text) || (JOINERS.has(lower(tokens[j]!)) && j > i + 1))) j++;
    if (j - i < 3 || !CLOSE_QUOTE.test(tokens[j]?.text ?? '')) continue;
    // Named as a thing is ("the ‘…’", "called ‘…’"), not a slogan ("‘Yes We Can’").
    if (!NAMING_BEFORE.has(lower(tokens[i - 1] ?? tokens[i]!)) || tokens.slice(i + 1, j).some((t) => NOT_IN_NAMES.has(lower(t)))) continue;
    const start = tokens[i + 1]!.start;
    const end = tokens[j - 1]!.end;
    if (out.names.some((n) => n.sentence === sentence.index && n.start <= start && n.end >= end)) continue;
    // Names found inside it ("AI" alone) give way to the whole.
    out.names = out.names.filter((n) => !(n.sentence === sentence.index && n.start >= start && n.end <= end));
    const text = textOf(tokens, i + 1, j - 1);
    out.names.push({ sentence: sentence.index, start, end, text, type: typeOf(text, text.toLowerCase().split(/[\s-]+/), lex), cue: 'quoted name' });
    i = j;
  }
}

/** One run of capitalised words: strip honorifics, split off a post, type what is left and note a definition after it. */
function handleRun(sentence: SentenceTokens, first: number, last: number, lex: LexiconSets, out: NameFinding): void {
  const { tokens } = sentence;
  // "Tai Po and Yuen Long", "John Lee and Financial Secretary Paul Chan": "and" between two names, not inside one.
  // It stays inside a name whose last word says what kind of body it is ("Science and Technology Parks Corporation").
  const ands = [];
  for (let k = first + 1; k < last; k++) if (lower(tokens[k]!) === 'and' || tokens[k]!.text === '&') ands.push(k);
  if (ands.length) {
    const lastWord = lower(tokens[last]!);
    const segments: Array<[number, number]> = [];
    let from = first;
    for (const k of ands) {
      segments.push([from, k - 1]);
      from = k + 1;
    }
    segments.push([from, last]);
    const isPlace = ([a, b]: [number, number]) => lex.places.has(textOf(tokens, a, b).toLowerCase());
    // A post's own "and" ("Commissioner for Innovation and Technology Ivan Lee") is left to the post reading.
    let scan = first;
    while (scan <= last && (lex.postWords.has(lower(tokens[scan]!)) || JOINERS.has(lower(tokens[scan]!)))) scan++;
    // (Also the rest of a post a comma cut: "Secretary for Innovation, Technology and Industry Sun Dong".)
    const commaPost = tokens[first - 1]?.text === ',' && postStart(tokens, first - 1, lex) !== undefined;
    const post = commaPost || lex.postHeads.has(lower(tokens[first]!)) || lex.postHeads.has(lower(tokens[first + 1] ?? tokens[first]!)) ? ands[0]! < scan : false;
    // "Horizon Robotics and Black Sesame Technologies", "HKSTP and J2": the part before "and" is a whole name.
    const wholeBefore = ([a, b]: [number, number]) => (a === b && ACRONYM.test(tokens[a]!.text)) || lex.typeByLastWord.get(lower(tokens[b]!)) === 'company';
    if (!post && (!lex.typeByLastWord.has(lastWord) || segments.some(isPlace) || segments.slice(0, -1).some(wholeBefore))) {
      for (const [a, b] of segments) handleRun(sentence, a, b, lex, out);
      return;
    }
  }
  let a = first;
  let b = last;
  let honorific = false;
  while (a <= b && ((lex.notNames.has(lower(tokens[a]!)) && !leadsName(tokens, a, b)) || lex.honorifics.has(lower(tokens[a]!)))) {
    if (lex.honorifics.has(lower(tokens[a]!))) honorific = true;
    a++;
  }
  while (b >= a && JOINERS.has(lower(tokens[b]!))) b--;
  if (a > b) return;
  // A post before the name ("Financial Secretary Paul Chan", "CEO Clara Chan"), or the whole run is a post.
  let postEnd = a - 1;
  for (let k = a; k <= b; k++) {
    const w = lower(tokens[k]!);
    if (lex.postWords.has(w) || (JOINERS.has(w) && k > a) || (HYPHEN.test(w) && k > a)) postEnd = k;
    else break;
  }
  // "… Technology and Industry Professor Sun Dong": a title of address just before the name is not part of the post.
  while (postEnd > a && postEnd < b && lex.honorifics.has(lower(tokens[postEnd]!))) {
    honorific = true;
    postEnd--;
  }
  const postTokens = tokens.slice(a, postEnd + 1);
  const hasHead = postTokens.some((t) => lex.postHeads.has(lower(t)));
  if (postEnd >= b && hasHead) {
    // Only a post ("Chief Corporate Development Officer", "Head of Innofacturing"): a name may follow "of".
    const of = tokens.slice(a, b + 1).findIndex((t) => lower(t) === 'of');
    if (of > 0 && a + of + 1 <= b && !lex.postWords.has(lower(tokens[a + of + 1]!))) {
      // "Director-General of the Office for …, Mr Peter Yan": the holder may follow; read-article fills the person in.
      const organisation = addName(sentence, a + of + 1, b, lex, out, { cue: 'named in a post' });
      if (organisation) out.posts.push({ sentence: sentence.index, person: '', title: textOf(tokens, a, a + of - 1), organisation: organisation.text, after: tokens[b]!.end });
    }
    return;
  }
  let precedingPost: string | undefined;
  // "Secretary for Innovation, Technology and Industry Sun Dong": a post cut by a comma goes on in this run.
  if (!hasHead && postEnd >= a && postEnd < b && tokens[first - 1]?.text === ',') {
    const start = postStart(tokens, first - 1, lex);
    if (start !== undefined) {
      precedingPost = textOf(tokens, start, postEnd);
      a = postEnd + 1;
      while (a <= b && lex.honorifics.has(lower(tokens[a]!))) {
        honorific = true;
        a++;
      }
    }
  }
  // "Head of Innofacturing", "CEO of HKSTP": what follows the post is the organisation, not the person.
  if (hasHead && postEnd >= a && JOINERS.has(lower(tokens[postEnd]!))) {
    const organisation = addName(sentence, postEnd + 1, b, lex, out, { cue: 'named in a post' });
    if (organisation) out.posts.push({ sentence: sentence.index, person: '', title: textOf(tokens, a, postEnd - 1), organisation: organisation.text, after: tokens[b]!.end });
    return;
  }
  if (hasHead && postEnd >= a && !precedingPost) {
    precedingPost = textOf(tokens, a, postEnd);
    a = postEnd + 1;
    while (a <= b && lex.honorifics.has(lower(tokens[a]!))) {
      honorific = true;
      a++;
    }
  }
  if (a > b) return;
  // "HKSTP CEO Albert Wong": an organisation, a post, then the person.
  for (let k = a + 1; k < b; k++) {
    if (!lex.postHeads.has(lower(tokens[k]!))) continue;
    let end = k;
    while (end + 1 < b && lex.postWords.has(lower(tokens[end + 1]!))) end++;
    if (end >= b) break;
    const organisation = addName(sentence, a, k - 1, lex, out, { cue: 'named with a post' });
    const person = addName(sentence, end + 1, b, lex, out, { person: true, cue: 'after a post' });
    if (person) out.posts.push({ sentence: sentence.index, person: person.text, title: textOf(tokens, k, end), ...(organisation ? { organisation: organisation.text } : {}) });
    return;
  }
  const previous = tokens[first - 1];
  // A post in lower case just before the run ("chairman Sunny Chai", "HKSTP chairman Sunny Chai").
  if (!precedingPost && previous && lex.postHeads.has(lower(previous))) {
    let k = first - 1;
    while (k - 1 >= 0 && lex.postWords.has(lower(tokens[k - 1]!))) k--;
    precedingPost = textOf(tokens, k, first - 1);
  }
  const appositive = postAfter(tokens, b, lex);
  const personCue = honorific
    ? 'honorific'
    : precedingPost && (b > a || /^\p{Lu}[\p{Ll}]+$/u.test(tokens[a]!.text) === false ? b > a : false)
      ? 'after a post'
      : appositive
        ? 'a post follows'
        : chineseGivenName(tokens, a, b)
          ? 'Chinese given name'
          : speaks(tokens, a, b, lex)
            ? 'speaks'
            : objectOfPersonVerb(tokens, first, a, b, lex)
              ? 'replaced or appointed'
              : undefined;
  const name = addName(sentence, a, b, lex, out, { person: personCue !== undefined, cue: personCue ?? '' });
  if (!name) return;
  if (name.type === 'person') {
    const post = precedingPost ?? appositive?.title;
    if (post) {
      // "HKSTP has appointed Terry Wong as CEO": the post is at the organisation the sentence names before.
      const before = appositive?.as ? out.names.filter((n) => n.sentence === sentence.index && n.end <= tokens[first]!.start && n.type !== 'person' && n.type !== 'place').pop()?.text : undefined;
      const organisation = appositive?.organisation ?? before ?? organisationBefore(tokens, first, out, sentence.index);
      out.posts.push({ sentence: sentence.index, person: name.text, title: post, ...(organisation ? { organisation } : {}) });
    }
  }
  if (name.type !== 'person') {
    const description = appositiveAfter(tokens, b);
    if (description) name.description = description;
  }
  // "Hong Kong Investment Corp (HKIC)": the short form in brackets right after a name.
  const open = tokens[b + 1];
  const short = tokens[b + 2];
  const close = tokens[b + 3];
  if (open?.text === '(' && short && close?.text === ')' && (ACRONYM.test(short.text) || contracts(short.text, name.text)) && name.type !== 'person') {
    out.definitions.push({ long: name.text, short: short.text });
  }
}

/** Record a name over tokens [a, b] with its type; returns it, or nothing when the words are not a name. */
function addName(sentence: SentenceTokens, a: number, b: number, lex: LexiconSets, out: NameFinding, how: { person?: boolean; cue: string }): NameSpan | undefined {
  const { tokens } = sentence;
  while (a <= b && ((lex.notNames.has(lower(tokens[a]!)) && !leadsName(tokens, a, b)) || lex.honorifics.has(lower(tokens[a]!)))) a++;
  while (b >= a && (JOINERS.has(lower(tokens[b]!)) || POSSESSIVE.test(tokens[b]!.text))) b--;
  if (a > b) return undefined;
  const text = textOf(tokens, a, b);
  if (text.replace(/\W/g, '').length < 2) return undefined;
  const words = text.toLowerCase().split(/[\s-]+/);
  // One ordinary word capitalised ("Park", "Incubation") is not a name; neither is a post or a date.
  if (a === b && !ACRONYM.test(tokens[a]!.text) && tokens[a]!.pos !== 'PROPN') return undefined;
  // "Innovators said…": one word at the head of a sentence is a name only if the article capitalises it elsewhere too,
  // or it is written like a name ("InvestHK", "DeepSeek").
  const doubtful = a === b && a === 0 && !/\p{Lu}.*\p{Lu}/u.test(tokens[a]!.text) && !(sentence.midCapitals?.has(tokens[a]!.text) ?? false);
  // "Microelectronics" at the head of a paragraph, when the article also writes "microelectronics": an ordinary word.
  if (a === b && !ACRONYM.test(tokens[a]!.text) && sentence.lowerWords?.has(tokens[a]!.text.toLowerCase())) return undefined;
  // "Holdings Limited", "Chief Executive" are no names; "Robotics Forum" (a field, then a kind of event) is one.
  if (words.every((w) => lex.postWords.has(w) || JOINERS.has(w) || lex.typeByLastWord.has(w)) && new Set(words.map((w) => lex.typeByLastWord.get(w)).filter(Boolean)).size < 2) return undefined;
  const type: EntityType = how.person ? 'person' : typeOf(text, words, lex);
  // "Strategic Partnerships", "Energy and Sustainability": ordinary words with capitals are not a name, unless their
  // last word says what kind of body they are ("Beta Lab", "Unicorn Day").
  const plain = words.filter((w) => !JOINERS.has(w));
  if (!how.person && type !== 'place' && !ACRONYM.test(text) && plain.every((w) => isCommon(w, lex) || lex.postWords.has(w)) && (plain.length === 1 || !lex.typeByLastWord.has(plain[plain.length - 1]!))) return undefined;
  const span: NameSpan = { sentence: sentence.index, start: tokens[a]!.start, end: tokens[b]!.end, text, type, cue: how.person ? how.cue : `${type} word`, ...(doubtful ? { doubtful } : {}) };
  out.names.push(span);
  return span;
}

/** The type a name's words give it: a place we know, then its last word, then any word; an organisation otherwise. */
export function typeOf(text: string, words: string[], lex: LexiconSets): EntityType {
  const key = text.toLowerCase();
  if (lex.places.has(key)) return 'place';
  const lastWord = words[words.length - 1]!;
  // "Harbourline Robotics Corporation" is a company, "Science and Technology Parks Corporation" an organisation:
  // a legal form says what kind of body only with the words before it.
  if (['corporation', 'corp', 'group', 'limited', 'ltd'].includes(lastWord.replace(/\.$/, '')) && words.length > 1) {
    return words.slice(0, -1).some((w) => lex.typeByLastWord.get(w) === 'company') ? 'company' : lastWord.startsWith('corp') ? 'organisation' : 'company';
  }
  const byLast = lex.typeByLastWord.get(lastWord);
  if (byLast) return byLast;
  for (let i = words.length - 2; i >= 0; i--) {
    const type = lex.typeByWord.get(words[i]!);
    if (type) return type;
  }
  return 'organisation';
}

/** The organisation named just before a post in lower case ("HKSTP chairman Sunny Chai"). */
function organisationBefore(tokens: Token[], first: number, out: NameFinding, sentence: number): string | undefined {
  let k = first - 1;
  while (k >= 0 && !CAPITALISED.test(tokens[k]!.text) && /^\p{L}/u.test(tokens[k]!.text)) k--;
  if (k < 0 || first - k > 4) return undefined;
  const before = out.names.filter((n) => n.sentence === sentence && n.type !== 'person' && n.type !== 'place' && n.end <= tokens[k]!.end && n.end >= tokens[k]!.start);
  return before.length ? before[before.length - 1]!.text : undefined;
}

/** A common English word, in any of its plain inflections ("investors", "partnerships", "companies"). */
function isCommon(word: string, lex: LexiconSets): boolean {
  const w = word.toLowerCase();
  return [w, w.replace(/s$/, ''), w.replace(/es$/, ''), w.replace(/ies$/, 'y'), w.replace(/ing$/, ''), w.replace(/ed$/, '')].some((f) => f.length > 1 && lex.commonWords.has(f));
}

/** "AI Talent Programme", "I&T Development Blueprint": a short form in capitals that begins a longer name is part of it. */
function leadsName(tokens: Token[], a: number, b: number): boolean {
  return a < b && /^[A-Z][A-Z0-9&]{1,5}$/.test(tokens[a]!.text) && CAPITALISED.test(tokens[a + 1]!.text);
}

/**
 * "Trade Harbour Kowloon (TradeHK)", "Harbour Seed Fund (HarSF)": a short form in mixed case that takes, in order, the
 * beginning of each of the long name's words (or skips a word), starting with the first.
 */
function contracts(short: string, long: string): boolean {
  if (!/^\p{Lu}[\p{L}\d&]{2,15}$/u.test(short) || (short.match(/\p{Lu}/gu) ?? []).length < 2) return false;
  const s = short.toLowerCase();
  const ws = long.toLowerCase().split(/[\s-]+/).filter(Boolean);
  if (ws.length < 2 || ws[0]![0] !== s[0]) return false;
  const match = (i: number, j: number, used: number): boolean => {
    if (i === s.length) return used * 2 >= ws.length;
    if (j === ws.length) return false;
    const w = ws[j]!;
    for (let k = Math.min(w.length, s.length - i); k >= 1; k--) if (s.startsWith(w.slice(0, k), i) && match(i + k, j + 1, used + 1)) return true;
    return j > 0 && match(i, j + 1, used);
  };
  return match(0, 0, 0);
}

/**
 * "Grow Hong Kong (GrowHK) said…": a sentence's first word begins a name when the short form in brackets after the
 * capitalised words that follow it takes its letters from all of them, the first word included.
 */
function definedAfter(tokens: readonly Token[], i: number): boolean {
  let j = i + 1;
  while (j < tokens.length && j <= i + 6 && /^\p{Lu}/u.test(tokens[j]!.text)) j++;
  if (j === i + 1 || tokens[j]?.text !== '(' || tokens[j + 2]?.text !== ')') return false;
  const short = tokens[j + 1]!.text;
  const run = tokens.slice(i, j).map((t) => t.text).join(' ');
  return (ACRONYM.test(short) && short.length === j - i && short[0] === run[0]) || contracts(short, run);
}
