// Token helpers of the name finder: the words that join a name, how a run reads as text, and posts beside names.
import type { LexiconSets } from './lexicon-sets.js';
import type { Token } from './nlp.js';

export const JOINERS = new Set(['of', 'and', 'for', '&', 'de', 'du', 'la', 'von', 'van', 'der']);
export const ACRONYM = /^[A-Z][A-Z0-9&]{1,9}s?$/;
export const CAPITALISED = /^\p{Lu}/u;
export const POSSESSIVE = /^['’]s$/i;
export const HYPHEN = /^[-‐‑]$/;

export const lower = (t: Token) => t.text.toLowerCase().replace(/\.$/, '');

export function textOf(tokens: Token[], a: number, b: number): string {
  let text = '';
  for (let k = a; k <= b; k++) {
    const t = tokens[k]!;
    // A bracketed short form inside the run is not part of the name.
    if (t.text === '(' && tokens[k + 2]?.text === ')' && k > a && k + 2 < b) {
      k += 2;
      continue;
    }
    text += k > a && tokens[k - 1]!.end < t.start ? ` ${t.text}` : t.text;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/** ", InvestHK's director-general of investment promotion," / ", CEO of HKSTP,": a post right after a name. */
export function postAfter(tokens: Token[], b: number, lex: LexiconSets): { title: string; organisation?: string; as?: boolean } | undefined {
  const joiner = lower(tokens[b + 1] ?? tokens[b]!);
  // "Terry Wong, CEO of HKSTP," or "appointed Terry Wong as CEO".
  if (joiner !== ',' && joiner !== 'as') return undefined;
  const as = joiner === 'as';
  let k = b + 2;
  let organisation: string | undefined;
  // "Chan, who serves as the company's chief executive": a relative clause that gives the post.
  if (!as && lower(tokens[k] ?? tokens[b]!) === 'who') {
    k++;
    if (lower(tokens[k] ?? tokens[b]!) === 'also') k++;
    if (!/^(is|was|serves|served|acts|acted|remains)$/.test(lower(tokens[k] ?? tokens[b]!))) return undefined;
    k++;
    if (lower(tokens[k] ?? tokens[b]!) === 'also') k++;
    if (lower(tokens[k] ?? tokens[b]!) === 'as') k++;
  }
  if (['the', 'its', 'our', 'their', 'his', 'her'].includes(lower(tokens[k] ?? tokens[b]!))) k++;
  // "the company's chief executive", "the firm's founder": the company of the story (read-article fills it in).
  if (/^(company|firm|group|start-?up|bank|fund|organisation|organization|university)$/.test(lower(tokens[k] ?? tokens[b]!)) && POSSESSIVE.test(tokens[k + 1]?.text ?? '')) k += 2;
  // "InvestHK's director-general": the organisation first, with a possessive.
  let m = k;
  while (tokens[m] && CAPITALISED.test(tokens[m]!.text) && !lex.postWords.has(lower(tokens[m]!))) m++;
  if (m > k && tokens[m] && POSSESSIVE.test(tokens[m]!.text)) {
    organisation = textOf(tokens, k, m - 1);
    k = m + 1;
  }
  const start = k;
  let end = k - 1;
  const continues = (k: number) => tokens[k]?.text === ',' && tokens[k + 1] !== undefined && lex.postWords.has(lower(tokens[k + 1]!)) && !lex.postHeads.has(lower(tokens[k + 1]!));
  while (tokens[end + 1] && (lex.postWords.has(lower(tokens[end + 1]!)) || HYPHEN.test(tokens[end + 1]!.text) || (JOINERS.has(lower(tokens[end + 1]!)) && end >= start) || (end >= start && continues(end + 1)))) end++;
  if (end < start) return undefined;
  const words = tokens.slice(start, end + 1).map(lower);
  if (!words.some((w) => lex.postHeads.has(w) || lex.postHeads.has(w.replace(/-.*/, '')))) return undefined;
  // "CEO of HKSTP": the organisation after "of".
  const at = (k: number) => ['of', 'at'].includes(lower(tokens[k] ?? tokens[0]!));
  if (!organisation && (at(end) || at(end + 1))) {
    let s = at(end) ? end + 1 : end + 2;
    if (lower(tokens[s] ?? tokens[end]!) === 'the') s++;
    let e = s;
    while (tokens[e + 1] && (CAPITALISED.test(tokens[e + 1]!.text) || JOINERS.has(lower(tokens[e + 1]!)))) e++;
    if (tokens[s] && CAPITALISED.test(tokens[s]!.text)) organisation = textOf(tokens, s, e).replace(/\s+(of|and|for)$/i, '');
    if (at(end)) end--;
  }
  const title = textOf(tokens, start, end).replace(/\s+(of|and|for)$/i, '');
  return { title, ...(organisation ? { organisation } : {}), ...(as ? { as } : {}) };
}

/** "Chan Ka-chai", "Wong Ping-sau": a Cantonese given name written with a hyphen and a lower-case second part. */
export function chineseGivenName(tokens: Token[], a: number, b: number): boolean {
  const words = textOf(tokens, a, b).split(' ');
  return words.length >= 2 && words.length <= 4 && /^\p{Lu}\p{Ll}+-\p{Ll}+$/u.test(words[words.length - 1]!);
}

/** "Peter Yan said", "said Sunny Chai": a short name right before or after a verb of speech is a person. */
export function speaks(tokens: Token[], a: number, b: number, lex: LexiconSets): boolean {
  const words = b - a + 1;
  if (words < 2 || words > 3) return false;
  if (tokens.slice(a, b + 1).some((t) => lex.typeByWord.has(lower(t)) || lex.typeByLastWord.has(lower(t)) || ACRONYM.test(t.text))) return false;
  return lex.speechVerbs.has(lower(tokens[b + 1] ?? tokens[a]!)) || lex.speechVerbs.has(lower(tokens[a - 1] ?? tokens[b]!));
}

/** "replacing Peter Ng", "succeeds Ann Lee", "appointed Mary Tam": a short name right after such a verb is a person. */
export function objectOfPersonVerb(tokens: Token[], first: number, a: number, b: number, lex: LexiconSets): boolean {
  const words = b - a + 1;
  if (words < 2 || words > 4) return false;
  if (tokens.slice(a, b + 1).some((t) => lex.typeByWord.has(lower(t)) || lex.typeByLastWord.has(lower(t)) || ACRONYM.test(t.text))) return false;
  return /^(replac\w*|succeed\w*|appoint\w*|hired|hires|named|names|promoted|welcomed|elected)$/i.test(tokens[first - 1]?.text ?? '');
}

/** Where a post that ends at `comma` began: back over post words, joiners and commas to a post head. */
export function postStart(tokens: Token[], comma: number, lex: LexiconSets): number | undefined {
  let k = comma - 1;
  let head: number | undefined;
  while (k >= 0) {
    const w = lower(tokens[k]!);
    if (lex.postHeads.has(w)) head = k;
    if (!(lex.postWords.has(w) || JOINERS.has(w) || w === ',' || HYPHEN.test(w))) break;
    k--;
  }
  return head;
}

/** ", a Chinese artificial intelligence logistics company," right after a name: what the article says it is. */
export function appositiveAfter(tokens: Token[], b: number): string | undefined {
  let k = b + 1;
  // Skip a bracketed short form: "Westwell (WW), a …".
  if (tokens[k]?.text === '(' && tokens[k + 2]?.text === ')') k += 3;
  if (tokens[k]?.text !== ',') return undefined;
  const start = k + 1;
  if (!/^(a|an|the)$/i.test(tokens[start]?.text ?? '')) return undefined;
  let end = start;
  while (tokens[end + 1] && !/^[,.;:)(]$/.test(tokens[end + 1]!.text) && end - start < 20) end++;
  if (tokens[end + 1]?.text !== ',' && tokens[end + 1]?.text !== '.') return undefined;
  const text = textOf(tokens, start, end);
  return text.split(' ').length >= 3 ? text : undefined;
}
