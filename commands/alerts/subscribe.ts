// /subscribe: follow all announcements, an organisation (any alias), a sector or a keyword in this chat.
import { MAX_SUBSCRIPTIONS_PER_CHAT } from '../../src/alerts/subscriptions.js';
import { defineCommand } from '../define-command.js';
import { alertsOf, chatOf, NOT_RUNNING, parseTopic, refuseUnlessAllowed } from './shared.js';

export const subscribe = defineCommand({
  name: 'subscribe',
  description: 'Get alerts here: all, an organisation, "sector fintech" or "keyword chips"',
  usage: '/subscribe HKSTP · /subscribe sector fintech · /subscribe keyword semiconductor · /subscribe all',
  options: [{ name: 'topic', description: 'all, a name or alias, "sector NAME" or "keyword WORDS"', type: 'string', required: true, autocomplete: 'entity', maxLength: 100 }],
  async run(options, ctx) {
    const alerts = alertsOf(ctx);
    if (!alerts) return NOT_RUNNING;
    const parsed = parseTopic(String(options.topic ?? ''), ctx, alerts.sectors());
    if ('error' in parsed) return parsed.error;
    const refused = await refuseUnlessAllowed(ctx);
    if (refused) return refused;
    const { topic } = parsed;
    const result = await alerts.subscribe(chatOf(ctx), topic, `${ctx.platform}:${ctx.user.id}`);
    const what = topic.kind === 'all' ? 'all announcements' : topic.kind === 'entity' ? topic.label : `${topic.kind} "${topic.label}"`;
    switch (result.status) {
      case 'limit':
        return { kind: 'notice', tone: 'error', text: `This chat already has ${MAX_SUBSCRIPTIONS_PER_CHAT} subscriptions, the most it can have. Remove one with /unsubscribe first (see /subscriptions).` };
      case 'exists':
        return { kind: 'notice', tone: 'info', text: `This chat already follows ${what}. See /subscriptions.` };
      case 'added':
      case 'reactivated':
        return {
          kind: 'notice',
          tone: 'success',
          title: 'Subscribed',
          text: `This chat will get an alert when something new is announced about ${what}. Stop with /unsubscribe ${unsubscribeArgs(topic.kind, topic.value)}.`,
          actions: [{ label: 'My subscriptions', command: 'subscriptions' }],
        };
    }
  },
});

export function unsubscribeArgs(kind: string, value: string): string {
  return kind === 'all' ? 'all' : kind === 'entity' ? `org ${value}` : `${kind} ${value}`;
}
