// Parses Telegram's HTML parse mode the way the Bot API does, so the stand-in refuses what Telegram would refuse.

/** What a user sees of a formatted message: the visible text and the entities Telegram would find. */
export interface ParsedMessage {
  text: string;
  /** Formatting tags used, e.g. ['b', 'a', 'i']. */
  tags: string[];
  /** @username mentions Telegram would link (and notify). */
  mentions: string[];
  /** href of every link. */
  links: string[];
}

const ALLOWED = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };
const MENTION = /(?<![\w@])@([A-Za-z][A-Za-z0-9_]{3,31})(?![\w])/g;

/** Parse `html` like Telegram's parse_mode HTML; returns an error message such as Telegram's "can't parse entities" on bad input. */
export function parseTelegramHtml(html: string): ParsedMessage | { error: string } {
  let text = '';
  const stack: string[] = [];
  const tags: string[] = [];
  const links: string[] = [];
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end < 0) return { error: `Bad Request: can't parse entities: unclosed start tag at byte offset ${i}` };
      const raw = html.slice(i + 1, end);
      const match = /^(\/?)([a-z-]+)(\s[^]*)?$/i.exec(raw);
      if (!match) return { error: `Bad Request: can't parse entities: unsupported start tag "${raw}" at byte offset ${i}` };
      const [, closing, nameRaw = '', attrs = ''] = match;
      const name = nameRaw.toLowerCase();
      if (!ALLOWED.has(name)) return { error: `Bad Request: can't parse entities: unsupported start tag "${name}" at byte offset ${i}` };
      if (closing) {
        if (stack.pop() !== name) return { error: `Bad Request: can't parse entities: unmatched end tag at byte offset ${i}, expected "</${stack.at(-1) ?? ''}>", found "</${name}>"` };
      } else {
        if (name === 'a') {
          const href = /href\s*=\s*"([^"]*)"/.exec(attrs)?.[1];
          if (href === undefined) return { error: `Bad Request: can't parse entities: a tag without href at byte offset ${i}` };
          links.push(decodeEntities(href));
        }
        stack.push(name);
        tags.push(name);
      }
      i = end + 1;
    } else if (ch === '&') {
      const match = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(html.slice(i, i + 12));
      const name = match?.[1];
      if (!match || name === undefined) return { error: `Bad Request: can't parse entities: character & must be escaped at byte offset ${i}` };
      if (name.startsWith('#')) text += String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      else if (NAMED[name.toLowerCase()] !== undefined) text += NAMED[name.toLowerCase()];
      else return { error: `Bad Request: can't parse entities: unsupported HTML entity "&${name};" at byte offset ${i}` };
      i += match[0].length;
    } else if (ch === '>') {
      return { error: `Bad Request: can't parse entities: character > must be escaped at byte offset ${i}` };
    } else {
      text += ch;
      i++;
    }
  }
  if (stack.length) return { error: `Bad Request: can't parse entities: can't find end tag corresponding to start tag "${stack.at(-1)}"` };
  return { text, tags, links, mentions: mentionsIn(text) };
}

/** The @username mentions Telegram would detect in plain text. */
export function mentionsIn(text: string): string[] {
  return [...text.matchAll(MENTION)].map((m) => m[1]!);
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|amp|quot);/g, (_m, name: string) => NAMED[name]!);
}
