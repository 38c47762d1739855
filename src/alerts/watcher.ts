// Notices new sources and announcements written by another process (the ingest CLI) and reloads the core off the question path.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { addSourceFiles, type QueryCore } from '../core/index.js';
import type { ArticleLimits } from '../core/knowledge/article-text.js';
import { buildOffThread } from '../core/off-thread.js';
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
  limits?: ArticleLimits;
  /** Where the reader's readings are kept between runs (a rebuild then reads only what changed). */
  readingsDir?: string;
  /** New articles up to this many bytes in all are added on the spot; more, or any change or removal, is built in a worker thread. */
  inlineBytes?: number;
}

export interface Watcher {
  /** Check once now (also what the timer does); resolves when a reload it started is swapped in. */
  check(): Promise<void>;
  stop(): void;
}

/** Each source file with its modification time and size. */
function sourceFiles(dir: string): Map<string, { t: number; size: number }> {
  try {
    const folder = join(dir, 'sources');
    return new Map(
      readdirSync(folder)
        .filter((n) => n.endsWith('.md') && !n.startsWith('.'))
        .sort()
        .map((n) => {
          const stat = statSync(join(folder, n));
          return [n, { t: stat.mtimeMs, size: stat.size }] as const;
        }),
    );
  } catch {
    return new Map();
  }
}

const signatureOf = (files: Map<string, { t: number; size: number }>) => [...files].map(([n, f]) => `${n}:${f.t}:${f.size}`).join('|');

/** Poll the sources folder and the announcements table (every second by default); reload the core on change. */
export function watchKnowledge(options: WatcherOptions): Watcher {
  const { store, core, knowledgeDir, logger } = options;
  let files = knowledgeDir ? sourceFiles(knowledgeDir) : new Map<string, { t: number; size: number }>();
  let signature = signatureOf(files);
  let lastId: Promise<number> | number = store.latestAnnouncementId().catch(() => 0);
  let failedSignature = '';
  let checking: Promise<void> | undefined;
  let building: Promise<void> | undefined;
  const inlineBytes = options.inlineBytes ?? 32_000;
  const limits = options.limits ? { limits: options.limits } : {};

  /** Bring the core up to date with the folder: small additions at once, anything else built in a worker and swapped in. */
  const reload = async (dir: string, nextFiles: typeof files, next: string) => {
    try {
      const added = [...nextFiles.keys()].filter((n) => !files.has(n));
      const onlyAdded = [...files].every(([n, f]) => nextFiles.get(n)?.t === f.t);
      const addedBytes = added.reduce((sum, n) => sum + (nextFiles.get(n)?.size ?? 0), 0);
      const started = performance.now();
      let inline = onlyAdded && added.length > 0 && addedBytes <= inlineBytes;
      if (inline) {
        try {
          core.extend(addSourceFiles(core.knowledge, added.map((n) => join(dir, 'sources', n)), limits));
        } catch {
          // A new file that cannot be used: the full build below leaves it out and names it.
          inline = false;
        }
      }
      if (!inline) {
        const built = await buildOffThread({ dir, ...limits, ...(options.readingsDir ? { readingsDir: options.readingsDir } : {}) });
        await core.replace(built.knowledge, built.index);
      }
      signature = next;
      files = nextFiles;
      logger.info(inline ? 'knowledge extended' : 'knowledge reloaded', { ...(added.length ? { articles: added.length } : {}), ms: Math.round(performance.now() - started), ...core.stats });
      for (const s of core.knowledge.skipped ?? []) logger.warn('source file left out of the knowledge base', { file: s.file, reason: s.reason });
    } catch (error) {
      failedSignature = next;
      logger.error('the knowledge base no longer loads; keeping the previous one', { error: error instanceof Error ? error.message : String(error) });
    }
  };

  const checkNow = async () => {
    const nextFiles = knowledgeDir ? sourceFiles(knowledgeDir) : files;
    const next = signatureOf(nextFiles);
    // One rebuild at a time; a change meanwhile is picked up by the next check.
    if (knowledgeDir && !building && next !== signature && next !== failedSignature) {
      building = reload(knowledgeDir, nextFiles, next).finally(() => (building = undefined));
    }
    const id = await store.latestAnnouncementId();
    const after = await lastId;
    if (id !== after) {
      lastId = id;
      options.onAnnouncements?.(after, id);
    }
  };
  // Resolves once the check is done and any rebuild it started is swapped in.
  const check = () =>
    (checking ??= checkNow()
      .catch((error: unknown) => logger.error('watcher error', { error }))
      .finally(() => (checking = undefined))).then(() => building);
  const timer = setInterval(() => void check(), options.intervalMs ?? 1000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
