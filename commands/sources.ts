// /sources: the articles the bot has read.
import { defineCommand } from './define-command.js';

export const sources = defineCommand({
  name: 'sources',
  description: 'The articles the answers come from',
  usage: '/sources',
  options: [],
  run(_options, ctx) {
    return { kind: 'sources', sources: ctx.core.sources() };
  },
});
