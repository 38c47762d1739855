// /announce (admins): post an announcement by hand; it goes to every matching subscriber.
import { defineCommand } from '../define-command.js';
import { alertsOf, NOT_RUNNING } from './shared.js';

export const announce = defineCommand({
  name: 'announce',
  description: 'Post an announcement to matching subscribers (admins)',
  usage: '/announce Title | one or two sentences | https://link (optional)',
  admin: true,
  options: [{ name: 'text', description: 'Title | text | link', type: 'string', required: true, maxLength: 2000 }],
  async run(options, ctx) {
    const alerts = alertsOf(ctx);
    if (!alerts) return NOT_RUNNING;
    const raw = String(options.text ?? '').trim();
    const link = /https?:\/\/[^\s|<>"]+/.exec(raw)?.[0];
    const parts = raw.replace(link ?? '\u0000', '').split(/\s*\|\s*|\n+/).map((p) => p.trim()).filter(Boolean);
    const [title = '', ...rest] = parts;
    if (title.length < 3 || title.length > 200) {
      return { kind: 'notice', tone: 'error', text: 'An announcement needs a title of 3 to 200 characters. Usage: /announce Title | text | https://link' };
    }
    const result = await alerts.announce({ title, text: rest.join('\n') || title, ...(link ? { link } : {}) }, `${ctx.platform}:${ctx.user.id}`);
    if (!result.recorded) return { kind: 'notice', tone: 'info', text: `Nothing sent: this is already announcement #${result.duplicateOf} (same ${result.by}).` };
    const about = result.announcement.entities.map((e) => e.name).join(', ');
    return {
      kind: 'notice',
      tone: 'success',
      title: `Announcement #${result.announcement.id} recorded`,
      text: `Alerts queued for ${result.deliveries} chat(s).${about ? ` About: ${about}.` : ''} Check any chat with /why ${result.announcement.id}.`,
    };
  },
});
