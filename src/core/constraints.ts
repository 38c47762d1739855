// Hard constraints (what no score can make up for: a post elsewhere, the wrong kind of organisation, the wrong entity)
// and what a candidate says about the entity asked for.
import type { Analysis } from './analyse.js';
import { infoOf, type DocInfo } from './doc-info.js';
import type { Engine } from './engine.js';
import { publisherInitials } from './engine-maps.js';
import type { Doc } from './search-index.js';
import { latinNamePattern } from './text/patterns.js';
import { words } from './text/tokenize.js';

/**
 * "Who is the chairman of HKSTP's board?": a post at an organisation is answered by someone who holds a post there,
 * or by a sentence naming a person with the post asked about, never by someone's post elsewhere.
 */
export function postConstraint(engine: Engine, analysis: Analysis, focus: string[], doc: Doc, holder: boolean): string | undefined {
  if (analysis.intent !== 'role' || !focus[0]) return undefined;
  const first = engine.matcher.get(focus[0]);
  if (!first || first.type === 'person') return undefined;
  if (analysis.namesPerson) return undefined;
  // Someone who holds a post at the organisation, or a sentence in which the reader found a post there.
  if (holder || doc.fact?.subject === focus[0] || engine.roleQuotes.get(focus[0])?.has(doc.quote)) return undefined;
  return 'the post belongs to someone at another organisation';
}

/** "Which bank…?": an answer must name an organisation of the kind asked for (see kind_nouns in the reader's lexicon). */
export function kindConstraint(engine: Engine, analysis: Analysis, focus: string[], mentioned: ReadonlySet<string>): string | undefined {
  const asked = kindNounAsked(engine, analysis.question);
  if (!asked) return undefined;
  const { noun, signs } = asked;
  for (const id of mentioned) {
    if (focus.includes(id)) continue;
    const entity = engine.matcher.get(id);
    if (!entity) continue;
    if (isOfKind(entity, signs)) return undefined;
  }
  return `names no ${noun.replace(/s$/, '')}`;
}

/** "Which companies…", "which Quayside companies…", "which of the banks…": the kind of body asked for, and its signs. */
export function kindNounAsked(engine: Engine, question: string): { noun: string; signs: readonly string[] } | undefined {
  const match = /\bwhich\s+((?:[\w-]+\s+){0,3})/i.exec(`${question} `);
  if (!match) return undefined;
  for (const word of match[1]!.trim().split(/\s+/)) {
    const noun = word.toLowerCase();
    const signs = engine.kindNouns.get(noun);
    if (signs) return { noun, signs };
  }
  return undefined;
}

/** The measures (see `measures` in the reader's lexicon) the question asks for by name: "what was its revenue?". */
export function measuresAsked(engine: Engine, question: string): string[][] {
  if (engine.measures.length === 0) return [];
  const padded = ` ${words(question).join(' ')} `;
  return engine.measures.filter((group) => group.some((w) => padded.includes(w)));
}

/** A figure of another measure does not answer a question about one named: production value is not revenue. */
export function measureConstraint(asked: string[][], info: DocInfo): string | undefined {
  for (const group of asked) {
    if (!group.some((w) => info.padded.includes(w))) return `gives no ${group[0]!.trim()}`;
  }
  return undefined;
}

/** What no score can make up for: an answer about another entity, or one without the kind of value asked for. */
export function hardConstraint(analysis: Analysis, focus: string[], entity: number, satisfied: boolean): string | undefined {
  if (focus.length && entity === 0) return 'not about the entity asked for';
  if (satisfied) return undefined;
  const { intent } = analysis;
  if (intent === 'who' || intent === 'role') return `does not give what a ${intent} question asks for`;
  if ((intent === 'money' || intent === 'when' || intent === 'where') && analysis.explicit) return `does not give what a ${intent} question asks for`;
  if (intent === 'count' && analysis.percent) return 'gives no percentage';
  if ((intent === 'count' || intent === 'jobs') && analysis.counted.size > 0) return 'does not count what is asked about';
  return undefined;
}

/** Names of bodies that are organisations but no company: "which companies…?" is not answered by an institute. */
const NOT_A_COMPANY = /\b(institute|centre|center|council|bureau|department|university|college|association|foundation|authority|commission|office|academy|laborator(y|ies)|park|government|ministry|agency)\b/i;

/**
 * Is the entity of the kind a question asks for? The signs are words of its name or description ("bank"), or `*`
 * for company-like kinds: a company, or an organisation whose name is not that of an institute, a centre, an office….
 */
export function isOfKind(entity: { type: string; name: string; description: string }, signs: readonly string[]): boolean {
  if (signs.includes('*')) return entity.type === 'company' || (entity.type === 'organisation' && !NOT_A_COMPANY.test(entity.name));
  const text = `${entity.name} ${entity.description}`.toLowerCase();
  return signs.some((s) => text.includes(s));
}

/** Is the document about the first entity asked for, one of the others, a neighbour of them, or in an article about it? */
export function aboutFocus(engine: Engine, doc: Doc, info: DocInfo, focus: string[], marks: string[]): boolean {
  if (engine.sourceEntities.get(doc.source.id)?.has(focus[0]!)) return true;
  for (let i = 0; i < focus.length; i++) {
    const id = focus[i]!;
    if (doc.fact?.subject === id || doc.entityIds.includes(id) || info.terms.has(marks[i]!)) return true;
    const near = engine.neighbours.get(id);
    if (near && doc.entityIds.some((other) => near.has(other))) return true;
    // A role fact about someone holding a post at the entity.
    if (doc.fact?.kind === 'role' && engine.roleHolders.get(id)?.has(doc.fact.subject)) return true;
    if (near && doc.fact?.kind === 'role' && [...near].some((n) => engine.roleHolders.get(n)?.has(doc.fact!.subject))) return true;
  }
  return false;
}

/**
 * Is the document a curated fact whose subject is another entity than those asked about (and not a place)? (A
 * derived fact's subject is the reader's guess, often the sentence's first name: it does not rule anything out.)
 */
export function factOfOther(engine: Engine, doc: Doc, focus: string[]): boolean {
  const subject = doc.fact?.provenance === 'derived' ? undefined : doc.fact?.subject;
  return subject !== undefined && !focus.includes(subject) && !engine.background.has(subject) && !focus.some((id) => engine.roleHolders.get(id)?.has(subject));
}

const titleCompanies = new WeakMap<Engine, Map<string, Set<string>>>();

/**
 * An article whose title names several companies ("…: Westwell, USpace, Aspace and CATL") tells of each in turn: a
 * text that names another of them, and not the one asked about, is about that one ("CATL will hire 500 staff" does
 * not say what Aspace will do). Only names written in the text count, not the reader's guesses at what "it" means.
 */
export function namesAnotherInTitle(engine: Engine, doc: Doc, info: DocInfo, focus: string[]): boolean {
  if (!focus[0] || engine.matcher.get(focus[0])?.type !== 'company') return false;
  let bySource = titleCompanies.get(engine);
  if (!bySource) titleCompanies.set(engine, (bySource = new Map()));
  let named = bySource.get(doc.source.id);
  if (!named) {
    named = new Set(engine.matcher.find(doc.source.title, { exactOnly: true }).map((m) => m.id).filter((id) => engine.matcher.get(id)?.type === 'company'));
    bySource.set(doc.source.id, named);
  }
  if (named.size < 2 || !named.has(focus[0])) return false;
  for (const id of info.mentioned) if (named.has(id) && !focus.includes(id)) return true;
  return false;
}

/**
 * How much of what the question asks about (by weight) nothing about the entity asked for mentions: a question about
 * a company's revenue, when no sentence about it speaks of revenue, is out of scope however good its best match.
 */
export function missingAboutFocus(engine: Engine, focus: string[], content: Analysis['concepts'], docs: Doc[]): number {
  if (!focus[0] || content.length === 0) return 0;
  const about: Doc[] = [];
  for (const doc of docs) if (doc.entityIds.includes(focus[0]) || doc.fact?.subject === focus[0] || engine.sourceEntities.get(doc.source.id)?.has(focus[0])) about.push(doc);
  let total = 0;
  let missing = 0;
  for (const concept of content) {
    total += concept.weight;
    const found = about.some((doc) => {
      const terms = infoOf(engine, doc).terms;
      return concept.terms.some((t) => terms.has(t)) || (concept.related?.some((t) => terms.has(t)) ?? false);
    });
    if (!found) missing += concept.weight;
  }
  return total ? missing / total : 0;
}

/** Does the document name no entity but places ("In the coming years, the enterprises will invest…")? */
export function namesNoBody(engine: Engine, doc: Doc): boolean {
  for (const id of doc.entityIds) if (!engine.background.has(id)) return false;
  return true;
}

/**
 * "Where is Cyberport?": when some candidate places the entity itself ("Cyberport in Pok Fu Lam", "Cyberport,
 * located in…", "based at…"), a candidate that only names some place elsewhere in its sentence does not answer.
 */
export function preferLocating(scored: Array<{ doc: Doc; satisfied: boolean; excluded?: string | undefined }>, names: readonly string[]): void {
  const name = latinNamePattern(names);
  if (!name) return;
  const locates = new RegExp(`\\b${name}(?:'s)?,? (?:(?:is |are |was )?(?:located |based |situated |headquartered )?(?:in|at) |\\((?:in|at) )(?:the )?\\p{Lu}`, 'iu');
  const candidates = scored.filter((s) => !s.excluded && s.satisfied);
  if (!candidates.some((s) => locates.test(s.doc.text))) return;
  for (const s of candidates) if (!locates.test(s.doc.text)) s.excluded = 'does not say where it is';
}

const initialsOf = new WeakMap<Doc['source'], string[]>();

/** "…covered by the HDN report": an answer from another publisher's article is not from the report meant. */
export function publisherConstraint(analysis: Analysis, doc: Doc): string | undefined {
  if (!analysis.publisher) return undefined;
  let initials = initialsOf.get(doc.source);
  if (!initials) {
    initials = publisherInitials(doc.source.publisher);
    initialsOf.set(doc.source, initials);
  }
  return initials.includes(analysis.publisher) ? undefined : `not from the ${analysis.publisher.toUpperCase()} article asked about`;
}

/**
 * "What is TideGate?" (nothing asked but the name): a sentence among the first few that says what it is ("As the
 * main research initiative of the city, TideGate aims…", "TideGate is a…") answers before one that only mentions it.
 */
export function preferDefining<T extends { doc: Doc; entity: number; score: number; excluded?: string | undefined }>(scored: T[], defines: (text: string) => boolean, head: number, threshold: number): void {
  if (!scored[0] || defines(scored[0].doc.text)) return;
  const defining = scored.slice(1, head).find((s) => !s.excluded && s.entity >= 0.8 && s.score >= threshold && defines(s.doc.text));
  if (!defining) return;
  scored.splice(scored.indexOf(defining), 1);
  scored.unshift(defining);
}
