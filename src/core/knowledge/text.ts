// Text folding shared by validation and the query core: white space and typographic quotes.

/** Fold white space runs to one space and typographic quotes and dashes to ASCII, for verbatim checks. */
export function foldForQuote(text: string): string {
  return text
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Split a YAML front matter block (between --- lines) from a Markdown body. */
export function splitFrontMatter(text: string): { front: string; body: string } | undefined {
  const normalised = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const match = /^---\n([\s\S]*?)\n---\n?([\s\S]*)$/.exec(normalised);
  if (!match) return undefined;
  return { front: match[1] ?? '', body: (match[2] ?? '').trim() };
}

const SENTENCE_END = /(?<=[.!?…])\s+(?=["“‘(\[]?[A-Z0-9\u4E00-\u9FFF])/;

/** Split an article body into sentences (headings and captions stay as their own lines). */
export function sentencesOf(body: string): string[] {
  return body
    .split(/\n+/)
    .flatMap((line) => line.split(SENTENCE_END))
    .map((s) => s.trim())
    .filter((s) => s.length >= 12);
}
