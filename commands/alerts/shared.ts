// Helpers of the alert commands: the service, the chat, who may change a group's alerts, and topics.
import type { AlertsService } from '../../src/alerts/service.js';
import type { ChatRef, SubscriptionKind } from '../../src/alerts/types.js';
import { normaliseKeyword, sectorSlug } from '../../src/alerts/matching.js';
import type { CommandContext, Reply } from '../types.js';

export const NOT_RUNNING: Reply = { kind: 'notice', tone: 'info', text: 'Alerts are not running on this bot right now.' };

export function alertsOf(ctx: CommandContext): AlertsService | undefined {
  return ctx.services.alerts;
}

export function chatOf(ctx: CommandContext): ChatRef {
  return { platform: ctx.platform, id: ctx.chat.id, type: ctx.chat.type };
}

/** In groups and channels only the chat's admins (or the bot's) may change alerts. Returns a refusal, or undefined. */
export async function refuseUnlessAllowed(ctx: CommandContext): Promise<Reply | undefined> {
  if (ctx.chat.type === 'private' || ctx.isAdmin) return undefined;
  let admin = false;
  try {
    admin = await ctx.user.isChatAdmin();
  } catch {
    return { kind: 'notice', tone: 'error', text: "I couldn't check whether you are an admin of this chat. Please try again in a moment." };
  }
  return admin ? undefined : { kind: 'notice', tone: 'denied', text: "Only this chat's admins can change its alerts. Anyone can see them with /subscriptions." };
}

export type Topic = { kind: SubscriptionKind; value: string; label: string };
export type TopicResult = { topic: Topic } | { error: Reply };

export const TOPIC_HELP = 'For example: /subscribe all, /subscribe HKSTP (any name or alias, 中文 too), /subscribe sector fintech, /subscribe keyword semiconductor.';

const info = (text: string, suggestions?: string[]): { error: Reply } => ({
  error: { kind: 'notice', tone: 'info', text, ...(suggestions?.length ? { suggestions } : {}) },
});

/** Read "all", "org NAME", "sector NAME", "keyword WORDS" or a bare name (an organisation, else a sector). */
export function parseTopic(text: string, ctx: CommandContext, sectors: readonly string[], verb = 'subscribe'): TopicResult {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return info(`What should this chat follow? ${TOPIC_HELP}`);
  if (/^(all|everything)$/i.test(t)) return { topic: { kind: 'all', value: '', label: 'all announcements' } };
  const [, head = '', rest = ''] = /^(\S+)\s*(.*)$/.exec(t) ?? [];
  const word = head.toLowerCase();
  if (['keyword', 'kw', 'word', 'words'].includes(word)) {
    const keyword = normaliseKeyword(rest);
    if (keyword.length < 2 || keyword.length > 60) return info(`A keyword needs 2 to 60 characters, for example /${verb} keyword semiconductor.`);
    return { topic: { kind: 'keyword', value: keyword, label: keyword } };
  }
  if (word === 'sector') return sectorTopic(rest, sectors, verb);
  const orgWords = ['org', 'organisation', 'organization', 'company', 'entity'];
  const name = orgWords.includes(word) ? rest : t;
  if (!name) return info(`Which organisation? For example /${verb} org Cyberport.`);
  const entity = ctx.core.knowledge.entities.find((e) => e.id === name.toLowerCase()) ?? undefined;
  const ref = entity ? { id: entity.id, name: entity.name } : ctx.core.resolveEntity(name);
  if (ref) return { topic: { kind: 'entity', value: ref.id, label: ref.name } };
  if (!orgWords.includes(word) && sectors.includes(sectorSlug(t))) return sectorTopic(t, sectors, verb);
  const close = ctx.core.complete(name, 3).map((c) => c.name);
  return info(
    `I don't know an organisation called "${name.slice(0, 60)}".${close.length ? ` Did you mean ${close.join(', ')}?` : ''} To follow the word itself, use /${verb} keyword ${name.slice(0, 60)}.`,
    [...close.map((c) => `/${verb} ${c}`), `/${verb} keyword ${name.slice(0, 40)}`],
  );
}

function sectorTopic(text: string, sectors: readonly string[], verb: string): TopicResult {
  const slug = sectorSlug(text);
  if (!slug) return info(`Which sector? Known sectors: ${sectors.join(', ')}.`);
  if (sectors.includes(slug)) return { topic: { kind: 'sector', value: slug, label: slug } };
  const close = sectors.filter((s) => s.includes(slug) || slug.includes(s)).slice(0, 5);
  return info(
    `I don't know the sector "${text.slice(0, 40)}". ${close.length ? `Did you mean ${close.join(', ')}?` : `Known sectors: ${sectors.join(', ')}.`}`,
    close.map((s) => `/${verb} sector ${s}`),
  );
}
