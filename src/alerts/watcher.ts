// Notices new sources and announcements written by another process (the ingest CLI) and reloads the core.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addSourceFiles, loadKnowledge, type QueryCore } from '../core/index.js';
import type { Logger } from '../logger.js';
import type { Db } from './db.js';

export interface WatcherOptions {
  db: Db;
  core: QueryCore;
  knowledgeDir: string;
  logger: Logger;
  /** Called when new announcements appeared, with the ids (after, upTo]: let the dispatcher send them. */
  onAnnouncements?: (after: number, upTo: number) => void;
  intervalMs?: number;
}

export interface Watcher {
  /** Check once now (also what the timer does). */
  check(): void;
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
  const { db, core, knowledgeDir, logger } = options;
  const maxId = db.prepare('SELECT coalesce(max(id), 0) AS id FROM announcements');
  let files = sourceFiles(knowledgeDir);
  let signature = signatureOf(files);
  let lastId = (maxId.get() as { id: number }).id;
  let failedSignature = '';

  const check = () => {
    const nextFiles = sourceFiles(knowledgeDir);
    const next = signatureOf(nextFiles);
    if (next !== signature && next !== failedSignature) {
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
    const id = (maxId.get() as { id: number }).id;
    if (id !== lastId) {
      const after = lastId;
      lastId = id;
      options.onAnnouncements?.(after, id);
    }
  };
  const timer = setInterval(() => {
    try {
      check();
    } catch (error) {
      logger.error('watcher error', { err: error });
    }
  }, options.intervalMs ?? 1000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
