// /feeds (admins): the configured feeds and their health, and any source file the knowledge base left out.
import type { FeedHealth } from '../../src/alerts/types.js';
import { defineCommand } from '../define-command.js';
import { alertsOf, NOT_RUNNING } from './shared.js';

const ago = (ms: number, now: number) => {
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 90 ? `${s} s ago` : s < 5400 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};

/** What a feed's last polls left out or could not read, each on a line of its own ('' when nothing). */
function notesOf(f: FeedHealth, now: number): string {
  const notes: string[] = [];
  if (f.skippedLastPoll) notes.push(`⚠️ ${f.skippedLastPoll} new items left out in the last poll (${f.skipReason ?? 'over a ceiling'}); tried again next poll; ${f.skippedTotal ?? f.skippedLastPoll} left out in all`);
  else if (f.skippedTotal) notes.push(`${f.skippedTotal} new items left out by the ceilings in all, the last ${f.skippedAt ? ago(f.skippedAt, now) : 'earlier'}`);
  if (f.pageError) notes.push(`⚠️ ${f.pageError}${f.pageErrorAt ? ` (${ago(f.pageErrorAt, now)})` : ''}`);
  return notes.map((n) => `\n   ${n}`).join('');
}

export const feeds = defineCommand({
  name: 'feeds',
  description: 'Feeds polled for announcements, and their health (admins)',
  usage: '/feeds',
  admin: true,
  options: [],
  async run(_options, ctx) {
    const alerts = alertsOf(ctx);
    // A source file the bot started without is the admins' to fix: it is named here whatever the feeds say.
    const skipped = (ctx.core.knowledge.skipped ?? []).map((s) => `⚠️ knowledge: ${s.file} left out: ${s.reason}`);
    if (!alerts) return skipped.length ? { kind: 'list', title: 'Knowledge', items: skipped, empty: '' } : NOT_RUNNING;
    const now = Date.now();
    const list = await alerts.feeds();
    return {
      kind: 'list',
      title: `Feeds (${list.filter((f) => f.health === 'failing').length} failing of ${list.length})${skipped.length ? `; ${skipped.length} source file(s) left out of the knowledge base` : ''}`,
      items: [...skipped, ...list.map((f) => {
        const checked = f.lastCheckedAt ? `checked ${ago(f.lastCheckedAt, now)}` : 'not checked yet';
        const notes = notesOf(f, now);
        if (f.health === 'failing') return `⚠️ ${f.url}: failing (${f.failures}× in a row): ${f.lastError ?? 'unknown error'}; ${checked}; next try in ${Math.max(0, Math.round((f.nextPollAt - now) / 1000))} s${notes}`;
        if (f.health === 'new') return `⏳ ${f.url}: ${checked}`;
        return `✅ ${f.url}: OK, ${checked}, ${f.items} items${f.baselineDone ? '' : ' (baseline pending)'}${notes}`;
      })],
      empty: 'No feeds are configured. Set FEEDS (comma-separated RSS or Atom URLs) in the environment.',
    };
  },
});
