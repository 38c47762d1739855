// Benchmark corpora: the bundled knowledge base, or it mixed with generated passages (Zipf over 50,000 words).
import type { KnowledgeBase, Source } from '../../src/core/index.js';
import { sentencesOf } from '../../src/core/search-index.js';

/** Small fast deterministic PRNG (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = 'ka ri to na mi su lo be de fa go hi ju ke la mo ne pa qu ra se ti vo wa xe yu za an el in on ur st pr tr ch sh th br cl gr pl'.split(' ');

/** A vocabulary of `size` words: the knowledge base's own words first (so real terms recur), then made-up ones. */
function vocabulary(kb: KnowledgeBase, size: number, rand: () => number): string[] {
  const real = new Set<string>();
  for (const s of kb.sources) for (const m of s.body.toLowerCase().matchAll(/[a-z]{3,}/g)) real.add(m[0]);
  const words = [...real];
  const seen = new Set(words);
  while (words.length < size) {
    const n = 2 + Math.floor(rand() * 3);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  // Shuffle so real words are spread over the Zipf ranks, not all the most frequent.
  for (let i = words.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [words[i], words[j]] = [words[j]!, words[i]!];
  }
  return words;
}

/** Sample ranks from a Zipf distribution (s = 1.07) with a precomputed CDF. */
function zipf(size: number, rand: () => number): () => number {
  const cdf = new Float64Array(size);
  let total = 0;
  for (let i = 0; i < size; i++) cdf[i] = total += 1 / Math.pow(i + 1, 1.07);
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

/** The bundled knowledge base plus generated articles, `passages` sentences in all. */
export function generatedCorpus(kb: KnowledgeBase, passages: number, seed = 42): KnowledgeBase {
  const rand = random(seed);
  const words = vocabulary(kb, 50_000, rand);
  const next = zipf(words.length, rand);
  const real = kb.sources.reduce((n, s) => n + sentencesOf(s.body).length, 0);
  const sources: Source[] = [...kb.sources];
  let made = 0;
  for (let a = 0; made < passages - real; a++) {
    const lines: string[] = [];
    for (let p = 0; p < 10 && made < passages - real; p++, made++) {
      const length = 12 + Math.floor(rand() * 28);
      const ws: string[] = [];
      for (let i = 0; i < length; i++) ws.push(words[next()]!);
      const sentence = ws.join(' ');
      lines.push(`${sentence[0]!.toUpperCase()}${sentence.slice(1)}.`);
    }
    const id = `generated-${a}`;
    sources.push({ id, title: `Generated article ${a}`, date: '2020', origin: `${id}.txt`, language: 'en', unreliable: [], body: lines.join('\n'), file: `${id}.md` });
  }
  return { ...kb, sources };
}

/** Every passage (sentence) of a corpus, as naive MiniSearch indexes it. */
export function passagesOf(kb: KnowledgeBase): Array<{ id: number; text: string }> {
  const out: Array<{ id: number; text: string }> = [];
  for (const s of kb.sources) for (const text of sentencesOf(s.body)) out.push({ id: out.length, text });
  return out;
}
