// /subscriptions: what this chat follows, numbered, with how to stop each.
import { describeMatch } from '../../src/alerts/matching.js';
import { MAX_SUBSCRIPTIONS_PER_CHAT } from '../../src/alerts/subscriptions.js';
import { defineCommand } from '../define-command.js';
import { alertsOf, chatOf, NOT_RUNNING } from './shared.js';
import { unsubscribeArgs } from './subscribe.js';

export const subscriptions = defineCommand({
  name: 'subscriptions',
  description: 'What this chat gets alerts about',
  usage: '/subscriptions',
  options: [],
  async run(_options, ctx) {
    const alerts = alertsOf(ctx);
    if (!alerts) return NOT_RUNNING;
    const all = await alerts.list(chatOf(ctx));
    const active = all.filter((s) => s.active);
    const off = all.filter((s) => !s.active);
    return {
      kind: 'list',
      title: `Alerts in this chat (${active.length} of ${MAX_SUBSCRIPTIONS_PER_CHAT})`,
      items: [
        ...active.map((s, i) => `${i + 1}. ${describeMatch(s.kind, s.label)} (stop: /unsubscribe ${unsubscribeArgs(s.kind, s.value)})`),
        ...off.map((s) => `Switched off: ${describeMatch(s.kind, s.label)}, because ${s.deactivatedReason ?? 'the platform refused a message'}. /subscribe again to restart.`),
      ],
      empty: 'This chat has no subscriptions yet. Try /subscribe HKSTP, /subscribe sector fintech or /subscribe keyword semiconductor.',
      footer: 'Add with /subscribe; check an announcement with /why.',
    };
  },
});
