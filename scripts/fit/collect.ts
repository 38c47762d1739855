// Labelled candidates for fitting the answer model: every evaluation question run through the core, each candidate
// labelled by whether it gives what the question expects, quoted from an expected article.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { decide } from '../../src/core/answer.js';
import { buildEngine, type Engine } from '../../src/core/engine.js';
import { defaultQueryCoreOptions, loadKnowledge } from '../../src/core/index.js';
import { featureVector } from '../../src/core/model.js';
import { prepareCold, prepareCorpus, type Prepared } from '../eval/prepare.js';

const questionSchema = z.object({
  id: z.string(),
  q: z.string(),
  answerable: z.boolean(),
  expect: z.array(z.array(z.string())).optional(),
  sources: z.array(z.string()).optional(),
  category: z.string(),
});

export interface QuestionRows {
  set: string;
  id: string;
  question: string;
  answerable: boolean;
  /** Candidates in the core's order; `label` in [0, 1] is the share of the expected groups a candidate gives. */
  candidates: Array<{ x: number[]; label: number; key: string }>;
  /** Settled by a rule before ranking (a name we do not know, a question about names): not the model's to judge. */
  byRule: boolean;
}

export type KnowledgeMode = 'bundled' | 'cold' | 'corpus';

export interface SetSpec {
  name: string;
  file: string;
  mode: KnowledgeMode;
}

const engines = new Map<KnowledgeMode, { engine: Engine; texts: Map<string, string>; prepared?: Prepared }>();

function engineFor(mode: KnowledgeMode, shared: string): { engine: Engine; texts: Map<string, string> } {
  const cached = engines.get(mode);
  if (cached) return cached;
  const prepared = mode === 'corpus' ? prepareCorpus('knowledge', join(shared, 'eval/corpus/articles')) : mode === 'cold' ? prepareCold('knowledge') : undefined;
  const texts = new Map<string, string>(prepared?.texts ?? []);
  const seeds = join(shared, 'seeds');
  if (existsSync(seeds)) for (const name of readdirSync(seeds)) texts.set(name, readFileSync(join(seeds, name), 'utf8'));
  const engine = buildEngine(loadKnowledge(prepared?.knowledgeDir ?? 'knowledge'), { maxAnswerLength: defaultQueryCoreOptions.maxAnswerLength, maxCitations: defaultQueryCoreOptions.maxCitations });
  const entry = { engine, texts, ...(prepared ? { prepared } : {}) };
  engines.set(mode, entry);
  return entry;
}

export function cleanupEngines(): void {
  for (const entry of engines.values()) entry.prepared?.cleanup();
  engines.clear();
}

/** Run one question set through the core and label every candidate. */
export function collect(spec: SetSpec, shared: string): QuestionRows[] {
  const { engine, texts } = engineFor(spec.mode, shared);
  const { questions } = z.object({ questions: z.array(questionSchema) }).parse(JSON.parse(readFileSync(spec.file, 'utf8')));
  return questions.map((q) => {
    const decision = decide(engine, q.q);
    const expected = (q.sources ?? []).map((s) => texts.get(s) ?? '');
    const candidates = decision.ranked
      .filter((s) => !s.excluded)
      .map((s) => {
        let label = 0;
        if (q.answerable && expected.some((t) => t.includes(s.doc.quote))) {
          const text = s.doc.text.toLowerCase();
          const groups = q.expect ?? [];
          const hit = groups.filter((g) => g.some((alt) => text.includes(alt.toLowerCase()))).length;
          label = groups.length ? hit / groups.length : 1;
        }
        return { x: featureVector(s.features), label, key: s.doc.fact?.id ?? `${s.doc.source.id}#${s.doc.id}` };
      });
    return { set: spec.name, id: q.id, question: q.q, answerable: q.answerable, candidates, byRule: decision.verdict.kind !== 'answer' && decision.ranked.length === 0 };
  });
}

const feedbackSchema = z.object({ question: z.string(), answered: z.boolean(), factIds: z.array(z.string()), vote: z.enum(['up', 'down']) });

/**
 * Answer feedback exported by `npm run feedback -- --export FILE.jsonl` as labelled questions: a thumbs-up makes the
 * rated facts right answers, a thumbs-down makes them wrong (and the question one to decline when nothing else is right).
 */
export function collectFeedback(file: string, shared: string): QuestionRows[] {
  const { engine } = engineFor('bundled', shared);
  const rows: QuestionRows[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .forEach((line, i) => {
      const parsed = feedbackSchema.safeParse(JSON.parse(line));
      if (!parsed.success || !parsed.data.answered || parsed.data.factIds.length === 0) return;
      const { question, factIds, vote } = parsed.data;
      const decision = decide(engine, question);
      const rated = new Set(factIds);
      const candidates = decision.ranked
        .filter((s) => !s.excluded)
        .map((s) => {
          const key = s.doc.fact?.id ?? `${s.doc.source.id}#${s.doc.id}`;
          return { x: featureVector(s.features), label: vote === 'up' && rated.has(key) ? 1 : 0, key };
        });
      rows.push({ set: 'feedback', id: `f${i + 1}`, question, answerable: vote === 'up', candidates, byRule: decision.ranked.length === 0 });
    });
  return rows;
}
