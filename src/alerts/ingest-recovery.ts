// Finishes or rolls back an ingest that stopped half-way (a crash or kill between writing, recording and renaming).
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../logger.js';
import type { AlertsStore } from '../storage/types.js';
import { TEMP_SOURCE } from './knowledge-writer.js';

/** Is process `pid` still running (so its ingest is in progress, not abandoned)? */
function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Every source left under its temporary name by an ingest that is no longer running: when its announcement was
 * recorded, the file is renamed into place (the ingest is finished); when it was not, the file is deleted (the
 * ingest is rolled back, and can simply be run again). Either way the source and its announcement go together.
 */
export async function recoverIngests(knowledgeDir: string, store: Pick<AlertsStore, 'announcementOfSource'>, logger?: Pick<Logger, 'info' | 'warn'>): Promise<{ finished: string[]; rolledBack: string[] }> {
  const dir = join(knowledgeDir, 'sources');
  const finished: string[] = [];
  const rolledBack: string[] = [];
  if (!existsSync(dir)) return { finished, rolledBack };
  for (const name of readdirSync(dir)) {
    const match = TEMP_SOURCE.exec(name);
    if (!match || alive(Number(match[2]))) continue;
    const id = match[1]!;
    const temp = join(dir, name);
    const file = join(dir, `${id}.md`);
    const announcement = await store.announcementOfSource(id);
    if (announcement !== undefined && !existsSync(file)) {
      renameSync(temp, file);
      finished.push(id);
      logger?.info('a half-done ingest was finished: its announcement was recorded, its source is now in place', { source: id, announcement });
    } else {
      rmSync(temp, { force: true });
      rolledBack.push(id);
      logger?.warn('a half-done ingest was rolled back: its announcement was never recorded (run the ingest again)', { source: id });
    }
  }
  return { finished, rolledBack };
}
