// Question → Answer: reads the question, ranks facts and passages, and answers only when the best one answers it.
import { analyseQuestion, type Analysis } from './analyse.js';
import { preferKind, preferSatisfying, whyNot } from './accept.js';
import { compose, decline, nameAnswer, quoteList } from './compose.js';
import type { Engine } from './engine.js';
import { rank, type Scored } from './rank.js';
import type { Answer, QueryContext } from './types.js';

const NAME_QUESTION = /\b(full name|stands? for|short for|abbreviation|acronym|also known as|also called|other names?|chinese name|called in chinese)\b|全名|全稱|全称|中文名|英文名|簡稱|简称/i;
const ASKS_NAME = /\b(name|named|called|identity)\b|叫甚麼|叫什么|名字|名稱|名称/i;
const SECOND_QUESTION = /,?\s+and\s+(?=(?:how|what|when|where|who|which)\b)/i;

/** Answer a question from the knowledge base, or decline with help. */
export function answerQuestion(engine: Engine, question: string, context: QueryContext = {}): Answer {
  const analysis = analyseQuestion(engine, question);
  if (!analysis.question) return decline(engine, analysis, [], 'Ask me about Hong Kong innovation and technology.');
  const { focus, usedContext } = chooseFocus(engine, analysis, context);
  // A name we have never seen is what the question is about: say so rather than answer about something else.
  if (analysis.unknownNames.length > 0) {
    return decline(engine, analysis, focus, `I have nothing about ${quoteList(analysis.unknownNames)} in my sources.`);
  }
  // "What is the name of the conglomerate…?": the articles do not name it, and saying so is the answer.
  const unnamed = focus.map((id) => engine.matcher.get(id)).find((e) => e && /\b(unnamed|not named)\b/i.test(`${e.name} ${e.description}`));
  if (unnamed && ASKS_NAME.test(analysis.question)) {
    return decline(engine, analysis, [unnamed.id], `The articles do not name the ${unnamed.name.replace(/\s*\(unnamed\)/i, '')}.`);
  }
  if (focus[0] && NAME_QUESTION.test(analysis.question)) {
    const named = nameAnswer(engine, analysis, focus[0]);
    if (named) return named;
  }
  const ranked = preferKind(engine, analysis, focus, preferSatisfying(analysis, rank(engine, analysis, focus)));
  const best = ranked[0];
  if (!best) return decline(engine, analysis, focus, undefined);
  if (whyNot(engine, analysis, focus, best, usedContext) !== undefined) return decline(engine, analysis, focus, undefined);
  return withSecondPart(engine, analysis, context, compose(engine, analysis, focus, ranked));
}

/** "How many unicorns did Cyberport cultivate, and how much did its start-ups raise?": the second question answered too. */
function withSecondPart(engine: Engine, analysis: Analysis, context: QueryContext, answer: Answer): Answer {
  const parts = analysis.question.split(SECOND_QUESTION);
  const second = parts.length > 1 ? parts[parts.length - 1]!.trim() : '';
  if (!second || second.length < 8) return answer;
  const more = answerQuestion(engine, second, { recentEntities: [...answer.entities.map((e) => e.id), ...(context.recentEntities ?? [])] });
  const extra = more.citations[0];
  if (!more.answered || !extra || answer.citations.some((c) => c.quote === extra.quote)) return answer;
  const lead = more.text.split(/(?<=\.)\s/)[0] ?? more.text;
  if (answer.text.includes(lead) || `${answer.text} ${lead}`.length > engine.maxAnswerLength) return answer;
  return { ...answer, text: `${answer.text} ${lead}`, citations: [...answer.citations, extra] };
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
  return { focus: [], usedContext: false };
}

/** The ranked candidates for a question, for debugging and tuning. */
export function rankForDebug(engine: Engine, analysis: Analysis): { ranked: Scored[]; declined?: string } {
  const { focus, usedContext } = chooseFocus(engine, analysis, {});
  const ranked = preferSatisfying(analysis, rank(engine, analysis, focus));
  if (analysis.unknownNames.length) return { ranked, declined: 'names something unknown' };
  const declined = ranked[0] ? whyNot(engine, analysis, focus, ranked[0], usedContext) : 'nothing found';
  return { ranked, ...(declined ? { declined } : {}) };
}

