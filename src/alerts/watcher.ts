// Notices new sources and announcements written by another process (the ingest CLI) and reloads the core.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addSourceFiles, loadKnowledge, type QueryCore } from '../core/index.js';
import type { Logger } from '../logger.js';
import type { AlertsStore } from '../storage/types.js';

export interface WatcherOptions {
  store: AlertsStore;
  core: QueryCore;
  /** Undefined: only watch for announcements (a process that answers no questions needs no reload). */
  knowledgeDir: string | undefined;
  logger: Logger;
  /** Called when new announcements appeared, with the ids (after, upTo]: let the dispatcher send them. */
  onAnnouncements?: (after: number, upTo: number) => void;
  intervalMs?: number;
}

export interface Watcher {
  /** Check once now (also what the timer does). */
  check(): Promise<void>;
  stop(): void;
}

/** Each source file with its modification time. */
function sourceFiles(dir: string): Map<string, number> {
  try {
    const folder = join(dir, 'sources');
    return new Map(
      readdirSync(folder)
        .filter((n) => n.endsWith('.md') && !n.startsWith('.'))
        .sort()
        .map((n) => [n, statSync(join(folder, n)).mtimeMs] as const),
    );
  } catch {
    return new Map();
  }
}

const signatureOf = (files: Map<string, number>) => [...files].map(([n, t]) => `${n}:${t}`).join('|');

/** Poll the sources folder and the announcements table (every second by default); reload the core on change. */
export function watchKnowledge(options: WatcherOptions): Watcher {
  const { store, core, knowledgeDir, logger } = options;
  let files = knowledgeDir ? sourceFiles(knowledgeDir) : new Map<string, number>();
  let signature = signatureOf(files);
  let lastId: Promise<number> | number = store.latestAnnouncementId().catch(() => 0);
  let failedSignature = '';
  let checking: Promise<void> | undefined;

  const checkNow = async () => {
    const nextFiles = knowledgeDir ? sourceFiles(knowledgeDir) : files;
    const next = signatureOf(nextFiles);
    if (knowledgeDir && next !== signature && next !== failedSignature) {
      try {
        // New articles only (the usual case): read and index just them. Anything changed or removed: load it all.
        const added = [...nextFiles.keys()].filter((n) => !files.has(n));
        const onlyAdded = [...files].every(([n, t]) => nextFiles.get(n) === t);
        const started = performance.now();
        if (onlyAdded && added.length) core.extend(addSourceFiles(core.knowledge, added.map((n) => join(knowledgeDir, 'sources', n))));
        else core.reload(loadKnowledge(knowledgeDir));
        signature = next;
        files = nextFiles;
        const extended = onlyAdded && added.length > 0;
        logger.info(extended ? 'knowledge extended' : 'knowledge reloaded', { ...(extended ? { articles: added.length } : {}), ms: Math.round(performance.now() - started), ...core.stats });
      } catch (error) {
        failedSignature = next;
        logger.error('the knowledge base no longer loads; keeping the previous one', { error: error instanceof Error ? error.message : String(error) });
      }
    }
    const id = await store.latestAnnouncementId();
    const after = await lastId;
    if (id !== after) {
      lastId = id;
      options.onAnnouncements?.(after, id);
    }
  };
  const check = () =>
    (checking ??= checkNow()
      .catch((error: unknown) => logger.error('watcher error', { error }))
      .finally(() => (checking = undefined)));
  const timer = setInterval(() => void check(), options.intervalMs ?? 1000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
