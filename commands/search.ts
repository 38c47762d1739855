// /search: ranked passages of the articles with snippets.
import { defineCommand } from './define-command.js';

export const search = defineCommand({
  name: 'search',
  description: 'Search the articles for words and names',
  usage: '/search semiconductor wafers',
  options: [
    { name: 'query', description: 'Words to look for', type: 'string', required: true, maxLength: 200 },
  ],
  run(options, ctx) {
    const query = String(options.query ?? '').trim();
    if (!query) return { kind: 'notice', tone: 'info', text: 'What should I look for? For example: /search unicorns' };
    const result = ctx.core.search(query, 5);
    if (result.hits.length === 0) {
      return { kind: 'notice', tone: 'info', text: `Nothing in the articles matches "${query.slice(0, 60)}". Try fewer or other words, or /sources to see what I have read.` };
    }
    return { kind: 'search', result };
  },
});
