// Question → Answer through one decision trace: read the question, rank the candidates, answer only when the model is sure.
import { packed } from './packed.js';
import { analyseQuestion, type Analysis } from './analyse.js';
import { clip, compose, decline, nameAnswer, quoteList } from './compose.js';
import type { Engine } from './engine.js';
import { answerModel } from './model.js';
import { rank, type Scored } from './rank.js';
import type { Answer, QueryContext } from './types.js';
import { words } from './text/tokenize.js';

const NAME_QUESTION = /\b(full name|stands? for|short for|abbreviation|acronym|also known as|also called|other names?|chinese name|called in chinese)\b|全名|全稱|全称|中文名|英文名|簡稱|简称/i;
const ASKS_NAME = /\b(name|named|called|identity)\b|叫甚麼|叫什么|名字|名稱|名称/i;
const SECOND_QUESTION = /,?\s+and\s+(?=(?:how|what|when|where|who|which)\b)|,\s+and\s+(?=(?:did|does|do|is|are|was|were|has|have)\s)/i;
/** "Write a poem about Cyberport", "請寫一首關於科學園的詩": a request to write something, which the bot does not do. */
const WRITE_REQUEST =
  /^\W*(?:(?:please|pls|plz|can|could|would|will)\s+(?:you\s+)?)?(?:write|compose|draft|make\s+up|come\s+up\s+with)\b.{0,60}?\b(?:poems?|songs?|stor(?:y|ies)|essays?|haikus?|limericks?|jokes?|lyrics|raps?|novels?|scripts?|verses?)\b|^\W*(?:請|请|麻煩|麻烦|幫我|帮我|可唔可以|可不可以|可以|你可以|你可唔可以)?\s*(?:寫|写|作)(?:一|兩|两|幾|几)?(?:首|篇|個|个|段)?.{0,30}?(?:詩|诗|歌|故事|文章|作文|笑話|笑话|小說|小说)/i;
/** "How does the number of A compare with the number of B?": two figures, each found on its own. */
const COMPARE_TWO = /^\s*how (?:does|do|did|would) (.{6,120}?) compare (?:with|to|against) (.{6,120}?)\s*[?？]?\s*$/i;

/** Everything the core decided about a question, in order: `ask` answers from it and `explain` prints it. */
export interface Decision {
  analysis: Analysis;
  focus: string[];
  usedContext: boolean;
  ranked: Scored[];
  /** What the answer is: composed from the ranked candidates, an entity's names, or a decline with its reason. */
  verdict: { kind: 'answer' } | { kind: 'names'; entity: string } | { kind: 'decline'; reason: string; message?: string };
}

/** Read and rank a question and decide whether and how to answer it. */
export function decide(engine: Engine, question: string, context: QueryContext = {}): Decision {
  const analysis = analyseQuestion(engine, question);
  const base = { analysis, focus: packed<string>([]), usedContext: false, ranked: [] as Scored[] };
  if (!analysis.question) return { ...base, verdict: { kind: 'decline', reason: 'empty question', message: 'Ask me about Hong Kong innovation and technology.' } };
  const { focus, usedContext } = chooseFocus(engine, analysis, context);
  if (WRITE_REQUEST.test(analysis.original)) {
    return { ...base, focus, usedContext, verdict: { kind: 'decline', reason: 'a request to write something', message: "I answer questions from the articles I know, quoting the sentence each answer comes from; I don't write poems, stories or essays." } };
  }
  // A name we have never seen is what the question is about: say so rather than answer about something else.
  if (analysis.unknownNames.length > 0) {
    return { ...base, focus, usedContext, verdict: { kind: 'decline', reason: 'names something unknown', message: `I have nothing about ${quoteList(analysis.unknownNames)} in my sources.` } };
  }
  // "What is the name of the conglomerate…?": the articles do not name it, and saying so is the answer.
  const unnamed = focus.map((id) => engine.matcher.get(id)).find((e) => e && /\b(unnamed|not named)\b/i.test(`${e.name} ${e.description}`));
  if (unnamed && ASKS_NAME.test(analysis.question)) {
    return { ...base, focus: [unnamed.id], usedContext, verdict: { kind: 'decline', reason: 'the articles do not name it', message: `The articles do not name the ${unnamed.name.replace(/\s*\(unnamed\)/i, '')}.` } };
  }
  if (focus[0] && NAME_QUESTION.test(analysis.question)) return { ...base, focus, usedContext, verdict: { kind: 'names', entity: focus[0] } };
  const ranked = rank(engine, analysis, focus);
  const best = ranked[0];
  const model = answerModel();
  // Half of what the question asks about is words the articles never use: whatever matches, it is not this question.
  const unknown = unknownShareOf(analysis);
  if (best && ((focus.length === 0 && unknown >= 0.5) || unknown > 0.5)) return { analysis, focus, usedContext, ranked, verdict: { kind: 'decline', reason: 'most of the question is words the articles never use' } };
  if (!best || best.excluded) return { analysis, focus, usedContext, ranked, verdict: { kind: 'decline', reason: best?.excluded ?? 'nothing found' } };
  // The figure asked for is one the article garbled: saying so is the answer, however unsure the model is of it.
  const unreadable = best.doc.type === 'unreliable' && best.coverage >= 0.75;
  if (best.score < model.threshold && !unreadable) return { analysis, focus, usedContext, ranked, verdict: { kind: 'decline', reason: `the best candidate is not likely enough (${best.score.toFixed(2)} < ${model.threshold.toFixed(2)})` } };
  // A follow-up that the previous entity does not answer is better declined than answered about something else.
  if (usedContext && best.coverage < 0.34 && analysis.concepts.some((c) => !c.unknown)) {
    return { analysis, focus, usedContext, ranked, verdict: { kind: 'decline', reason: 'a follow-up the previous entity does not answer' } };
  }
  return { analysis, focus, usedContext, ranked, verdict: { kind: 'answer' } };
}

/** Answer a question from the knowledge base, or decline with help. */
/** `brief`: one of several questions in a message, answered by its best fact alone (no runner-up). */
export function answerQuestion(engine: Engine, question: string, context: QueryContext = {}, brief = false): Answer {
  // "…叫什么？有多少个…？": two questions in one message are answered one after the other.
  let parts = question.split(/(?<=[？?])\s*(?=\S)/).filter((p) => p.trim());
  // "…how many researchers, and how much money?": each clause read on its own, the second after the first.
  if (parts.length === 1) {
    const chatted = engine.chat(question);
    const clauses = chatted.split(SECOND_QUESTION).filter((p) => p.trim());
    if (clauses.length === 2 && clauses[1]!.trim().length >= 6 && words(clauses[0]!).length >= 3) parts = clauses;
    // A comparison is answered side by side only when both sides are: otherwise it is a question like any other.
    const compared = parts.length === 1 ? COMPARE_TWO.exec(chatted) : null;
    if (compared) {
      const [a, b] = [`What is ${compared[1]}?`, `What is ${compared[2]}?`].map((side) => answerQuestion(engine, side, context, true)) as [Answer, Answer];
      if (a.answered && b.answered && a.citations[0]?.quote !== b.citations[0]?.quote) return joined(engine, { ...a, question }, b);
    }
  }
  if (parts.length > 1 && parts.length <= 3) {
    const first = answerQuestion(engine, parts[0]!, context, true);
    let answer = { ...first, question };
    for (const part of parts.slice(1)) {
      const more = answerQuestion(engine, part, { recentEntities: [...answer.entities.map((e) => e.id), ...(context.recentEntities ?? [])] }, true);
      if (!more.answered) continue;
      if (!answer.answered) {
        answer = { ...more, question };
        continue;
      }
      answer = joined(engine, answer, more);
    }
    return answer;
  }
  const decision = decide(engine, question, context);
  const { analysis, focus, ranked, verdict } = decision;
  if (verdict.kind === 'decline') return decline(engine, analysis, focus, verdict.message);
  if (verdict.kind === 'names') {
    const named = nameAnswer(engine, analysis, verdict.entity);
    if (named) return named;
    // No names to give: answer as any other question, if the model is sure enough.
    const fallback = rank(engine, analysis, focus);
    if (!fallback[0] || fallback[0].excluded || fallback[0].score < answerModel().threshold) return decline(engine, analysis, focus, undefined);
    return answerFromRanking(engine, decision, context, fallback, brief);
  }
  return answerFromRanking(engine, decision, context, ranked, brief);
}

/** Two answers as one: the second's text on a line of its own (twice a single answer's length at most), its new citations after. */
function joined(engine: Engine, answer: Answer, more: Answer): Answer {
  const extra = more.citations.filter((c) => !answer.citations.some((a) => a.quote === c.quote));
  return { ...answer, text: clip(`${answer.text}\n${more.text}`, engine.maxAnswerLength * 2), citations: [...answer.citations, ...extra], factIds: [...(answer.factIds ?? []), ...(more.factIds ?? [])] };
}

function answerFromRanking(engine: Engine, decision: Decision, context: QueryContext, ranked: Scored[], brief = false): Answer {
  const { analysis, focus } = decision;
  return withSecondPart(engine, analysis, context, compose(engine, analysis, focus, ranked, { runnersUp: !brief && secondPartOf(analysis) === '' }));
}

/** The second question of "…, and how much…?" (empty when there is none). */
function secondPartOf(analysis: Analysis): string {
  const parts = analysis.question.split(SECOND_QUESTION).filter((p) => p.trim());
  const second = parts.length > 1 ? parts[parts.length - 1]!.trim() : '';
  return second.length < 6 ? '' : second;
}

/** "How many unicorns did Cyberport cultivate, and how much did its start-ups raise?": the second question answered too. */
function withSecondPart(engine: Engine, analysis: Analysis, context: QueryContext, answer: Answer): Answer {
  const second = secondPartOf(analysis);
  if (!second) return answer;
  const more = answerQuestion(engine, second, { recentEntities: [...answer.entities.map((e) => e.id), ...(context.recentEntities ?? [])] });
  const extra = more.citations[0];
  if (!more.answered || !extra || answer.citations.some((c) => c.quote === extra.quote)) return answer;
  const lead = more.text.split(/(?<=\.)\s/)[0] ?? more.text;
  if (answer.text.includes(lead) || `${answer.text} ${lead}`.length > engine.maxAnswerLength) return answer;
  return { ...answer, text: `${answer.text} ${lead}`, citations: [...answer.citations, extra], factIds: [...(answer.factIds ?? []), ...(more.factIds ?? [])] };
}

/**
 * The entities the answer must be about: those the question names; a place when it names nothing else
 * ("香港"); or, for a follow-up ("how many people will it hire?"), the chat's most recent entity.
 */
function chooseFocus(engine: Engine, analysis: Analysis, context: QueryContext): { focus: string[]; usedContext: boolean } {
  if (analysis.specific.length > 0) return { focus: analysis.specific, usedContext: false };
  if (analysis.background.length > 0 && analysis.concepts.every((c) => c.entity)) {
    analysis.concepts = analysis.concepts.filter((c) => !c.entity);
    return { focus: analysis.background, usedContext: false };
  }
  if (analysis.unknownNames.length === 0 && analysis.followUp && context.recentEntities?.length) {
    const recent = context.recentEntities.find((id) => engine.matcher.get(id));
    if (recent) return { focus: [recent], usedContext: true };
  }
  return { focus: packed([]), usedContext: false };
}

/** Share of the question's concepts the articles do not know (a WordNet synonym only counts half as known). */
function unknownShareOf(analysis: Analysis): number {
  const concepts = analysis.concepts.filter((c) => !c.cjk || analysis.specific.length === 0);
  if (!concepts.length) return 0;
  return concepts.reduce((n, c) => n + (c.unknown ? 1 : c.wordnet ? 0.5 : 0), 0) / concepts.length;
}
