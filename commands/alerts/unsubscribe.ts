// /unsubscribe: stop one subscription of this chat (as shown under each alert), a numbered one, or everything.
import { defineCommand } from '../define-command.js';
import type { Reply } from '../types.js';
import { alertsOf, chatOf, NOT_RUNNING, parseTopic, refuseUnlessAllowed } from './shared.js';

export const unsubscribe = defineCommand({
  name: 'unsubscribe',
  description: 'Stop alerts here: as shown under an alert, a number from /subscriptions, or "everything"',
  usage: '/unsubscribe org hkstp · /unsubscribe 2 · /unsubscribe everything',
  options: [{ name: 'topic', description: 'What to stop (see /subscriptions), or "everything"', type: 'string', required: true, maxLength: 100 }],
  async run(options, ctx): Promise<Reply> {
    const alerts = alertsOf(ctx);
    if (!alerts) return NOT_RUNNING;
    const text = String(options.topic ?? '').trim();
    const chat = chatOf(ctx);
    const active = (await alerts.list(chat)).filter((s) => s.active);
    if (active.length === 0) return { kind: 'notice', tone: 'info', text: 'This chat has no subscriptions to stop.' };
    let match: { kind: (typeof active)[number]['kind']; value: string } | undefined;
    if (/^#?\d{1,2}$/.test(text)) {
      const chosen = active[Number(text.replace('#', '')) - 1];
      if (!chosen) return { kind: 'notice', tone: 'info', text: `There is no subscription number ${text}. This chat has ${active.length}; see /subscriptions.` };
      match = chosen;
    } else if (!/^everything$/i.test(text)) {
      const parsed = parseTopic(text, ctx, alerts.sectors(), 'unsubscribe');
      if ('error' in parsed) return parsed.error;
      match = parsed.topic;
      if (!active.some((s) => s.kind === match!.kind && s.value === match!.value)) {
        return { kind: 'notice', tone: 'info', text: `This chat does not follow ${parsed.topic.label}. See /subscriptions for what it follows.` };
      }
    }
    const refused = await refuseUnlessAllowed(ctx);
    if (refused) return refused;
    const removed = await alerts.unsubscribe(chat, match ? { kind: match.kind, value: match.value } : undefined);
    return {
      kind: 'notice',
      tone: 'success',
      title: 'Unsubscribed',
      text: match ? `No more alerts here about ${removed[0]?.label ?? match.value}.` : `Removed all ${removed.length} subscriptions of this chat. No more alerts here.`,
    };
  },
});
