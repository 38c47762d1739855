// Worker thread: loads the knowledge base and builds its index, so that the thread answering questions never does.
import { parentPort, workerData } from 'node:worker_threads';
import { loadKnowledge } from './knowledge/load.js';
import { createQueryCore } from './query-core.js';
import type { BuildRequest, BuildResult } from './off-thread.js';

const request = workerData as BuildRequest;
let result: BuildResult;
try {
  const knowledge = loadKnowledge(request.dir, { ...(request.limits ? { limits: request.limits } : {}), ...(request.readingsDir ? { readingsDir: request.readingsDir } : {}) });
  const { dir: _dir, ...rest } = knowledge;
  result = { ok: true, knowledge: rest, index: createQueryCore({ knowledge }).exportIndex() };
} catch (error) {
  result = { ok: false, error: error instanceof Error ? error.message : String(error) };
}
parentPort!.postMessage(result);
