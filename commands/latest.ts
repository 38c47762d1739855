// /latest: the newest announcements, optionally about one organisation.
import { defineCommand } from './define-command.js';

export const latest = defineCommand({
  name: 'latest',
  description: 'The latest announcements, optionally about one organisation',
  usage: '/latest or /latest HKSTP',
  options: [
    { name: 'name', description: 'Only announcements about this organisation', type: 'string', required: false, autocomplete: 'entity', maxLength: 100 },
  ],
  run(options, ctx) {
    const name = typeof options.name === 'string' ? options.name.trim() : '';
    if (name) {
      const entity = ctx.core.resolveEntity(name);
      if (!entity) return { kind: 'notice', tone: 'info', text: `I don't know "${name.slice(0, 60)}". Try /latest on its own, or /search.` };
      const items = ctx.core.latest(5, { entity: entity.id });
      return { kind: 'announcements', title: `Latest announcements about ${entity.name}`, items, empty: `No announcements about ${entity.name} yet.` };
    }
    return { kind: 'announcements', title: 'Latest announcements', items: ctx.core.latest(5), empty: 'No announcements yet.' };
  },
});
