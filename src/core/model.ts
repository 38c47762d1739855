// The answer model: a logistic regression over ranking features, its coefficients fitted by `npm run fit` and kept as data.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { z } from 'zod';
import { DEFAULT_LEXICON_DIR } from './knowledge/lexicon.js';
import { KnowledgeError, KnowledgeErrors } from './knowledge/errors.js';

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
] as const;

export type FeatureName = (typeof FEATURES)[number];
export type Features = Record<FeatureName, number>;

export const modelSchema = z.object({
  about: z.string(),
  /** Coefficients by feature name; a feature missing here weighs nothing. */
  weights: z.record(z.string(), z.number()),
  bias: z.number(),
  /** The best candidate answers when its probability reaches this. */
  threshold: z.number().min(0).max(1),
  /** A second candidate joins the answer when its probability reaches this share of the best's. */
  second: z.number().min(0).max(1).default(0.8),
  fitted: z.record(z.string(), z.unknown()).optional(),
});

export type AnswerModel = z.infer<typeof modelSchema>;

const MODEL_FILE = join(DEFAULT_LEXICON_DIR, '..', 'model', 'answer-model.json');
let loaded: AnswerModel | undefined;

/** The shipped answer model (knowledge/model/answer-model.json), validated once. */
export function answerModel(): AnswerModel {
  if (loaded) return loaded;
  const shown = relative(process.cwd(), MODEL_FILE) || MODEL_FILE;
  if (!existsSync(MODEL_FILE)) throw new KnowledgeErrors([new KnowledgeError(shown, undefined, undefined, 'the answer model is missing; run npm run fit')]);
  const result = modelSchema.safeParse(JSON.parse(readFileSync(MODEL_FILE, 'utf8')));
  if (!result.success) throw new KnowledgeErrors(result.error.issues.map((i) => new KnowledgeError(shown, undefined, i.path.join('.') || undefined, i.message)));
  const unknown = Object.keys(result.data.weights).filter((k) => !(FEATURES as readonly string[]).includes(k));
  if (unknown.length) throw new KnowledgeErrors([new KnowledgeError(shown, undefined, 'weights', `unknown features ${unknown.join(', ')}; run npm run fit`)]);
  loaded = result.data;
  return loaded;
}

/** Use another model (the fitting script tries candidates; tests may pin one). */
export function setAnswerModel(model: AnswerModel | undefined): void {
  loaded = model;
}

/** The model's probability that a candidate answers the question. */
export function probability(model: AnswerModel, features: Features): number {
  let z = model.bias;
  for (const name of FEATURES) {
    const w = model.weights[name];
    if (w) z += w * features[name];
  }
  return 1 / (1 + Math.exp(-z));
}

/** A row of features in FEATURES order, for fitting. */
export function featureVector(features: Features): number[] {
  return FEATURES.map((name) => features[name]);
}
