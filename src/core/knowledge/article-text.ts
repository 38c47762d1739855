// What an article's text may be: Unicode cleaned on the way in, a text (not a binary) and within the size limits.

/** Limits on one article: its text in UTF-8 bytes and its sentences. */
export interface ArticleLimits {
  maxBytes: number;
  maxSentences: number;
}

/** 1 MB of text (a long news article is about 20 KB) and 5,000 sentences (a long one has about 200). */
export const defaultArticleLimits: ArticleLimits = { maxBytes: 1_000_000, maxSentences: 5_000 };

// Control characters but tab and line breaks, C1 controls, lone surrogates and the Unicode noncharacters
// (U+FDD0..U+FDEF and the last two code points of every plane): none of them is text a reader can use, and
// some make YAML parsers refuse the file.
// eslint-disable-next-line no-control-regex
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|\p{Cs}|\p{Noncharacter_Code_Point}/gu;

/**
 * Text as the knowledge base keeps it: line endings as \n, no control characters but \n and \t, no lone
 * surrogates, no Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, …), no byte order mark.
 *
 * @example
 * cleanUnicode('A\uFFFE title\r\n'); // 'A title\n'
 */
export function cleanUnicode(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\uFEFF/g, '').replace(UNWANTED, '');
}

/** Why `bytes` is not an article's text (a binary, not UTF-8, too large), or undefined when it is text. */
export function textProblem(bytes: Uint8Array | string, limits: ArticleLimits = defaultArticleLimits): string | undefined {
  let text: string;
  if (typeof bytes === 'string') text = bytes;
  else {
    if (bytes.includes(0)) return 'the file is not text (it has NUL bytes: a binary such as a program or an image)';
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return 'the file is not UTF-8 text (a binary, or text in another encoding: save it as UTF-8)';
    }
  }
  if (text.includes('\u0000')) return 'the file is not text (it has NUL characters: a binary such as a program or an image)';
  const sample = text.slice(0, 64_000);
  // eslint-disable-next-line no-control-regex
  const control = (sample.match(/[\u0000-\u0008\u000E-\u001F\u007F\uFFFD]/g) ?? []).length;
  if (control > sample.length * 0.02) return 'the file is not text (it is full of control characters: it looks binary)';
  const size = typeof bytes === 'string' ? Buffer.byteLength(bytes, 'utf8') : bytes.length;
  if (size > limits.maxBytes) return `the file is ${kb(size)} of text, more than the ${kb(limits.maxBytes)} an article may be (ARTICLE_MAX_BYTES)`;
  return undefined;
}

/** Why an article of `sentences` sentences cannot be kept, or undefined. */
export function sentenceProblem(sentences: number, limits: ArticleLimits = defaultArticleLimits): string | undefined {
  if (sentences === 0) return 'the article has no sentences to read (is it empty, or only headings?)';
  if (sentences > limits.maxSentences) return `the article has ${sentences.toLocaleString('en')} sentences, more than the ${limits.maxSentences.toLocaleString('en')} an article may have (ARTICLE_MAX_SENTENCES)`;
  return undefined;
}

function kb(bytes: number): string {
  return bytes >= 1_000_000 ? `${(bytes / 1_000_000).toFixed(1).replace(/\.0$/, '')} MB` : `${Math.ceil(bytes / 1000)} KB`;
}
