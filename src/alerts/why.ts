// Explains why an announcement did or did not reach a chat: the matching subscription, when it was sent, or what stopped it.
import type { AlertsStore } from '../storage/types.js';
import { subscriptionMatches } from './announcements.js';
import { describeMatch } from './matching.js';
import { chatKey } from './subscriptions.js';
import type { Announcement, ChatRef, Platform } from './types.js';

export type WhyResult =
  | { found: false; text: string }
  | { found: true; announcement: Announcement; delivered: boolean; lines: string[] };

const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Find the announcement (by #id or title words; the latest when empty) and explain its fate in this chat. */
export async function explain(store: AlertsStore, chat: ChatRef, query: string, connected: Platform[], now = Date.now()): Promise<WhyResult> {
  const trimmed = query.trim();
  const byId = /^#?(\d{1,12})$/.exec(trimmed);
  const announcement = byId ? await store.getAnnouncement(Number(byId[1])) : (await store.findAnnouncements(trimmed, 1))[0];
  if (!announcement) {
    return {
      found: false,
      text: trimmed
        ? `I can't find an announcement matching "${trimmed.slice(0, 60)}". Try /why with its number (shown as #12) or a few words of its title.`
        : 'No announcements have been recorded yet.',
    };
  }
  const lines: string[] = [];
  const delivery = await store.getDelivery(announcement.id, chatKey(chat));
  const about = announcement.entities.length ? announcement.entities.map((e) => e.name).slice(0, 6).join(', ') : 'no organisation we know';
  if (delivery) {
    const because = `It matched this chat's subscription to ${delivery.matched}.`;
    switch (delivery.status) {
      case 'sent':
        lines.push(`Sent here on ${when(delivery.sentAt ?? now)}.`, because);
        break;
      case 'pending':
      case 'sending':
        lines.push(`Not sent yet: it is queued${delivery.nextAttemptAt > now ? ` for ${when(delivery.nextAttemptAt)}` : ''}.`, because);
        if (delivery.lastError) lines.push(`Last attempt failed: ${delivery.lastError}. It will be tried again.`);
        if (!connected.includes(chat.platform)) lines.push(`The bot is not connected to ${chat.platform} right now; it will be sent once it is.`);
        break;
      case 'failed':
        lines.push(`It could not be delivered: ${delivery.lastError ?? 'unknown error'}.`, because);
        break;
      case 'skipped':
        lines.push(`It was not sent: ${delivery.lastError ?? 'skipped'}.`, because);
        break;
    }
    return { found: true, announcement, delivered: delivery.status === 'sent', lines };
  }
  if (announcement.baseline) {
    lines.push('It was already in its feed when the feed was first added, so it was recorded without alerts (first-run baseline).');
    return { found: true, announcement, delivered: false, lines };
  }
  const subs = await store.listSubscriptions(chat, { all: true });
  const matching = subs.filter((s) => subscriptionMatches(s, announcement));
  const later = matching.filter((s) => s.createdAt > announcement.createdAt);
  const inactive = matching.filter((s) => !s.active && s.createdAt <= announcement.createdAt);
  if (subs.length === 0) {
    lines.push('This chat has no subscriptions. Use /subscribe (for example /subscribe HKSTP or /subscribe keyword semiconductor).');
  } else if (later.length > 0) {
    lines.push(`It was announced on ${when(announcement.createdAt)}, before this chat subscribed to ${later.map((s) => describeMatch(s.kind, s.label)).join(', ')}. Alerts are only sent for announcements after you subscribe.`);
  } else if (inactive.length > 0) {
    lines.push(`This chat's subscriptions were switched off (${inactive[0]!.deactivatedReason ?? 'the platform refused a message'}). Subscribe again once the bot may post here.`);
  } else {
    lines.push(`None of this chat's subscriptions matched. It is about ${about}${announcement.sectors.length ? ` (sectors: ${announcement.sectors.join(', ')})` : ''}.`);
    lines.push(`This chat follows: ${subs.filter((s) => s.active).map((s) => describeMatch(s.kind, s.label)).join(', ') || 'nothing active'}.`);
  }
  return { found: true, announcement, delivered: false, lines };
}
