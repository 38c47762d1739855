// /why: why an announcement did or did not reach this chat.
import { defineCommand } from '../define-command.js';
import { alertsOf, chatOf, NOT_RUNNING } from './shared.js';

export const why = defineCommand({
  name: 'why',
  description: 'Why an announcement did or did not reach this chat',
  usage: '/why 12 · /why cyberport accelerator · /why (the latest)',
  options: [{ name: 'announcement', description: 'Its number (#12) or words of its title; the latest if empty', type: 'string', required: false, maxLength: 100 }],
  async run(options, ctx) {
    const alerts = alertsOf(ctx);
    if (!alerts) return NOT_RUNNING;
    const result = await alerts.why(chatOf(ctx), String(options.announcement ?? ''));
    if (!result.found) return { kind: 'notice', tone: 'info', text: result.text };
    return {
      kind: 'notice',
      tone: result.delivered ? 'success' : 'info',
      title: `#${result.announcement.id} ${result.announcement.title}`.slice(0, 200),
      text: result.lines.join('\n'),
    };
  },
});
