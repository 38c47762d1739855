// The NLP library behind the reader (wink-nlp with its English model): sentences, parts of speech and typed values.
import { createRequire } from 'node:module';
import type { WinkMethods } from 'wink-nlp';

export interface Token {
  text: string;
  /** Character offsets in the analysed text. */
  start: number;
  end: number;
  /** Universal part of speech (PROPN, NOUN, VERB, NUM, PUNCT ...). */
  pos: string;
}

export interface ValueEntity {
  /** DATE, MONEY, PERCENT, CARDINAL, ORDINAL, DURATION, TIME ... */
  type: string;
  start: number;
  end: number;
  text: string;
}

export interface Tagged {
  tokens: Token[];
  sentences: Array<{ start: number; end: number; firstToken: number; lastToken: number }>;
  values: ValueEntity[];
}

let nlp: WinkMethods | undefined;

/** Load the model once, on first use (about 0.7 s): a bot answering from cached readings never pays it. */
function engine(): WinkMethods {
  if (!nlp) {
    const require = createRequire(import.meta.url);
    const winkNLP = require('wink-nlp') as (model: unknown) => WinkMethods;
    nlp = winkNLP(require('wink-eng-lite-web-model'));
  }
  return nlp;
}

/** Is the model loaded already (for timing and for warming it up off the question path)? */
export function nlpLoaded(): boolean {
  return nlp !== undefined;
}

export function warmUpNlp(): void {
  engine();
}

/** Tokens with offsets and parts of speech, sentence boundaries and value entities of one text. */
export function tag(text: string): Tagged {
  const winkNlp = engine();
  const its = winkNlp.its;
  const doc = winkNlp.readDoc(text);
  const values = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const tokens: Token[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    let start = text.indexOf(value, at);
    // wink may normalise a token (quotes, ellipses): fall back to the next non-space character.
    if (start < 0 || start - at > 20) {
      start = at;
      while (start < text.length && /\s/.test(text[start]!)) start++;
    }
    const end = start < 0 ? at : Math.min(text.length, start + value.length);
    tokens.push({ text: text.slice(start, end), start, end, pos: pos[i] ?? 'X' });
    at = end;
  }
  const sentences: Tagged['sentences'] = [];
  doc.sentences().each((sentence: { out(f: unknown): unknown }) => {
    const [first, last] = sentence.out(its.span) as unknown as [number, number];
    const a = tokens[first];
    const b = tokens[last];
    if (a && b) sentences.push({ start: a.start, end: b.end, firstToken: first, lastToken: last });
  });
  const entities: ValueEntity[] = [];
  doc.entities().each((entity: { out(f?: unknown): unknown }) => {
    const [first, last] = entity.out(its.span) as unknown as [number, number];
    const a = tokens[first];
    const b = tokens[last];
    if (a && b) entities.push({ type: String(entity.out(its.type)), start: a.start, end: b.end, text: text.slice(a.start, b.end) });
  });
  return { tokens, sentences, values: entities };
}
