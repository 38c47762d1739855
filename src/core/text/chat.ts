// Chat as people type it ("wat", "rn", "hk", "10k", "$$"): rewritten to plain words before a question is read.
import { escapeRegExp } from './patterns.js';
import { z } from 'zod';
import { lazySchema } from '../knowledge/lazy-schema.js';

export const chatLexiconSchema = lazySchema(() =>
  z.object({
  forms: z.array(
    z.object({
      form: z.string().min(1).transform((f) => f.toLowerCase()),
      means: z.string(),
      where: z.enum(['anywhere', 'start', 'after-number', 'between-words']).default('anywhere'),
      upper: z.boolean().default(false),
    }),
  ),
  }),
);

export type ChatLexicon = z.infer<ReturnType<typeof chatLexiconSchema>>;

export interface ChatRewriter {
  (question: string): string;
}

const TOKEN = /[\p{L}\p{N}$#][\p{L}\p{N}$#.&'’/-]*|[^\s]/gu;

/** A rewriter for the lexicon's forms. Names keep their case: only lower-case words and short upper-case forms are rewritten. */
export function createChatRewriter(lexicon: ChatLexicon): ChatRewriter {
  const forms = new Map<string, Array<{ means: string; where: string; upper: boolean }>>();
  for (const f of lexicon.forms) forms.set(f.form, [...(forms.get(f.form) ?? []), { means: f.means, where: f.where, upper: f.upper }]);
  const afterNumber = lexicon.forms.filter((f) => f.where === 'after-number').map((f) => escapeRegExp(f.form));
  const attached = afterNumber.length ? new RegExp(`(\\d)(${afterNumber.join('|')})\\b`, 'gi') : undefined;
  const meaning = new Map(lexicon.forms.filter((f) => f.where === 'after-number').map((f) => [f.form, f.means]));
  return (question: string) => {
    // "10k", "6.9bn": a number with its magnitude attached.
    let text = attached ? question.replace(attached, (_, digit: string, unit: string) => `${digit} ${meaning.get(unit.toLowerCase()) ?? unit}`) : question;
    const tokens = [...text.matchAll(TOKEN)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
    let out = '';
    let last = 0;
    tokens.forEach((token, i) => {
      // A trailing "?" or "," is not part of the form ("wat?", "pls,").
      const bare = token.text.replace(/[?!,;:]+$/, '');
      const lower = bare.toLowerCase();
      const options = forms.get(lower);
      const capitalised = bare.charAt(0).toUpperCase() + lower.slice(1);
      const upper = bare === bare.toUpperCase() && bare.length >= 2 && /[A-Z]/.test(bare);
      let replacement: string | undefined;
      if (options) {
        const prev = tokens[i - 1];
        const next = tokens[i + 1];
        for (const option of options) {
          if (!(bare === lower || (i === 0 && bare === capitalised && !upper) || (option.upper && upper))) continue;
          const fits =
            option.where === 'anywhere' ||
            (option.where === 'start' && i === 0) ||
            (option.where === 'after-number' && prev !== undefined && /\d$/.test(prev.text)) ||
            (option.where === 'between-words' && prev !== undefined && next !== undefined && /^\p{L}/u.test(prev.text) && /^\p{L}/u.test(next.text));
          if (fits) {
            replacement = option.means + token.text.slice(bare.length);
            break;
          }
        }
      }
      out += text.slice(last, token.start) + (replacement ?? token.text);
      last = token.end;
    });
    text = out + text.slice(last);
    return text.replace(/\s+/g, ' ').trim();
  };
}
