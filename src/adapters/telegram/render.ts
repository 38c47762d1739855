// Renders a Reply as Telegram HTML: the one place where text is escaped for Telegram (answers, inline results, alerts).
import type { Reply } from '../../../commands/types.js';
import type { AnnouncementView, Citation, SearchHit } from '../../core/index.js';

/** Telegram's limit on a message's text. */
export const TELEGRAM_TEXT_LIMIT = 4096;
const QUOTE_MAX = 400;
const WORD_JOINER = '\u2060';

/** Escape text for Telegram's HTML parse mode (`&`, `<`, `>` and `"`), so nothing in it is read as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Escape text for Telegram HTML and defuse @mentions (an invisible word joiner after the @), so text a user
 * typed or an article quoted can neither break a message nor notify anyone. Use this for all visible text.
 */
export function escapeText(text: string): string {
  return escapeHtml(text).replace(/@(?=\w)/g, `@${WORD_JOINER}`);
}

/** A link when the URL is http(s), else the escaped label alone. */
export function link(label: string, url: string | undefined): string {
  if (!url || !/^https?:\/\/\S+$/i.test(url)) return escapeText(label);
  return `<a href="${escapeHtml(url)}">${escapeText(label)}</a>`;
}

/** Cut text to `max` characters at a word boundary, with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const bold = (text: string) => `<b>${escapeText(text)}</b>`;
const italic = (text: string) => `<i>${escapeText(text)}</i>`;

/** A citation in two compact lines: the article (linked) and the verbatim quote. */
export function renderCitation(c: Citation): string {
  const meta = [c.publisher, c.date].filter(Boolean).join(', ');
  return `📰 ${link(c.title, c.url)}${meta ? ` · ${escapeText(meta)}` : ''}\n<i>“${escapeText(clip(c.quote, QUOTE_MAX))}”</i>`;
}

function renderHit(hit: SearchHit, index: number): string {
  return `${index + 1}. ${escapeText(hit.snippet)}\n    — ${link(hit.citation.title, hit.citation.url)}`;
}

function renderAnnouncement(item: AnnouncementView): string {
  return `• ${escapeText(item.statement)} (${escapeText(item.sourceDate)}, ${link(item.citation.title, item.citation.url)})`;
}

const TONE: Record<string, string> = { info: 'ℹ️', success: '✅', error: '⚠️', denied: '⛔' };

/** Telegram HTML for every kind of reply. Buttons (reply.actions) are rendered by the keyboard, not here. */
export function renderReply(reply: Reply): string {
  const blocks: string[] = [];
  switch (reply.kind) {
    case 'answer': {
      const { answer } = reply;
      blocks.push(escapeText(answer.text));
      if (answer.citations.length) blocks.push(answer.citations.map(renderCitation).join('\n\n'));
      if (!answer.answered && answer.suggestions.length) blocks.push(`Try: ${answer.suggestions.map(italic).join(' · ')}`);
      break;
    }
    case 'profile': {
      const p = reply.profile;
      blocks.push(`${bold(p.entity.name)} (${escapeText(p.entity.type)})\n${escapeText(p.description)}`);
      const about: string[] = [];
      if (p.aliases.length) about.push(`Also known as: ${escapeText(p.aliases.slice(0, 12).join(', '))}`);
      if (p.sectors.length) about.push(`Sectors: ${escapeText(p.sectors.join(', '))}`);
      about.push(...p.relations.slice(0, 8).map((r) => `• ${escapeText(r.label)}`));
      if (about.length) blocks.push(about.join('\n'));
      if (p.facts.length) {
        const facts = p.facts.slice(0, 8).map((f) => `• ${escapeText(f.statement)}${f.date ? ` (${escapeText(f.date)})` : ''}`);
        if (p.facts.length > 8) facts.push(`…and ${p.facts.length - 8} more.`);
        blocks.push(`${bold('What the articles say')}\n${facts.join('\n')}`);
      }
      if (p.related.length) blocks.push(`Related: ${escapeText(p.related.map((r) => r.name).join(', '))}`);
      break;
    }
    case 'search': {
      const { result } = reply;
      blocks.push(`${bold(`Results for “${result.query}”`)} (${result.total})`);
      if (result.hits.length) blocks.push(result.hits.map(renderHit).join('\n\n'));
      break;
    }
    case 'announcements': {
      blocks.push(bold(reply.title));
      blocks.push(reply.items.length ? reply.items.map(renderAnnouncement).join('\n') : escapeText(reply.empty));
      break;
    }
    case 'sources': {
      blocks.push(bold(`Articles (${reply.sources.length})`));
      if (reply.sources.length) {
        blocks.push(
          reply.sources
            .map((s) => `• ${link(s.title, s.url)}${s.publisher ? ` — ${escapeText(s.publisher)}` : ''} (${escapeText(s.date)}, ${s.facts} facts)`)
            .join('\n'),
        );
      }
      break;
    }
    case 'help': {
      blocks.push(`${bold(reply.title)}\n${escapeText(reply.intro)}`);
      blocks.push(reply.commands.map((c) => `/${escapeText(c.name)} — ${escapeText(c.description)}`).join('\n'));
      if (reply.examples.length) blocks.push(`${bold('Examples')}\n${reply.examples.map((e) => `• ${italic(e)}`).join('\n')}`);
      break;
    }
    case 'list': {
      blocks.push(bold(reply.title));
      blocks.push(reply.items.length ? reply.items.map((item) => `• ${escapeText(item)}`).join('\n') : escapeText(reply.empty));
      if (reply.footer) blocks.push(escapeText(reply.footer));
      break;
    }
    case 'ack':
      blocks.push(escapeText(reply.text));
      break;
    case 'notice': {
      const icon = TONE[reply.tone] ?? '';
      blocks.push(reply.title ? `${icon} ${bold(reply.title)}\n${escapeText(reply.text)}` : `${icon} ${escapeText(reply.text)}`);
      if (reply.suggestions?.length) blocks.push(`Try: ${reply.suggestions.map(italic).join(' · ')}`);
      break;
    }
    default: {
      const unhandled: never = reply;
      throw new Error(`telegram render: unhandled reply ${JSON.stringify(unhandled)}`);
    }
  }
  return blocks.filter((b) => b.trim() !== '').join('\n\n');
}

/** The visible text of our HTML (tags dropped, entities decoded): a fallback when Telegram refuses the markup. */
export function toPlainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

/** The message an inline result posts: a passage or statement, then its citation. */
export function renderQuoted(text: string, citation: Citation): string {
  return `${escapeText(clip(text, 1000))}\n\n${renderCitation(citation)}`;
}
