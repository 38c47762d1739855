// /feedback and the 👍/👎 buttons under answers: rate an answer, kept as labelled data without who rated it.
import { defineCommand } from './define-command.js';
import type { CommandContext, Reply, ReplyAction, Vote } from './types.js';

/** "#id" at the start of the note: the answer a button rates (ids are 8 characters of base64url). */
const REFERENCE = /^#([A-Za-z0-9_-]{8})(?:\s+|$)/;
const NOTE_MAX = 300;
const EMOJI: Record<Vote, string> = { up: '👍', down: '👎' };

/** The rating buttons under an answer kept with `answerId`, on a row of their own. */
export function feedbackActions(answerId: string | undefined): ReplyAction[] {
  if (!answerId) return [];
  return [
    { label: EMOJI.up, command: 'feedback', args: `up #${answerId}`, newRow: true },
    { label: EMOJI.down, command: 'feedback', args: `down #${answerId}` },
  ];
}

const info = (text: string): Reply => ({ kind: 'notice', tone: 'info', text });

async function rate(vote: Vote, rawNote: string, ctx: CommandContext): Promise<Reply> {
  const port = ctx.services.feedback;
  if (!port) return info('Feedback is not being collected on this bot right now.');
  let note = rawNote.replace(/\s+/g, ' ').trim();
  const reference = REFERENCE.exec(note);
  const answerId = reference ? reference[1] : ctx.state.lastAnswer;
  if (reference) note = note.slice(reference[0].length).trim();
  if (!answerId) return info('There is no recent answer here to rate. Ask me a question first, then send /feedback up or /feedback down.');
  const result = await port.vote({ answerId, voter: `${ctx.platform}:${ctx.user.id}`, vote, ...(note ? { note: note.slice(0, NOTE_MAX) } : {}) });
  switch (result.status) {
    case 'added':
      return { kind: 'ack', text: `Thanks for your feedback ${EMOJI[result.vote]}` };
    case 'changed':
      return { kind: 'ack', text: `Thanks, your feedback is now ${EMOJI[result.vote]}` };
    case 'unchanged':
      return { kind: 'ack', text: `You already rated this answer ${EMOJI[result.vote]}` };
    case 'unknown':
      return { kind: 'ack', text: 'That answer can no longer be rated. Ask again and rate the new answer.' };
    case 'limited':
      return { kind: 'ack', text: `You are rating faster than I can note it down. Please wait about ${result.retryInSeconds} seconds.` };
  }
}

export const feedback = defineCommand({
  name: 'feedback',
  description: 'Rate my last answer: up or down, with a note if you like',
  usage: '/feedback up · /feedback down it named the wrong company',
  options: [
    {
      name: 'vote',
      description: 'up if the answer helped, down if it was wrong or unhelpful',
      type: 'string',
      required: true,
      choices: [
        { name: '👍 up', value: 'up' },
        { name: '👎 down', value: 'down' },
      ],
    },
    { name: 'note', description: 'What was right or wrong (optional)', type: 'string', required: false, maxLength: NOTE_MAX + 10 },
  ],
  run(options, ctx) {
    const vote = options.vote === 'down' ? 'down' : options.vote === 'up' ? 'up' : undefined;
    if (!vote) return info('Say /feedback up if my last answer helped, or /feedback down if it was wrong, with a note if you like.');
    return rate(vote, String(options.note ?? ''), ctx);
  },
});
