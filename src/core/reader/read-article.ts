// Reads one article: sentences with offsets, names and their types, posts, typed figures, and who each sentence is about.
import { createRequire } from 'node:module';
import type { LexiconSets } from './lexicon-sets.js';
import { findNames, type SentenceTokens } from './names.js';
import { tag, type Token, type ValueEntity } from './nlp.js';
import { resolvePersonNames, resolveReferences } from './references.js';
import type { Definition, NameSpan, PostSpan, Reading, SentenceSpan, ValueSpan } from './types.js';
import { findValues } from './values.js';

/** Bump when the reader's output changes, so that stored readings are read again. */
export const READER_VERSION = 34;

export interface ArticleInput {
  title: string;
  body: string;
  /** The article's date (YYYY, YYYY-MM or YYYY-MM-DD), for "today", "on Monday", "last year". */
  date?: string;
}

export function readingHash(article: ArticleInput): string {
  // node:crypto is loaded when an article is first read, not at every start (a snapshot reads none).
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha1').update(`${READER_VERSION}\n${article.title}\n${article.date ?? ''}\n${article.body}`).digest('hex');
}

/** A sentence shorter than this is a heading fragment or a caption, not a statement. */
const MIN_SENTENCE = 12;
/** Most words capitalised: a headline. */
const HEADLINE_SHARE = 0.6;

/** Read an article. Deterministic: the same article and date always give the same reading. */
export function readArticle(article: ArticleInput, lex: LexiconSets): Reading {
  const { body } = article;
  const sentences: SentenceSpan[] = [];
  const perSentence: Array<SentenceTokens & { values: ValueEntity[] }> = [];
  // Paragraphs (lines) are read one by one: a heading never runs into the next sentence.
  let lineStart = 0;
  for (const line of body.split('\n')) {
    const lineOffset = lineStart;
    lineStart += line.length + 1;
    if (!line.trim()) continue;
    const tagged = quickTag(line);
    mergeAbbreviations(line, tagged.sentences);
    for (const s of tagged.sentences) {
      const start = lineOffset + s.start;
      const end = lineOffset + s.end;
      if (end - start < MIN_SENTENCE) continue;
      const tokens = tagged.tokens.slice(s.firstToken, s.lastToken + 1).map((t) => ({ ...t, start: t.start + lineOffset, end: t.end + lineOffset }));
      const words = tokens.filter((t) => /^\p{L}/u.test(t.text) && t.text.length > 3);
      // A headline: most words capitalised, short, and no full stop at the end.
      const sentenceText = line.slice(s.start, s.end).trim();
      const headline = words.length >= 4 && words.length <= 25 && !/[.!?]["”’)]?$/.test(sentenceText) && words.filter((t) => /^\p{Lu}/u.test(t.text)).length / words.length >= HEADLINE_SHARE;
      const values = tagged.values.filter((v) => v.start >= s.start && v.end <= s.end).map((v) => ({ ...v, start: v.start + lineOffset, end: v.end + lineOffset }));
      perSentence.push({ index: sentences.length, tokens, headline, values });
      sentences.push({ start, end });
    }
  }

  const names: NameSpan[] = [];
  const definitions: Definition[] = [];
  const posts: PostSpan[] = [];
  const values: ValueSpan[] = [];
  const byName: Array<{ tokens: Token[]; names: NameSpan[] }> = [];
  const knownNameWords = new Set<string>();
  const lowerWords = new Set((body.match(/(?<![\p{L}\p{N}])\p{Ll}[\p{L}\p{N}-]*/gu) ?? []).map((w) => w.toLowerCase()));
  const midCapitals = new Set(perSentence.flatMap((s) => s.tokens.slice(1).filter((t) => /^\p{Lu}/u.test(t.text)).map((t) => t.text)));
  for (const s of perSentence) {
    const found = findNames({ ...s, knownNameWords, lowerWords, midCapitals }, lex);
    for (const n of found.names) if (n.type === 'person') for (const w of n.text.split(/[\s-]+/)) if (w.length > 1) knownNameWords.add(w);
    names.push(...found.names);
    definitions.push(...found.definitions);
    posts.push(...found.posts);
    byName.push({ tokens: s.tokens, names: found.names });
    const span = sentences[s.index]!;
    values.push(
      ...findValues({
        sentence: s.index,
        offset: span.start,
        text: body.slice(span.start, span.end),
        tokens: s.tokens,
        dateEntities: s.values.filter((v) => v.type === 'DATE' || v.type === 'DURATION'),
        articleDate: article.date,
        lex,
      }),
    );
  }
  resolvePersonNames(byName);
  // A post's person written as a surname ("Chan") takes the full name too.
  for (const post of posts) {
    const full = names.find((n) => n.sentence === post.sentence && n.type === 'person' && n.cue === 'named before' && n.text.split(' ').includes(post.person));
    if (full) post.person = full.text;
  }
  markChanges(posts, body, sentences);
  addReplaced(posts, names, body, sentences);
  const { subjects, speakers, references } = resolveReferences(byName, body, sentences, lex);
  // "his most recent role as the Head of Innofacturing": the post's holder is the person the sentence is about.
  const personNames = new Set(names.filter((n) => n.type === 'person').map((n) => n.text));
  const heldPosts = posts.filter((post) => {
    if (post.person) return true;
    // The person named right after the post ("…, Mr Peter Yan"), or else whom the sentence is about.
    const next = post.after === undefined ? undefined : names.find((n) => n.sentence === post.sentence && n.type === 'person' && n.start > post.after! && /^[\s,]*(?:(?:mr|ms|mrs|dr|prof|ir)\.?\s+)*$/i.test(body.slice(post.after!, n.start)));
    if (next) {
      post.person = next.text;
      delete post.after;
      return true;
    }
    delete post.after;
    const who = subjects[post.sentence] ?? speakers[post.sentence];
    if (who && personNames.has(who)) post.person = who;
    return Boolean(post.person);
  });
  attachOrganisations(heldPosts, names, subjects, references);
  return { version: READER_VERSION, hash: readingHash(article), sentences, names, definitions, values, posts: heldPosts, subjects, speakers, references };
}

/** "386 million U." + "S. dollar) AI funding scheme": a sentence cut after an initial is put back together. */
function mergeAbbreviations(line: string, sentences: ReturnType<typeof tag>['sentences']): void {
  for (let i = sentences.length - 1; i > 0; i--) {
    const before = line.slice(sentences[i - 1]!.start, sentences[i - 1]!.end);
    const after = line.slice(sentences[i]!.start, sentences[i]!.end);
    // (And "Web3.0", "v2.5": no space at the split, so no sentence ends there.)
    const gap = line.slice(sentences[i - 1]!.end, sentences[i]!.start);
    if (/(?:^|[\s(])\p{Lu}\.$/u.test(before) || /^\p{Lu}\.\s/u.test(after) || /^\p{Ll}/u.test(after) || (gap === '' && /\w\.?$/.test(before) && /^\w/.test(after))) {
      sentences[i - 1] = { start: sentences[i - 1]!.start, end: sentences[i]!.end, firstToken: sentences[i - 1]!.firstToken, lastToken: sentences[i]!.lastToken };
      sentences.splice(i, 1);
    }
  }
}

/**
 * Lines with no figure, no capitalised word after the first and no date word need no model: their sentences are
 * split on full stops. This keeps reading fast for long plain passages; everything with names or figures is tagged.
 */
function quickTag(line: string): ReturnType<typeof tag> {
  if (/\d|\s\p{Lu}|[$%€£]/u.test(line)) return tag(line);
  const tokens: Token[] = [];
  const sentences: ReturnType<typeof tag>['sentences'] = [];
  for (const m of line.matchAll(/[^.!?]+[.!?]*/g)) {
    const first = tokens.length;
    for (const w of m[0].matchAll(/[\p{L}\p{N}'’-]+|[^\s\p{L}\p{N}]/gu)) {
      const start = m.index + w.index;
      tokens.push({ text: w[0], start, end: start + w[0].length, pos: /^\p{L}/u.test(w[0]) ? 'NOUN' : 'PUNCT' });
    }
    const trimmedStart = m.index + (m[0].length - m[0].trimStart().length);
    const trimmedEnd = m.index + m[0].trimEnd().length;
    if (tokens.length > first) sentences.push({ start: trimmedStart, end: trimmedEnd, firstToken: first, lastToken: tokens.length - 1 });
  }
  return { tokens, sentences, values: [] };
}

/** "Wong be replacing Albert Wong on August 1": the person replaced held the post just given to someone else. */
function addReplaced(posts: PostSpan[], names: NameSpan[], body: string, sentences: SentenceSpan[]): void {
  for (const name of names) {
    if (name.type !== 'person') continue;
    const span = sentences[name.sentence]!;
    const before = body.slice(Math.max(span.start, name.start - 30), name.start);
    if (!/\b(succeed\w*|replac\w*|tak\w* over from)\s+(?:(?:mr|ms|mrs|dr|prof)\.?\s+)?$/i.test(before)) continue;
    const given = posts.filter((p) => p.change === 'appointed' && p.sentence <= name.sentence && p.sentence >= name.sentence - 2 && p.person !== name.text).pop();
    if (!given || posts.some((p) => p.person === name.text && p.change === 'replaced')) continue;
    posts.push({ sentence: name.sentence, person: name.text, title: given.title, ...(given.organisation ? { organisation: given.organisation } : {}), change: 'replaced' });
  }
}

/** "appointed X as CEO", "succeeding Y", "replacing Y": posts being taken up, and the people leaving them. */
function markChanges(posts: PostSpan[], body: string, sentences: SentenceSpan[]): void {
  for (const post of posts) {
    const span = sentences[post.sentence]!;
    const text = body.slice(span.start, span.end);
    const at = text.indexOf(post.person);
    const before = at >= 0 ? text.slice(Math.max(0, at - 40), at) : '';
    if (/\b(succeed\w*|replac\w*)\s+(?:\w+\s+){0,2}$/i.test(before)) post.change = 'replaced';
    else if (/\b(appoint(?:ed|s)?|appointment of|named|promoted|hired|picked|chose|selected)\s+(?:\S+\s+){0,3}$/i.test(before)) post.change = 'appointed';
  }
}

/** Posts a company has whatever it is called: "said chief executive Grace Lam" is a post at the company of the story. */
const COMPANY_POST = /^(co-?)?(chief executive( officer)?|ceo|chairman|chairwoman|chairperson|chair|president|founder|co-founder|managing director|general manager|cto|cfo|coo|chief [a-z]+ officer)$/i;

/**
 * A company post named without its organisation ("…, said chief executive Grace Lam", "Chan, who serves as the
 * company's chief executive") is held at the company of the story: a company the sentence refers to ("the company"),
 * else the latest sentence subject that is a company, up to this sentence, else the first company named; failing a
 * company, the same for any organisation. A post with "of" or "for" names its own.
 */
function attachOrganisations(posts: PostSpan[], names: NameSpan[], subjects: Array<string | null>, references: string[][]): void {
  const typeOf = new Map(names.map((n) => [n.text, n.type]));
  for (const post of posts) {
    if (post.organisation || /\b(of|for)\b/i.test(post.title) || !COMPANY_POST.test(post.title.trim())) continue;
    for (const types of [['company'], ['company', 'organisation']]) {
      const fits = (name: string | null | undefined) => Boolean(name && types.includes(typeOf.get(name) ?? ''));
      let organisation = (references[post.sentence] ?? []).find(fits);
      for (let k = post.sentence; k >= 0 && !organisation; k--) if (fits(subjects[k])) organisation = subjects[k]!;
      organisation ??= names.find((n) => fits(n.text) && n.sentence <= post.sentence)?.text;
      if (organisation) {
        post.organisation = organisation;
        break;
      }
    }
  }
}
