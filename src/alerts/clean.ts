// Turns HTML, Markdown or plain text into the clean paragraphs a knowledge source holds.
import { createRequire } from 'node:module';
import { decodeHTML } from 'entities';
import type * as HtmlToText from 'html-to-text';
import type { HtmlToTextOptions, SelectorDefinition } from 'html-to-text';

// Loaded on first use: only feeds and ingestion read HTML, and the bot starts without paying for it.
const requireLazily = createRequire(import.meta.url);
let library: typeof HtmlToText | undefined;
const converters = new Map<string, (html: string) => string>();

/** Parts of a page that are never the article: navigation, page furniture, code, forms and embedded media. */
const SKIPPED = ['nav', 'header', 'footer', 'aside', 'form', 'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'button', 'select', 'img', 'video', 'audio', 'canvas', 'object', 'title', 'head'];
const PARAGRAPH = { leadingLineBreaks: 2, trailingLineBreaks: 2 };

const selectors: SelectorDefinition[] = [
  ...SKIPPED.map((selector) => ({ selector, format: 'skip' })),
  { selector: 'a', options: { ignoreHref: true } },
  ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false, ...PARAGRAPH } })),
  ...['div', 'section', 'article', 'main', 'figure', 'figcaption', 'table', 'tr'].map((selector) => ({ selector, format: 'block', options: PARAGRAPH })),
  { selector: 'ul', options: { itemPrefix: '• ' } },
  { selector: 'hr', format: 'skip' },
];

/** One compiled converter per part of the page (article, main content, body, title, or all of it), made once. */
function converter(base: string[] | 'all', title = false): (html: string) => string {
  const key = `${title ? 'title:' : ''}${base === 'all' ? '*' : base.join(',')}`;
  let convert = converters.get(key);
  if (!convert) {
    library ??= requireLazily('html-to-text') as typeof HtmlToText;
    const options: HtmlToTextOptions = {
      wordwrap: false,
      // A title is read from <h1> or <title>, so only code is dropped there.
      selectors: title ? [{ selector: 'script', format: 'skip' }, { selector: 'style', format: 'skip' }, { selector: 'h1', options: { uppercase: false } }] : selectors,
      baseElements: base === 'all' ? { selectors: [], returnDomByDefault: true } : { selectors: base, returnDomByDefault: false },
      limits: { maxBaseElements: 1 },
    };
    convert = library.compile(options);
    converters.set(key, convert);
  }
  return convert;
}

/** HTML (a page or a fragment) to paragraphs of plain text: navigation, scripts and styles dropped, entities decoded. */
export function htmlToText(html: string): string {
  // A page is narrowed to its article, else its main content, else its body; a fragment is taken whole.
  for (const base of [['article'], ['main', '[role=main]'], ['body']]) {
    const text = tidy(converter(base)(html));
    if (text) return text;
  }
  return tidy(converter('all')(html));
}

/** The title a page states: its first h1, else its <title>. */
export function htmlTitle(html: string): string | undefined {
  for (const base of [['h1'], ['title']]) {
    const title = tidy(converter(base, true)(html)).replace(/\s+/g, ' ');
    if (title) return title;
  }
  return undefined;
}

/** Markdown to plain text: links keep their words, images, emphasis markers and heading marks go, entities decoded. */
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
  return tidy(decodeHTML(text));
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

const HTML_STARTS = ['<!doctype html', '<html', '<head', '<body', '<article', '<p>', '<p '];

/** Guess the format from the file name, then from the content. */
export function detectFormat(file: string, content: string): InputFormat {
  const name = file.toLowerCase();
  if (name.endsWith('.html') || name.endsWith('.htm')) return 'html';
  if (name.endsWith('.md') || name.endsWith('.markdown')) return 'markdown';
  const start = content.trimStart().slice(0, 20).toLowerCase();
  if (HTML_STARTS.some((tag) => start.startsWith(tag))) return 'html';
  // Markdown under another name (a copy saved as .txt) is read as Markdown, so it is the same article either way.
  return /^\s{0,3}#{1,6}\s+\S/m.test(content) || /\[[^\]\n]+\]\([^)\s]+\)/.test(content) || /\*\*[^*\n]+\*\*/.test(content) ? 'markdown' : 'text';
}

/** Clean an article of any format; returns its text and the title it states, when it states one. */
export function cleanArticle(content: string, format: InputFormat): { text: string; title?: string } {
  if (format === 'html') {
    const title = htmlTitle(content);
    return { text: htmlToText(content), ...(title ? { title } : {}) };
  }
  if (format === 'markdown') {
    const heading = /^\s{0,3}#\s+(.+)$/m.exec(content)?.[1];
    return { text: markdownToText(content), ...(heading ? { title: markdownToText(heading) } : {}) };
  }
  return { text: tidy(content) };
}
