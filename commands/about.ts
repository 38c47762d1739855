// /about: what the bot is, what it knows and where its code lives.
import { defineCommand } from './define-command.js';
import { countKnowledge } from '../src/core/index.js';

export const about = defineCommand({
  name: 'about',
  description: 'What this bot is and what it knows',
  usage: '/about',
  options: [],
  run(_options, ctx) {
    const c = countKnowledge(ctx.core.knowledge);
    return {
      kind: 'notice',
      tone: 'info',
      title: 'About this bot',
      text:
        `An open-source bot for Hong Kong's innovation and technology ecosystem. It answers from ${c.sources} articles, ` +
        `${c.entities} organisations, people and places and ${c.facts} facts, and every answer quotes the sentence it came from. ` +
        'It never makes up an answer: what its articles do not cover, it says so.',
    };
  },
});
