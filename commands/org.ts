// /org: everything known about an organisation, person, park or programme, by any alias or Chinese name.
import { defineCommand } from './define-command.js';

export const org = defineCommand({
  name: 'org',
  description: 'Profile of an organisation, person or park (any alias or Chinese name)',
  usage: '/org HKSTP',
  options: [{ name: 'name', description: 'Name, abbreviation or Chinese name', type: 'string', required: true, autocomplete: 'entity', maxLength: 100 }],
  run(options, ctx) {
    const name = String(options.name ?? '').trim();
    if (!name) return { kind: 'notice', tone: 'info', text: 'Which one? For example: /org CATL, /org 數碼港 or /org Albert Wong.' };
    const profile = ctx.core.profile(name);
    if (!profile) {
      const close = ctx.core.complete(name, 3).map((c) => c.name);
      return {
        kind: 'notice',
        tone: 'info',
        text: `I don't know "${name.slice(0, 60)}".${close.length ? ` Did you mean ${close.join(', ')}?` : ' Try /search with a few words.'}`,
        suggestions: close.map((c) => `/org ${c}`),
      };
    }
    ctx.state.recentEntities = [profile.entity.id, ...ctx.state.recentEntities.filter((id) => id !== profile.entity.id)].slice(0, 5);
    return {
      kind: 'profile',
      profile,
      actions: [
        { label: 'Latest announcements', command: 'latest', args: profile.entity.id },
        ...(ctx.services.alerts ? [{ label: `Alerts about ${profile.entity.name}`.slice(0, 40), command: 'subscribe', args: profile.entity.id }] : []),
        ...profile.related.slice(0, 2).map((r) => ({ label: r.name.slice(0, 40), command: 'org', args: r.id })),
      ],
    };
  },
});
