// Splits Telegram HTML over the message limit at paragraph, line or word boundaries, closing and reopening tags.
import { TELEGRAM_TEXT_LIMIT } from './render.js';

/** Room kept at the end of a part for the closing tags. */
const CLOSE_RESERVE = 64;
const TOKEN = /<(\/?)([a-z-]+)[^>]*>|&#?\w+;|[^<&]+/gi;

interface Cut {
  at: number;
  /** Opening tags (full text) still open at the cut. */
  open: string[];
}

/**
 * Split `html` into parts of at most `limit` characters each (raw HTML length, which is never less than what
 * Telegram counts), preferring paragraph breaks, then line breaks, then spaces; a tag open at a cut is closed
 * at the end of its part and reopened at the start of the next; entities are never cut.
 */
export function splitHtml(html: string, limit: number = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let rest = html.trim();
  while (rest.length > limit) {
    const cut = findCut(rest, Math.max(16, limit - CLOSE_RESERVE));
    const head = rest.slice(0, cut.at).trimEnd() + closers(cut.open);
    if (hasText(head)) parts.push(head);
    const tail = rest.slice(cut.at).replace(/^\s+/, '');
    rest = cut.open.join('') + tail;
  }
  if (hasText(rest)) parts.push(rest);
  return parts;
}

function hasText(html: string): boolean {
  return html.replace(/<[^>]*>/g, '').trim() !== '';
}

function closers(open: string[]): string {
  return open
    .map((tag) => `</${/^<([a-z-]+)/i.exec(tag)?.[1] ?? ''}>`)
    .reverse()
    .join('');
}

/** The best place to cut within the first `max` characters, with the tags open there. */
function findCut(html: string, max: number): Cut {
  const stack: string[] = [];
  let paragraph: Cut | undefined;
  let line: Cut | undefined;
  let space: Cut | undefined;
  let boundary: Cut = { at: 0, open: [] };
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(html); match; match = TOKEN.exec(html)) {
    const start = match.index;
    const token = match[0];
    if (token.startsWith('<') || token.startsWith('&')) {
      if (start + token.length > max) break;
      if (token.startsWith('<')) {
        if (match[1]) stack.pop();
        else stack.push(token);
      }
      boundary = { at: start + token.length, open: [...stack] };
      continue;
    }
    // Text: note break opportunities up to max.
    const end = Math.min(start + token.length, max);
    for (let i = start; i < end; i++) {
      const ch = html[i];
      if (ch === '\n') {
        const cut = { at: i, open: [...stack] };
        if (html[i + 1] === '\n') paragraph = cut;
        else if (html[i - 1] !== '\n') line = cut;
      } else if (ch === ' ') {
        space = { at: i, open: [...stack] };
      }
    }
    if (start + token.length > max) {
      let hard = max;
      const code = html.charCodeAt(hard - 1);
      if (code >= 0xd800 && code <= 0xdbff) hard--;
      boundary = { at: hard, open: [...stack] };
      break;
    }
    boundary = { at: start + token.length, open: [...stack] };
  }
  const half = max / 2;
  for (const candidate of [paragraph, line, space]) if (candidate && candidate.at >= half) return candidate;
  if (boundary.at > 0) return boundary;
  return paragraph ?? line ?? space ?? { at: Math.max(1, max), open: [] };
}
