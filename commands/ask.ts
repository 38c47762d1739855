// /ask: answer a question from the knowledge base, keeping the chat's recent entities for follow-ups.
import { defineCommand } from './define-command.js';
import { feedbackActions } from './feedback.js';
import type { ChatState, CommandContext, Reply, ReplyAction } from './types.js';
import type { Answer } from '../src/core/index.js';

const MEMORY = 5;

/**
 * Ask the core and remember what the answer was about, for "how many people will it hire?". When feedback is
 * collected, the answer is kept under a short id for its 👍/👎 buttons and "/feedback up".
 */
export async function answerInChat(question: string, ctx: CommandContext): Promise<Reply> {
  const answer = ctx.core.ask(question, { recentEntities: ctx.state.recentEntities });
  remember(ctx.state, answer);
  const rated = await ctx.services.feedback?.record({ question, answered: answer.answered, factIds: answer.factIds ?? [], platform: ctx.platform });
  if (rated) ctx.state.lastAnswer = rated;
  return { kind: 'answer', answer, actions: [...answerActions(answer, Boolean(ctx.services.alerts)), ...feedbackActions(rated)] };
}

export function remember(state: ChatState, answer: Answer): void {
  if (answer.entities.length === 0) return;
  const ids = answer.entities.map((e) => e.id);
  state.recentEntities = [...ids, ...state.recentEntities.filter((id) => !ids.includes(id))].slice(0, MEMORY);
}

/** Next steps under an answer: the sources, more about its organisation, and alerts about it when alerts run. */
export function answerActions(answer: Answer, alerts = false): ReplyAction[] {
  const actions: ReplyAction[] = [];
  if (answer.citations.length > 0) actions.push({ label: 'Sources', command: 'sources' });
  const first = answer.entities[0];
  if (first) actions.push({ label: `More about ${first.name}`.slice(0, 40), command: 'org', args: first.id });
  if (first && alerts) actions.push({ label: `Alerts about ${first.name}`.slice(0, 40), command: 'subscribe', args: first.id });
  return actions;
}

export const ask = defineCommand({
  name: 'ask',
  description: 'Ask a question about Hong Kong innovation and technology',
  usage: '/ask What did CATL announce?',
  options: [{ name: 'question', description: 'Your question, in English or Chinese', type: 'string', required: true, maxLength: 500 }],
  run(options, ctx) {
    const question = String(options.question ?? '').trim();
    if (!question) {
      return { kind: 'notice', tone: 'info', text: 'Ask me a question after /ask, for example: /ask What did CATL announce?' };
    }
    return answerInChat(question, ctx);
  },
});
