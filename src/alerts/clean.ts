// Turns HTML, Markdown or plain text into the clean paragraphs a knowledge source holds.

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', copy: '©', reg: '®', trade: '™', middot: '·', bull: '•',
};

/** Decode HTML character references (named, decimal and hex). */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}

/** HTML to paragraphs of plain text: scripts, styles and navigation dropped, block elements become breaks. */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template|svg|nav|header|footer|aside|form)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/?(p|div|section|article|h[1-6]|li|ul|ol|tr|table|blockquote|pre|figure|figcaption|main)\b[^>]*>/gi, '\n\n')
    .replace(/<[^>]+>/g, '');
  return tidy(decodeEntities(text));
}

/** Markdown to plain text: links keep their words, images, emphasis markers and heading marks go. */
export function markdownToText(markdown: string): string {
  const text = markdown
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/```[\s\S]*?```/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '• ')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](\S(?:.*?\S)?)[*_](?=\W|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s*([-*_]\s*){3,}$/gm, '');
  return tidy(text);
}

/** Plain text tidied: line endings, trailing spaces, runs of blank lines, control characters. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
    .replace(/\u00A0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export type InputFormat = 'html' | 'markdown' | 'text';

/** Guess the format from the file name, then from the content. */
export function detectFormat(file: string, content: string): InputFormat {
  if (/\.html?$/i.test(file)) return 'html';
  if (/\.(md|markdown)$/i.test(file)) return 'markdown';
  if (/^\s*(<!doctype html|<html|<body|<article|<p[\s>])/i.test(content)) return 'html';
  return 'text';
}

/** Clean an article of any format; returns its text and the title it states, when it states one. */
export function cleanArticle(content: string, format: InputFormat): { text: string; title?: string } {
  if (format === 'html') {
    const title = /<h1\b[^>]*>([\s\S]*?)<\/h1>/i.exec(content)?.[1] ?? /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(content)?.[1];
    const body = /<article\b[^>]*>([\s\S]*?)<\/article>/i.exec(content)?.[1] ?? /<body\b[^>]*>([\s\S]*?)<\/body>/i.exec(content)?.[1] ?? content;
    const cleanTitle = title ? tidy(decodeEntities(title.replace(/<[^>]+>/g, ''))) : undefined;
    return { text: htmlToText(body.replace(/<title\b[\s\S]*?<\/title>/i, '')), ...(cleanTitle ? { title: cleanTitle } : {}) };
  }
  if (format === 'markdown') {
    const heading = /^\s{0,3}#\s+(.+)$/m.exec(content)?.[1];
    return { text: markdownToText(content), ...(heading ? { title: markdownToText(heading) } : {}) };
  }
  return { text: tidy(content) };
}
