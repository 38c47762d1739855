// Builds a knowledge base and its index in a worker thread; the caller swaps them in with core.replace().
import { Worker } from 'node:worker_threads';
import type { ArticleLimits } from './knowledge/article-text.js';
import type { KnowledgeBase } from './knowledge/schema.js';

export interface BuildRequest {
  dir: string;
  limits?: ArticleLimits;
  readingsDir?: string;
}

export type BuildResult = { ok: true; knowledge: Omit<KnowledgeBase, 'dir'>; index: string } | { ok: false; error: string };

/**
 * Load the knowledge folder and build its search index in a worker thread.
 *
 * @example
 * const built = await buildOffThread({ dir: 'knowledge' });
 * await core.replace(built.knowledge, built.index);
 *
 * @throws Error with the loader's message when the knowledge base does not load.
 */
export function buildOffThread(request: BuildRequest): Promise<{ knowledge: KnowledgeBase; index: string }> {
  const here = import.meta.url;
  // Run from the TypeScript sources (tests, tsx), the worker needs the same loader; from dist/ it is plain JavaScript.
  const worker = here.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./build-worker.ts', here).href)}); })`, { eval: true, workerData: request })
    : new Worker(new URL('./build-worker.js', here), { workerData: request });
  return new Promise((resolve, reject) => {
    let done = false;
    worker.once('message', (result: BuildResult) => {
      done = true;
      void worker.terminate();
      if (result.ok) resolve({ knowledge: { ...result.knowledge, dir: request.dir }, index: result.index });
      else reject(new Error(result.error));
    });
    worker.once('error', (error) => {
      done = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!done) reject(new Error(`the knowledge build stopped (exit code ${code})`));
    });
  });
}
