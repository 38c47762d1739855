// Renders a Reply as Discord messages (embeds + buttons) within every limit; pure, and the only place that escapes.
import type { APIEmbed, APIEmbedField } from 'discord.js';
import type { NoticeTone, Reply } from '../../../commands/types.js';
import type { Citation } from '../../core/index.js';
import { actionRows, type ButtonRow } from './components.js';
import { escapeText, fitEmbeds, link, packEmbeds, truncate, type EmbedDraft } from './embeds.js';

/** One message to send: embeds, buttons (on the last message of a reply) and whether only the user should see it. */
export interface DiscordMessage {
  embeds: APIEmbed[];
  components: ButtonRow[];
  ephemeral: boolean;
}

export const COLORS = {
  answer: 0x2f80ed,
  declined: 0x8c9aa8,
  info: 0x2f80ed,
  success: 0x27ae60,
  error: 0xeb5757,
  denied: 0xf2994a,
  alert: 0xf2c94c,
} as const;

const MAX_PROFILE_FACTS = 10;

function citationField(citation: Citation, index: number): APIEmbedField {
  const meta = [link('Read the article', citation.url), citation.publisher && escapeText(citation.publisher), citation.date && escapeText(citation.date)]
    .filter(Boolean)
    .join(' · ');
  const room = 1024 - meta.length - 8;
  const quote = truncate(escapeText(citation.quote), room).split('\n').map((line) => `> ${line}`).join('\n');
  return { name: `${index + 1}. ${citation.title}`, value: `${quote}\n${meta}` };
}

function tryLine(suggestions: readonly string[] | undefined): string {
  return suggestions?.length ? `\n\n**Try:** ${suggestions.map((s) => escapeText(s)).join(' · ')}` : '';
}

function noticeColor(tone: NoticeTone): number {
  return COLORS[tone];
}

/** The embed draft of each kind of reply: an exhaustive switch, so a new kind fails to compile until handled here. */
export function replyDraft(reply: Reply): EmbedDraft {
  switch (reply.kind) {
    case 'answer': {
      const { answer } = reply;
      const caution = answer.unreliable ? '\n\n*The figures in this passage are hard to read in the source: check the article.*' : '';
      return {
        color: answer.answered ? COLORS.answer : COLORS.declined,
        description: `${escapeText(answer.text)}${caution}${answer.answered ? '' : tryLine(answer.suggestions)}`,
        fields: answer.citations.map(citationField),
        ...(answer.citations.length ? { footer: 'Quotes are verbatim from the articles.' } : {}),
      };
    }
    case 'profile': {
      const p = reply.profile;
      const lines = [escapeText(p.description)];
      if (p.aliases.length) lines.push('', `**Also known as:** ${escapeText(p.aliases.join(', '))}`);
      if (p.sectors.length) lines.push(`**Sectors:** ${escapeText(p.sectors.join(', '))}`);
      if (p.relations.length) lines.push('', ...p.relations.slice(0, 8).map((r) => `• ${escapeText(r.label)}`));
      if (p.facts.length) {
        lines.push('', '**What the articles say**');
        for (const f of p.facts.slice(0, MAX_PROFILE_FACTS)) lines.push(`• ${escapeText(f.statement)} — ${link(f.citation.title, f.citation.url)}`);
        if (p.facts.length > MAX_PROFILE_FACTS) {
          lines.push(`…and ${p.facts.length - MAX_PROFILE_FACTS} more: try \`/search ${p.entity.name.replace(/`/g, '')}\`.`);
        }
      }
      const fields: APIEmbedField[] = [];
      if (p.related.length) fields.push({ name: 'Related', value: escapeText(p.related.map((r) => r.name).join(', ')) });
      return { color: COLORS.info, title: `${p.entity.name} (${p.entity.type})`, description: lines.join('\n'), fields };
    }
    case 'search': {
      const { result } = reply;
      return {
        color: COLORS.info,
        title: `Results for “${escapeText(result.query)}”`,
        fields: result.hits.map((h, i) => ({
          name: `${i + 1}. ${h.citation.title}`,
          value: `${truncate(escapeText(h.snippet), 900)}\n${link('Read the article', h.citation.url)}`,
        })),
        footer: `${result.total} match${result.total === 1 ? '' : 'es'} · showing ${result.hits.length}`,
      };
    }
    case 'announcements': {
      const lines = reply.items.map((item) => `• **${escapeText(item.sourceDate)}** ${escapeText(item.statement)} — ${link(item.citation.title, item.citation.url)}`);
      return { color: COLORS.info, title: reply.title, description: lines.length ? lines.join('\n') : escapeText(reply.empty) };
    }
    case 'sources': {
      const lines = reply.sources.map(
        (s) => `• ${link(s.title, s.url)}${s.publisher ? ` — ${escapeText(s.publisher)}` : ''} (${escapeText(s.date)}, ${s.facts} facts)`,
      );
      return { color: COLORS.info, title: `Articles I have read (${reply.sources.length})`, description: lines.join('\n') || 'No articles yet.' };
    }
    case 'help': {
      const fields = reply.commands.map((c) => ({ name: `/${c.name}`, value: `${escapeText(c.description)}\ne.g. \`${c.usage.replace(/`/g, '')}\`` }));
      if (reply.examples.length) fields.push({ name: 'Or just ask', value: reply.examples.map((e) => `• ${escapeText(e)}`).join('\n') });
      return { color: COLORS.info, title: reply.title, description: escapeText(reply.intro), fields };
    }
    case 'list': {
      const lines = reply.items.map((item) => `• ${escapeText(item)}`);
      return {
        color: COLORS.info,
        title: reply.title,
        description: lines.length ? lines.join('\n') : escapeText(reply.empty),
        ...(reply.footer ? { footer: reply.footer } : {}),
      };
    }
    case 'ack':
      return { color: COLORS.success, description: escapeText(reply.text) };
    case 'notice':
      return {
        color: noticeColor(reply.tone),
        ...(reply.title ? { title: reply.title } : {}),
        description: `${escapeText(reply.text)}${tryLine(reply.suggestions)}`,
      };
    default: {
      const unhandled: never = reply;
      throw new Error(`discord: unhandled reply ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Errors, refusals and acknowledgements (of a rating, say) are shown only to the user who asked. */
export function isPrivate(reply: Reply): boolean {
  return reply.kind === 'ack' || (reply.kind === 'notice' && (reply.tone === 'error' || reply.tone === 'denied'));
}

/** Render a Reply as one or more messages, each within Discord's limits; buttons go under the last one. */
export function renderDiscordReply(reply: Reply): DiscordMessage[] {
  return draftMessages(replyDraft(reply), actionRows(reply.actions), isPrivate(reply));
}

/** Fit a draft and pack it into messages (shared by replies and alerts). */
export function draftMessages(draft: EmbedDraft, components: ButtonRow[] = [], ephemeral = false): DiscordMessage[] {
  const groups = packEmbeds(fitEmbeds(draft));
  return groups.map((embeds, i) => ({ embeds, components: i === groups.length - 1 ? components : [], ephemeral }));
}
