// Reads a question: the entities it names, its intent, the concepts it asks about, and names we do not know.
import { escapeRegExp } from './text/patterns.js';
import { packed } from './packed.js';
import type { EntityMention } from './entities.js';
import type { Engine } from './engine.js';
import { detectIntent, isIntentCue, PERCENT_ASK } from './intent.js';
import { CJK_FUNCTION_CHARS, QUESTION_WORDS, STOP_WORDS } from './text/stop-words.js';
import { hasCjk, normalise, segmentCjk, termsOf, words } from './text/tokenize.js';
import { foldChinese } from './text/chinese.js';
import { isEnglishWord, isKnownEnglish } from './text/english.js';
import type { Intent } from './types.js';

/** Something the question asks about: any of `terms` in a document covers it. */
export interface Concept {
  label: string;
  terms: string[];
  weight: number;
  /** Not a word of the corpus at all. */
  unknown: boolean;
  /** A named place the answer must be about (covered by documents naming the entity). */
  entity?: string;
  /** Also a cue of the intent ("invest" in a money question): it weighs less. */
  cue?: boolean;
  /** Chinese words we could not read: they count against a question with no entity, not against one with. */
  cjk?: boolean;
  /** Only its WordNet synonyms are words of the articles (it is covered less surely). */
  wordnet?: boolean;
  /** General English synonyms from WordNet that the articles use: a document with one of them covers the concept less. */
  related?: string[];
}

/** Where the question's words hold a glossary phrase of two or three words (not inside an entity's name). */
function glossaryPhrases(engine: Engine, latin: string[], covered: ReadonlySet<number>): Map<number, { start: boolean; text: string; group: string[] }> {
  const found = new Map<number, { start: boolean; text: string; group: string[] }>();
  if (engine.phrases.size === 0) return found;
  for (let i = 0; i < latin.length; i++) {
    for (const length of [3, 2]) {
      if (i + length > latin.length) continue;
      const text = latin.slice(i, i + length).join(' ');
      const group = engine.phrases.get(text);
      if (!group || latin.slice(i, i + length).some((_, k) => covered.has(i + k))) continue;
      for (let k = 0; k < length; k++) found.set(i + k, { start: k === 0, text, group });
      i += length - 1;
      break;
    }
  }
  return found;
}

/**
 * A concept with every field present, in one order: concepts of one shape keep the ranking's hot loops on one
 * hidden class (objects of several shapes make V8 throw away its optimised code, which showed in the p99).
 */
function concept(label: string, terms: string[], weight: number, unknown: boolean, extra: Pick<Concept, 'entity' | 'cue' | 'cjk' | 'wordnet' | 'related'>): Concept {
  return { label, terms, weight, unknown, entity: extra.entity, cue: extra.cue, cjk: extra.cjk, wordnet: extra.wordnet, related: extra.related };
}

export interface Analysis {
  /** The question as read (chat forms rewritten). */
  question: string;
  /** The initials of the publisher whose article the question means ("the HDN report"), if it names one. */
  publisher?: string;
  /** The question as the user typed it, for showing back. */
  original: string;
  intent: Intent;
  mentions: EntityMention[];
  /** Named entities that are not background (most specific first). */
  specific: string[];
  background: string[];
  concepts: Concept[];
  /** Capitalised words that look like names and are nowhere in the knowledge base. */
  unknownNames: string[];
  /** The question refers back ("it", "they", "the company") or has no subject of its own. */
  followUp: boolean;
  /** Pairs of consecutive content terms ("partner network"), which score more when a document has them together. */
  bigrams: string[];
  /** The question asks outright for an amount or a time ("how much", "when"), not just names the topic. */
  explicit: boolean;
  /** What "how many" counts ("cars" in "how many cars did…"), with synonyms: the answer's figure must count it. */
  counted: Set<string>;
  /** It asks for a percentage ("what share of…"). */
  percent: boolean;
  /** The question names a person by name (not by a post such as "Chairman of the Board"). */
  namesPerson: boolean;
}

const PERSON_ROLE = /\b(who|whom|ceo|chief|chairman|chair|director|secretary|president|founder|boss|manager|head of|leader of)\b|誰|谁|行政總裁|行政总裁|總裁|总裁|主席|局長|局长/i;
const EXPLICIT = /\b(how much|how many|how long|when|what year|which year|what date|by when|where|located|address|price|prices|cost|costs|worth|valuation|revenue|profits?|salary|salaries|budgets?)\b|哪裡|哪里|在哪|地址|位於|位于|多少|幾多|几多|何時|何时|幾時|几时|甚麼時候|什麼時候|什么时候|哪一年|哪年/i;

/** The terms of the (up to three) words after "how many", with their synonyms. */
const TIME_WORDS = new Set(['now', 'today', 'currently', 'right', 'so', 'far', 'yet', 'total', 'overall', 'altogether', 'exactly', 'roughly', 'approximately', 'about', 'in', 'at', 'so-far']);

function countedTerms(engine: Engine, question: string, mentionWords: ReadonlySet<string>): Set<string> {
  // "How many startups…", and "what is the (total) number of startups…".
  const match = /\bhow many\b([^?.!,]*)/i.exec(question) ?? /^\s*what(?:'s| is| was| are)? (?:the )?(?:total |overall |combined )?number of\b([^?.!,]*)/i.exec(question);
  const out = new Set<string>();
  // "有多少个研究实验室": what a Chinese count counts follows its measure word; its glossary words stand for it.
  const chinese = /(?:多少|几)(?:个|间|家|位|名|项|所|批|只|條|条)?([\u4e00-\u9fff]{1,8})/u.exec(question);
  if (!match && chinese) {
    for (const [word, group] of engine.cjkGlossary) if (chinese[1]!.includes(word)) for (const t of group) out.add(t);
    return out;
  }
  if (!match) return out;
  const content = (text: string) => words(text).filter((w) => !STOP_WORDS.has(w) && !TIME_WORDS.has(w) && !QUESTION_WORDS.has(w) && !/^\d+$/.test(w));
  // The names in it are what is counted about, not what is counted ("how many companies has Cyberport hosted").
  let counted = content(match[1]!).filter((w) => !mentionWords.has(w)).slice(0, 2);
  // "cyberport startups how many": in chat the counted thing can come first.
  if (counted.length === 0) counted = content(question.slice(0, match.index)).filter((w) => !mentionWords.has(w)).slice(-2);
  // "How many people…": any noun for people counts them (staff, guests, researchers…).
  if (counted.some((w) => w === 'people' || w === 'persons')) counted = [...counted, ...engine.personNouns];
  for (const raw of counted) {
    const w = engine.matcher.knows(raw) || isEnglishWord(raw) ? raw : (engine.speller.correct(raw) ?? raw);
    for (const t of termsOf(w)) {
      out.add(t);
      for (const group of engine.synonyms.get(t) ?? []) for (const s of group) out.add(s);
    }
  }
  return out;
}

/** The question with the words that named entities blanked out. */
function maskMentions(question: string, mentions: EntityMention[]): string {
  let masked = question;
  for (const m of mentions) {
    if (m.how === 'cjk') masked = masked.split(m.text).join(' ');
    else masked = masked.replace(new RegExp(`\\b${m.text.split(' ').map(escapeRegExp).join("(?:['’]s)?\\W+")}(?:['’]s)?\\b`, 'i'), ' ');
  }
  return masked;
}


const MAX_QUESTION = 600;
const FOLLOW_UP = /\b(it|its|it's|they|them|their|theirs|he|him|his|she|her|this|that|these|those|the company|the firm|the project|the park|the centre|the center)\b|它|他|她|佢|該|该|這家|这家|這間|这间|此/i;

export function idf(engine: Engine, term: string): number {
  const n = engine.index.docs.length || 1;
  const df = engine.index.df.get(term) ?? 0;
  return df === 0 ? 0 : Math.log(1 + n / df);
}

export function analyseQuestion(engine: Engine, rawQuestion: string): Analysis {
  // Chat forms and slips ("wat", "rn", "hk", "10k") become plain words first; the question shown back stays as typed.
  // Chinese is folded to Simplified and Cantonese read as standard written Chinese.
  const question = engine.cantonese(foldChinese(engine.chat(rawQuestion.replace(/[\u0000-\u001F\u007F]+/g, ' ').slice(0, MAX_QUESTION)))).trim();
  const mentions = engine.matcher.find(question);
  // "the battery giant", "the chip maker": an entity named by what it is, when the question names none.
  if (!mentions.some((m) => !engine.background.has(m.id))) {
    const described = describedEntity(engine, question);
    if (described) mentions.push(described);
  }
  // The intent comes from the words around the names: "Cyberport Investor Network" is not a money question.
  const masked = maskMentions(question, mentions);
  // A double question ("What will Westwell build, and who would use them?") is read by its first clause.
  let intent = detectIntent(masked.split(/,?\s+and\s+(?=(?:who|what|when|where|how|which)\b)/i)[0] ?? masked);
  // "Cyberport's role in SMEs" asks what an organisation does, not who holds a post.
  if (intent === 'role' && !PERSON_ROLE.test(masked) && engine.matcher.get(mentions[0]?.id ?? '')?.type !== 'person') intent = 'general';
  const explicit = EXPLICIT.test(question);
  const ids = mentions.map((m) => m.id);
  const specific = packed(ids.filter((id) => !engine.background.has(id)));
  const background = packed(ids.filter((id) => engine.background.has(id)));

  const mentionWords = new Set(mentions.flatMap((m) => (m.start >= 0 ? m.text.split(' ') : [])));
  const covered = new Set<number>();
  for (const m of mentions) for (let i = m.start; i < m.end; i++) covered.add(i);

  const concepts: Concept[] = [];
  const seen = new Set<string>();
  const maxIdf = Math.log(1 + (engine.index.docs.length || 1));
  const addConcept = (label: string, base: string[], unknownWord: boolean) => {
    const key = base.join('|');
    if (!base.length || seen.has(key)) return;
    seen.add(key);
    const expanded = new Set(base);
    for (const t of base) for (const group of engine.synonyms.get(t) ?? []) for (const s of group) expanded.add(s);
    // General English synonyms (WordNet) for a word the glossary does not know, if the articles use them.
    const related = expanded.size === base.length ? relatedTerms(engine, label).filter((t) => !expanded.has(t) && engine.index.df.has(t)) : [];
    const known = [...expanded, ...related].map((t) => idf(engine, t)).filter((x) => x > 0);
    const cue = isIntentCue(intent, label);
    const weight = (known.length ? Math.max(...known) : unknownWord ? maxIdf * 0.6 : maxIdf * 0.3) * (cue ? 0.3 : 1);
    const ownKnown = [...expanded].some((t) => idf(engine, t) > 0);
    concepts.push(concept(label, [...expanded], weight, known.length === 0 && unknownWord && !cue, { related: related.length ? related : undefined, cue: cue || undefined, wordnet: !ownKnown && related.length > 0 && unknownWord ? true : undefined }));
  };

  // English (and other Latin-script) words not part of an entity name.
  const latin = words(question).filter((w) => !hasCjk(w));
  const sequence: string[] = [];
  const phrases = glossaryPhrases(engine, latin, covered);
  const citing = sourceReference(engine, latin);
  latin.forEach((raw, i) => {
    // "the HDN report", "according to the KBT": which article, not what is asked about.
    if (citing.has(i)) return;
    // Words of entity names take part in phrases ("Global Digital Commerce Conference") but are not concepts.
    if (covered.has(i)) {
      sequence.push(termsOf(raw)[0] ?? '');
      return;
    }
    // A glossary phrase ("take over") is one concept: its group's words, not each of its own.
    const phrase = phrases.get(i);
    if (phrase) {
      if (phrase.start) addConcept(phrase.text, phrase.group, false);
      sequence.push(phrase.group[0] ?? '');
      return;
    }
    if (QUESTION_WORDS.has(raw) || STOP_WORDS.has(raw)) return;
    const known = engine.matcher.knows(raw) || engine.synonyms.has(termsOf(raw)[0] ?? raw);
    // A misspelling is corrected to a word of the articles; an ordinary English word ("bake") is left as it is.
    const word = known || isEnglishWord(raw) ? raw : (engine.speller.correct(raw) ?? raw);
    // One concept per word: "start-ups" is startup, start or ups, not three things asked about.
    const alternatives = termsOf(word).filter((t) => !QUESTION_WORDS.has(t));
    if (alternatives.length === 0) return;
    addConcept(word, alternatives, word === raw && !known);
    sequence.push(alternatives[0]!);
  });
  const bigrams: string[] = [];
  for (let i = 1; i < sequence.length; i++) if (sequence[i - 1] && sequence[i]) bigrams.push(`${sequence[i - 1]} ${sequence[i]}`);

  // Chinese: glossary words found in what the entity names leave over.
  let rest = normalise(question);
  for (const m of mentions) if (m.how === 'cjk') rest = rest.split(m.text).join(' ');
  if (hasCjk(rest)) {
    for (const [word, group] of engine.cjkGlossary) {
      if (!rest.includes(word)) continue;
      rest = rest.split(word).join(' ');
      addConcept(word, group, false);
    }
    // What is left of the Chinese, less function words, is something the question asks about that we cannot read.
    for (const segment of segmentCjk(rest)) {
      if ([...segment].every((ch) => CJK_FUNCTION_CHARS.has(ch) || engine.particles.has(ch)) || STOP_WORDS.has(segment) || engine.particles.has(segment)) continue;
      // "消息" in "數碼港最近有咩消息？" says what the question asks for (news), as "news" does in English.
      if (isIntentCue(intent, segment)) continue;
      concepts.push(concept(segment, [segment], maxIdf * 0.5, true, { cjk: true }));
    }
  }

  // The words of a description that named an entity ("the battery giant") are the entity, not things asked about.
  const descriptorWords = new Set(mentions.filter((m) => m.how === 'descriptor').flatMap((m) => words(m.text)));
  if (descriptorWords.size) {
    for (let i = concepts.length - 1; i >= 0; i--) if (descriptorWords.has(concepts[i]!.label.toLowerCase())) concepts.splice(i, 1);
  }

  // Places named beside the question's words ("in Shenzhen") narrow it: the answer must name them too.
  for (const id of background) {
    const entity = engine.matcher.get(id);
    if (entity && !concepts.some((c) => c.entity === id)) concepts.push(concept(entity.name, [], maxIdf * 0.5, false, { entity: id }));
  }

  const unknownNames: string[] = [];
  const original = question.normalize('NFKC');
  let index = 0;
  for (const match of original.matchAll(/[\p{L}\p{N}]+(?:[&.'\-][\p{L}\p{N}]+)*/gu)) {
    const token = match[0];
    const position = index++;
    if (hasCjk(token)) continue;
    const lower = token.toLowerCase().replace(/'s$/, '');
    if (!/^\p{Lu}/u.test(token)) {
      // Chat is typed in lower case: a word that is no English word, no word of the articles and no slip of one
      // ("sensetime") is a name we do not know.
      if (lower.length >= 6 && /^[a-z]+$/.test(lower) && !engine.matcher.knows(lower) && !isKnownEnglish(lower) && !STOP_WORDS.has(lower) && !QUESTION_WORDS.has(lower) && !engine.synonyms.has(termsOf(lower)[0] ?? lower) && !engine.speller.correct(lower) && !mentionWords.has(lower) && !engine.wordnet.has(lower)) unknownNames.push(token);
      continue;
    }
    const isAcronym = /^\p{Lu}{2,}$/u.test(token);
    if (position === 0 && !isAcronym) continue;
    // "a Gulf kingdom", "a European bank": a capitalised word between an article and a common noun describes; it names nothing.
    if (!isAcronym && /\b(a|an)\s+$/i.test(original.slice(Math.max(0, match.index - 4), match.index)) && /^\s+[a-z]/.test(original.slice(match.index + token.length, match.index + token.length + 3))) continue;
    if (mentionWords.has(lower) || STOP_WORDS.has(lower) || QUESTION_WORDS.has(lower) || engine.matcher.knows(lower)) continue;
    // "SCMP" names a publisher of the articles; "HKIC-funded" is a known name with a suffix.
    if (isAcronym && engine.publishers.has(lower)) continue;
    if (token.includes('-') && engine.matcher.resolve(token.split('-')[0]!)) continue;
    // A capitalised misspelling of a name's word ("Auoto") is a typo; one that only resembles an ordinary word ("SpaceX") is a name.
    const corrected = isAcronym ? undefined : engine.speller.correct(lower, 5);
    if (corrected && engine.matcher.isNameWord(corrected)) continue;
    if (engine.synonyms.has(termsOf(lower)[0] ?? lower)) continue;
    unknownNames.push(token);
  }
  // "the University of Hong Kong": a capitalised name of an organisation, made of known words, that is no entity.
  for (const run of original.matchAll(/\b\p{Lu}[\p{L}&'-]*(?:\s+(?:of|and|for|the|&)?\s*\p{Lu}[\p{L}&'-]*)+/gu)) {
    const text = run[0];
    const runWords = words(text);
    if (runWords.length < 2 || QUESTION_WORDS.has(runWords[0]!)) continue;
    if (!runWords.some((w) => engine.orgWords.has(w))) continue;
    const key = runWords.join(' ');
    if (mentions.some((m) => m.how !== 'cjk' && (key === m.text || m.text.includes(key)))) continue;
    // "HKUST Unicorn Day": names we know side by side; "Harbourline Robotics": a name we know, written short.
    if (runWords.every((w) => mentionWords.has(w) || ['of', 'and', 'for', 'the', '&'].includes(w))) continue;
    if (mentions.some((m) => m.how !== 'cjk' && !engine.background.has(m.id) && runWords.some((w) => m.text.split(' ').includes(w)))) continue;
    if (engine.matcher.resolve(text)?.name.toLowerCase() === text.toLowerCase()) continue;
    // Named in an article even if the reader did not make an entity of it ("the I&T Accelerator Pilot Scheme").
    if (namedInArticles(engine, runWords)) continue;
    unknownNames.push(text);
  }

  // A Chinese word we cannot read in a question that names nothing we know ("比亚迪" in "比亚迪在香港投资多少") is a name.
  if (specific.length === 0) {
    for (const c of concepts) if (c.cjk && c.label.length >= 2 && ![...c.label].some((ch) => CJK_FUNCTION_CHARS.has(ch))) unknownNames.push(asTyped(c.label, rawQuestion));
  }

  // "What does X make?" asks what X is, as "What is X?" does: the verb is the question's, not something asked about.
  if (intent === 'what' && specific.length > 0) {
    for (let i = concepts.length - 1; i >= 0; i--) if (concepts[i]!.cue && /^(make|makes|produce|produces|sell|sells|manufacture|manufactures|offer|offers)$/i.test(concepts[i]!.label)) concepts.splice(i, 1);
  }
  const followUp = specific.length === 0 && (FOLLOW_UP.test(question) || concepts.length <= 3);
  // What "how many" counts is what the question is about, not a cue ("people" in "how many people came?").
  const counted = countedTerms(engine, question, mentionWords);
  for (const concept of concepts) {
    if (concept.cue && concept.terms.some((t) => counted.has(t))) {
      concept.cue = false;
      concept.weight /= 0.3;
    }
  }
  const namesPerson = mentions.some((m) => engine.matcher.get(m.id)?.type === 'person' && !/\b(chairman|chairwoman|chair|ceo|chief|director|secretary|president|head|executive|officer|founder)\b/i.test(m.text));
  const publisher = [...citing].map((i) => latin[i]!).find((w) => engine.publishers.has(w));
  return { question, ...(publisher ? { publisher } : {}), original: rawQuestion.slice(0, 2000), namesPerson, intent, mentions, specific, background, concepts, unknownNames, followUp, bigrams, explicit, counted, percent: intent === 'count' && PERCENT_ASK.test(question) };
}

/** WordNet synonyms of a question word, as index terms ("hire" → employ, engage), memoised per engine. */
function relatedTerms(engine: Engine, word: string): string[] {
  const lower = word.toLowerCase();
  if (!/^[a-z]{3,}$/.test(lower)) return [];
  const forms = [lower, lower.replace(/s$/, ''), lower.replace(/es$/, ''), lower.replace(/ies$/, 'y'), lower.replace(/ed$/, ''), lower.replace(/ing$/, '')];
  const out = new Set<string>();
  for (const form of forms) for (const synonym of engine.wordnet.get(form) ?? []) for (const t of termsOf(synonym)) out.add(t);
  for (const t of termsOf(lower)) out.delete(t);
  return [...out];
}

const DESCRIPTOR = /\bthe\s+((?:[\w&-]+\s+){0,2}?[\w&-]+)\s+(firm|company|companies|maker|makers|giant|brand|group|start-?up|player|manufacturer|developer|operator|provider|builder|producer|outfit|business|enterprise)\b/i;

/** The entity a description stands for ("the EV maker" → the company whose description or sectors say EV). */
function describedEntity(engine: Engine, question: string): EntityMention | undefined {
  const match = DESCRIPTOR.exec(question);
  if (!match) return undefined;
  const modifiers = words(match[1]!).filter((w) => !STOP_WORDS.has(w) && !QUESTION_WORDS.has(w));
  if (!modifiers.length) return undefined;
  const wanted = modifiers.map((w) => {
    const terms = new Set(termsOf(w));
    for (const t of [...terms]) for (const group of engine.synonyms.get(t) ?? []) for (const x of group) terms.add(x);
    return terms;
  });
  let best: { id: string; score: number } | undefined;
  let tie = false;
  for (const entity of engine.kb.entities) {
    if (!['company', 'organisation'].includes(entity.type)) continue;
    const text = new Set(words(`${entity.name} ${entity.description} ${entity.sectors.join(' ')}`).flatMap(termsOf));
    const score = wanted.filter((terms) => [...terms].some((t) => text.has(t))).length;
    if (score === 0) continue;
    if (!best || score > best.score) {
      best = { id: entity.id, score };
      tie = false;
    } else if (score === best.score) tie = true;
  }
  if (!best || tie || best.score < modifiers.length) return undefined;
  return { id: best.id, text: match[0], start: -1, end: -1, how: 'descriptor' };
}

/** Do the words of a name all occur in one sentence of the articles (so the articles name it)? */
function namedInArticles(engine: Engine, nameWords: string[]): boolean {
  const terms = [...new Set(nameWords.flatMap(termsOf))].filter((t) => engine.index.df.has(t));
  if (terms.length === 0 || terms.length < nameWords.filter((w) => !STOP_WORDS.has(w)).length) return false;
  const hits = engine.index.mini.search(terms.join(' '), { tokenize: (t: string) => t.split(' '), processTerm: (t: string) => t, combineWith: 'AND' });
  // As a phrase, not only the same words somewhere in the sentence.
  const phrase = ` ${nameWords.join(' ')} `;
  return hits.slice(0, 30).some((hit) => {
    const doc = engine.index.docs[hit.id as number];
    return doc !== undefined && ` ${words(`${doc.text} ${doc.quote}`).join(' ')} `.includes(phrase);
  });
}

/** The words as the person typed them (Traditional stays Traditional) for a word read from the folded question. */
function asTyped(folded: string, raw: string): string {
  if (raw.includes(folded)) return folded;
  const chars = [...raw];
  const length = [...folded].length;
  for (let i = 0; i + length <= chars.length; i++) {
    const typed = chars.slice(i, i + length).join('');
    if (foldChinese(typed) === folded) return typed;
  }
  return folded;
}

const REPORT_WORDS = new Set(['report', 'reports', 'reported', 'article', 'articles', 'story', 'piece', 'coverage']);
const CITING_WORDS = new Set(['covered', 'cited', 'according', 'reported', 'mentioned', 'said', 'says']);

/** Positions of words that name the article a question means ("covered by the HDN report"): a publisher's initials and the words around them. */
function sourceReference(engine: Engine, latin: string[]): Set<number> {
  const out = new Set<number>();
  latin.forEach((w, i) => {
    if (!engine.publishers.has(w) || w.length < 3) return;
    out.add(i);
    if (REPORT_WORDS.has(latin[i + 1] ?? '')) out.add(i + 1);
    for (let j = i - 1; j >= Math.max(0, i - 3); j--) {
      if (CITING_WORDS.has(latin[j]!) || REPORT_WORDS.has(latin[j]!)) out.add(j);
    }
  });
  return out;
}
