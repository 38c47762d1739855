// Telegram's rules as the stand-in applies them: HTML parse mode, text and button limits, commands, inline results.

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

/* eslint-disable @typescript-eslint/no-explicit-any */
type Params = Record<string, any>;

/** A message text as Telegram checks it: the parsed message, or Telegram's error description. */
export function checkMessageText(text: unknown, parseMode: unknown): ParsedMessage | string {
  if (typeof text !== 'string') return 'Bad Request: message text is empty';
  const parsed: ParsedMessage | { error: string } = parseMode === 'HTML' ? parseTelegramHtml(text) : { text, tags: [], mentions: mentionsIn(text), links: [] };
  if ('error' in parsed) return parsed.error;
  if (!parsed.text.trim()) return 'Bad Request: message text is empty';
  if (parsed.text.length > 4096) return 'Bad Request: message is too long';
  return parsed;
}

/** Inline keyboards: callback_data 1-64 bytes, every button with text. */
export function checkKeyboard(markup: Params | undefined): string | undefined {
  for (const row of markup?.inline_keyboard ?? []) {
    for (const button of row) {
      const data = button.callback_data;
      if (data !== undefined && (typeof data !== 'string' || Buffer.byteLength(data) < 1 || Buffer.byteLength(data) > 64)) return 'Bad Request: BUTTON_DATA_INVALID';
      if (!button.text) return 'Bad Request: text buttons are unallowed in the inline keyboard';
    }
  }
  return undefined;
}

/** setMyCommands: at most 100, names ^[a-z0-9_]{1,32}$, descriptions 1-256 characters. */
export function checkCommands(commands: Params[]): string | undefined {
  if (commands.length > 100) return 'Bad Request: too many commands';
  for (const c of commands) {
    if (!/^[a-z0-9_]{1,32}$/.test(c.command)) return 'Bad Request: BOT_COMMAND_INVALID';
    if (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 256) return 'Bad Request: BOT_COMMAND_DESCRIPTION_INVALID';
  }
  return undefined;
}

/** answerInlineQuery: at most 50 results, unique ids of at most 64 bytes, valid message texts. */
export function checkInlineResults(results: Params[]): string | undefined {
  if (results.length > 50) return 'Bad Request: RESULTS_TOO_MUCH';
  const ids = new Set<string>();
  for (const r of results) {
    if (typeof r.id !== 'string' || Buffer.byteLength(r.id) > 64 || ids.has(r.id)) return 'Bad Request: RESULT_ID_INVALID';
    ids.add(r.id);
    const content = r.input_message_content ?? {};
    const parsed = checkMessageText(content.message_text, content.parse_mode);
    if (typeof parsed === 'string') return parsed;
  }
  return undefined;
}
