// The answer model: a logistic regression over ranking features, its coefficients fitted by `npm run fit` and kept as data.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LEXICON_DIR } from './knowledge/lexicon.js';
import { KnowledgeError, KnowledgeErrors } from './knowledge/errors.js';
import { lazySchema } from './knowledge/lazy-schema.js';

/** The features the model reads, in a fixed order. Each is a number, most of them between 0 and 1. */
export const FEATURES = [
  'entity',
  'entityAll',
  'noFocus',
  'coverage',
  'exactCoverage',
  'contentShare',
  'missingWeight',
  'unknownShare',
  'textScore',
  'satisfied',
  'unsatisfied',
  'countedHit',
  'curated',
  'derived',
  'passage',
  'roleFact',
  'kindPref',
  'phrase',
  'newest',
  'older',
  'olderWanted',
  'yearMatch',
  'yearMiss',
  'titleMatch',
  'holder',
  'person',
  'futureMismatch',
  'pastMismatch',
  'yesNoGap',
  'long',
  'neighbour',
  'unreliable',
  'speaker',
  'descriptor',
  'articleAbout',
  'newestWanted',
  'lead',
  'surfaceCoverage',
  'uncoveredCount',
  'unknownCount',
  'missingKnown',
  'focusMissing',
  'entityCoverage',
  'satisfiedCoverage',
  'textEntity',
  'derivedText',
  'curatedCoverage',
  'startsWithFocus',
  'definesFocus',
  'missingInArticle',
  'articleCoverage',
] as const;

export type FeatureName = (typeof FEATURES)[number];
export type Features = Record<FeatureName, number>;

/** Extra inputs of the acceptor beyond the ranking features: the ranker's score, whether it is the top, and its lead. */
export const ACCEPTOR_INPUTS = ['rankScore', 'top', 'margin'] as const;

export const modelSchema = lazySchema(() => {
  const weightsSchema = z.record(z.string(), z.number());
  return z.object({
  about: z.string(),
  /** The ranker: a linear score over the features (fitted as a conditional logit: which candidate answers). */
  ranker: weightsSchema,
  /** The acceptor: a logistic regression over the features and the ranker's view, P(this candidate answers). */
  acceptor: z.object({ bias: z.number(), weights: weightsSchema }),
  /** The top candidate answers when the acceptor's probability reaches this. */
  threshold: z.number().min(0).max(1),
  /** A second candidate joins the answer when its probability reaches this share of the best's. */
  second: z.number().min(0).max(1).default(0.8),
  fitted: z.record(z.string(), z.unknown()).optional(),
  });
});

export type AnswerModel = z.infer<ReturnType<typeof modelSchema>>;

const MODEL_FILE = join(DEFAULT_LEXICON_DIR, '..', 'model', 'answer-model.json');
let loaded: AnswerModel | undefined;

/** The shipped answer model (knowledge/model/answer-model.json), validated once. */
export function answerModel(): AnswerModel {
  if (loaded) return loaded;
  const shown = relative(process.cwd(), MODEL_FILE) || MODEL_FILE;
  if (!existsSync(MODEL_FILE)) throw new KnowledgeErrors([new KnowledgeError(shown, undefined, undefined, 'the answer model is missing; run npm run fit')]);
  const result = modelSchema().safeParse(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));
  if (!result.success) throw new KnowledgeErrors(result.error.issues.map((i) => new KnowledgeError(shown, undefined, i.path.join('.') || undefined, i.message)));
  const known: readonly string[] = [...FEATURES, ...ACCEPTOR_INPUTS];
  const unknown = [...Object.keys(result.data.ranker), ...Object.keys(result.data.acceptor.weights)].filter((k) => !known.includes(k));
  if (unknown.length) throw new KnowledgeErrors([new KnowledgeError(shown, undefined, 'ranker', `unknown features ${unknown.join(', ')}; run npm run fit`)]);
  loaded = result.data;
  return loaded;
}

/** The model as a snapshot stored it, checked when the snapshot was written (its key covers the model file). */
export function primeAnswerModel(model: AnswerModel | undefined): void {
  loaded ??= model;
}

/** Use another model (the fitting script tries candidates; tests may pin one). */
export function setAnswerModel(model: AnswerModel | undefined): void {
  loaded = model;
}

/** The ranker's score of a candidate (higher ranks first; only differences between candidates mean anything). */
const compiled = new WeakMap<AnswerModel, { ranker: Array<[FeatureName, number]>; acceptor: Array<[FeatureName, number]> }>();

/** The model's non-zero weights as lists, so scoring a candidate touches only the features that count. */
function weightsOf(model: AnswerModel) {
  let c = compiled.get(model);
  if (!c) {
    const pick = (weights: Record<string, number>) => FEATURES.filter((f) => weights[f]).map((f) => [f, weights[f]!] as [FeatureName, number]);
    c = { ranker: pick(model.ranker), acceptor: pick(model.acceptor.weights) };
    compiled.set(model, c);
  }
  return c;
}

export function rankScore(model: AnswerModel, features: Features): number {
  let z = 0;
  for (const [name, w] of weightsOf(model).ranker) z += w * features[name];
  return z;
}

/** The acceptor's probability that a candidate answers the question, given its place in the ranking. */
export function probability(model: AnswerModel, features: Features, ranking: { rankScore: number; top: boolean; margin: number }): number {
  let z = model.acceptor.bias;
  for (const [name, w] of weightsOf(model).acceptor) z += w * features[name];
  z += (model.acceptor.weights.rankScore ?? 0) * ranking.rankScore + (model.acceptor.weights.top ?? 0) * (ranking.top ? 1 : 0) + (model.acceptor.weights.margin ?? 0) * ranking.margin;
  return 1 / (1 + Math.exp(-z));
}

/** A row of features in FEATURES order, for fitting. */
export function featureVector(features: Features): number[] {
  return FEATURES.map((name) => features[name]);
}

/** The acceptor's inputs in order: the features, then ACCEPTOR_INPUTS. */
export function acceptorVector(features: number[], ranking: { rankScore: number; top: boolean; margin: number }): number[] {
  return [...features, ranking.rankScore, ranking.top ? 1 : 0, ranking.margin];
}
