// Who each sentence is about and who is quoted: pronouns, "the company" and bare surnames resolved to the last fitting name.
import type { LexiconSets } from './lexicon-sets.js';
import type { Token } from './nlp.js';
import type { NameSpan } from './types.js';

export interface SentenceNames {
  tokens: Token[];
  names: NameSpan[];
}

const ORGANISATION_TYPES = new Set(['organisation', 'company', 'government', 'programme', 'park', 'event', 'facility']);
const DATELINE = /^[\p{Lu}\s,.]{3,40},?\s*(?:\p{L}+\.?\s*\d{1,2})?\s*(?:\([^)]*\))?\s*(?:--|–|—|-)\s*/u;

/**
 * Replace bare surnames and first names ("Chan said", "Albert added") by the full name of the last person
 * of the article who has that name, and give them the person type.
 */
export function resolvePersonNames(sentences: SentenceNames[]): void {
  const people: string[] = [];
  for (const s of sentences) {
    for (const name of s.names) {
      if (name.type === 'person' && name.text.includes(' ')) {
        people.push(name.text);
        continue;
      }
      if (name.text.includes(' ')) continue;
      const full = [...people].reverse().find((p) => p.split(/[\s-]+/).some((w) => w === name.text));
      if (full) {
        name.text = full;
        name.type = 'person';
        name.cue = 'named before';
      }
    }
  }
}

/** Per sentence: the name it is about, and the name of whoever it quotes. */
export function resolveReferences(sentences: SentenceNames[], body: string, offsets: Array<{ start: number; end: number }>, lex: LexiconSets): { subjects: Array<string | null>; speakers: Array<string | null>; references: string[][] } {
  const subjects: Array<string | null> = [];
  const speakers: Array<string | null> = [];
  const references: string[][] = [];
  // Descriptions of organisations ("the company", "the firm") refer back wherever they stand in a sentence.
  const descriptions = [...lex.references].filter(([phrase, type]) => phrase.startsWith('the ') && type !== 'person' && type !== 'any');
  let lastPerson: string | undefined;
  const recent: NameSpan[] = [];
  const lastOfType = (type: string): string | undefined => {
    for (let i = recent.length - 1; i >= 0; i--) {
      const n = recent[i]!;
      if (type === 'any' ? n.type !== 'place' : type === 'person' ? n.type === 'person' : type === 'organisation' ? ORGANISATION_TYPES.has(n.type) : n.type === type || (type === 'company' && n.type === 'organisation')) return n.text;
    }
    return undefined;
  };
  sentences.forEach((s, index) => {
    const offset = offsets[index]!;
    const text = body.slice(offset.start, offset.end);
    const dateline = DATELINE.exec(text);
    const from = offset.start + (dateline ? dateline[0].length : 0);
    const names = s.names.filter((n) => n.start >= from);
    // "Collectively, they…", "In 2024, the company…": a short opening phrase before the subject is skipped.
    const lead = text.slice(from - offset.start).toLowerCase().replace(/^(?:[\w'-]+\s){0,3}[\w'-]+,\s+(?=(?:he|she|it|they|its|their|the)\b)/, '');
    // "He joined…", "The company said…", "Its plan…": the sentence starts by referring back.
    let reference: string | undefined;
    // "It is my great pleasure to…", "It was expected that…": an "it" that refers to nothing.
    const expletive = EXPLETIVE_IT.test(lead);
    for (const [phrase, type] of expletive ? [] : lex.references) {
      if (lead.startsWith(`${phrase} `) || lead.startsWith(`${phrase}'`) || lead.startsWith(`${phrase},`)) {
        reference = type === 'person' ? lastPerson : lastOfType(type);
        break;
      }
    }
    // "The tool was developed by…": a sentence opening on a description (not a name) goes on about the last subject.
    if (!reference && index > 0 && subjects[index - 1]) {
      const opening = /^(the|this|that|these|such) ([a-z][a-z-]+)\b/.exec(lead);
      const firstName = names[0];
      if (opening && !lex.references.has(`the ${opening[2]}`) && (!firstName || firstName.start - from > opening[0].length + 1)) {
        // "The blueprint…" is the last name with "Blueprint" in it; failing that, whatever the last sentence was about.
        const noun = opening[2]!.replace(/s$/, '');
        const named = [...recent].reverse().find((n) => n.type !== 'person' && n.text.toLowerCase().split(/[\s-]+/).some((w) => w.replace(/s$/, '') === noun));
        reference = named?.text ?? subjects[index - 1]!;
      }
    }
    const speaker = speakerOf(s.tokens, names, lex, () => lastPerson, lastOfType);
    const first = names.find((n) => n.type !== 'place') ?? names[0];
    const subject = reference ?? (first && first.start - from < 60 ? first.text : (speaker ?? first?.text));
    subjects.push(subject ?? null);
    speakers.push(speaker ?? null);
    const lower = text.toLowerCase();
    const referred = new Set<string>();
    for (const [phrase, type] of descriptions) {
      if (!new RegExp(`\\b${phrase}\\b`).test(lower)) continue;
      const name = lastOfType(type);
      if (name && !names.some((n) => n.text === name)) referred.add(name);
    }
    references.push([...referred]);
    for (const n of names) {
      recent.push(n);
      if (n.type === 'person') lastPerson = n.text;
    }
    // "Wong will replace Albert Wong… He will bring 30 years…": "he" is whom the sentence was about, not the last named.
    if (subject && names.some((n) => n.text === subject && n.type === 'person')) lastPerson = subject;
    if (subject && reference) recent.push({ ...(names[0] ?? { sentence: index, start: 0, end: 0, cue: '' }), text: subject, type: recent.find((r) => r.text === subject)?.type ?? 'organisation' });
  });
  resolveDescriptions(sentences, body, offsets, subjects, references);
  return { subjects, speakers, references };
}

const EXPLETIVE_IT = /^it(?:'s| is| was| has been| will be| would be| seems| appears| remains)\s+(?:my|our|a|an|very|so|too|clear|likely|unlikely|expected|important|necessary|understood|reported|believed|hoped|estimated|possible|impossible|difficult|hard|easy|worth|time|essential|vital|crucial|critical|imperative|no|not|also|now|still)\b/;

/** A description of a body before any is named: "The government's two-year-old investment arm is mounting…". */
const LEAD_DESCRIPTION = /\b(?:the|its|their|[a-z]+['’]s)\s+(?:[\w$.,-]+\s+){0,3}?(investment arm|company|firm|start-?up|operator|agency|fund|body|developer|maker|lender|insurer|platform|corporation|group|incubator|accelerator|programme|program|scheme|initiative)\b/i;
/** In an opening, an indefinite description too: "The Government announced a HK$2 billion programme…". */
const OPENING_DESCRIPTION = /\b(?:a|an|new)\s+(?:[\w$.,-]+\s+){0,3}?(programme|program|scheme|initiative|fund)\b/i;
const PROGRAMME_NOUNS = new Set(['programme', 'program', 'scheme', 'initiative']);

/**
 * A sentence that speaks of a body by description ("The Hong Kong government's two-year-old investment arm is
 * mounting…", "the programme") and names none of its kind is about the last one named before it; news also opens on
 * such a description ("announced a HK$2 billion programme…") and names it a sentence or two later, so in the first
 * sentences, failing one before, it is the first named in the next three. A programme is a programme, a body a body.
 */
function resolveDescriptions(sentences: SentenceNames[], body: string, offsets: Array<{ start: number; end: number }>, subjects: Array<string | null>, references: string[][]): void {
  for (let index = 0; index < sentences.length; index++) {
    const offset = offsets[index]!;
    const text = body.slice(offset.start, offset.end);
    const match = LEAD_DESCRIPTION.exec(text) ?? (index < 2 ? OPENING_DESCRIPTION.exec(text) : null);
    if (!match) continue;
    const programme = PROGRAMME_NOUNS.has(match[1]!.toLowerCase());
    const ofKind = (n: NameSpan) => (programme ? n.type === 'programme' : (ORGANISATION_TYPES.has(n.type) || n.type === 'fund') && n.type !== 'programme');
    const bodyOf = (i: number) => sentences[i]!.names.filter(ofKind);
    if (bodyOf(index).length) continue;
    let named: string | undefined;
    for (let before = index - 1; before >= 0 && !named; before--) named = bodyOf(before).pop()?.text;
    for (let next = index + 1; index < 3 && next <= index + 3 && next < sentences.length && !named; next++) named = bodyOf(next)[0]?.text;
    if (!named) continue;
    if (!references[index]!.includes(named)) references[index]!.push(named);
    const subject = subjects[index];
    if (!subject || sentences[index]!.names.find((n) => n.text === subject)?.type === 'place') subjects[index] = named;
  }
}

/** "…, Chan said", "said HKSTP chairman Sunny Chai", "she said": the person a sentence quotes. */
function speakerOf(tokens: Token[], names: NameSpan[], lex: LexiconSets, lastPerson: () => string | undefined, lastOfType: (type: string) => string | undefined): string | undefined {
  for (let i = 0; i < tokens.length; i++) {
    if (!lex.speechVerbs.has(tokens[i]!.text.toLowerCase())) continue;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    const near = names.filter((n) => n.type === 'person' && ((before && n.end === before.end) || (after && n.start >= after.start && n.start - after.start < 40)));
    if (near.length) return near[0]!.text;
    const pronoun = before?.text.toLowerCase();
    if (pronoun === 'he' || pronoun === 'she') return lastPerson();
    if (pronoun === 'company' || pronoun === 'firm' || pronoun === 'group') return lastOfType('company');
  }
  return undefined;
}
