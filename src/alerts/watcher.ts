// Notices new sources and announcements written by another process (the ingest CLI) and reloads the core.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadKnowledge, type QueryCore } from '../core/index.js';
import type { Logger } from '../logger.js';
import type { AlertsStore } from '../storage/types.js';

export interface WatcherOptions {
  store: AlertsStore;
  core: QueryCore;
  /** Undefined: only watch for announcements (a process that answers no questions needs no reload). */
  knowledgeDir: string | undefined;
  logger: Logger;
  /** Called when new announcements appeared (let the dispatcher send them). */
  onAnnouncements?: () => void;
  intervalMs?: number;
}

export interface Watcher {
  /** Check once now (also what the timer does). */
  check(): Promise<void>;
  stop(): void;
}

function sourcesSignature(dir: string): string {
  try {
    const folder = join(dir, 'sources');
    return readdirSync(folder)
      .filter((n) => n.endsWith('.md') && !n.startsWith('.'))
      .sort()
      .map((n) => `${n}:${statSync(join(folder, n)).mtimeMs}`)
      .join('|');
  } catch {
    return '';
  }
}

/** Poll the sources folder and the announcements table (every second by default); reload the core on change. */
export function watchKnowledge(options: WatcherOptions): Watcher {
  const { store, core, knowledgeDir, logger } = options;
  let signature = knowledgeDir ? sourcesSignature(knowledgeDir) : '';
  let lastId: Promise<number> | number = store.latestAnnouncementId().catch(() => 0);
  let failedSignature = '';
  let checking: Promise<void> | undefined;

  const checkNow = async () => {
    const next = knowledgeDir ? sourcesSignature(knowledgeDir) : '';
    if (knowledgeDir && next !== signature && next !== failedSignature) {
      try {
        core.reload(loadKnowledge(knowledgeDir));
        signature = next;
        logger.info('alerts: knowledge reloaded', core.stats);
      } catch (error) {
        failedSignature = next;
        logger.error('alerts: the knowledge base no longer loads; keeping the previous one', { error: error instanceof Error ? error.message : String(error) });
      }
    }
    const id = await store.latestAnnouncementId();
    if (id !== (await lastId)) {
      lastId = id;
      options.onAnnouncements?.();
    }
  };
  const check = () =>
    (checking ??= checkNow()
      .catch((error: unknown) => logger.error('alerts: watcher error', { error }))
      .finally(() => (checking = undefined)));
  const timer = setInterval(() => void check(), options.intervalMs ?? 1000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}
