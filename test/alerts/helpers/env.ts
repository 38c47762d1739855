// Test environment for alerts: a temporary copy of the knowledge base, a temporary DATA_DIR, a quiet logger.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQueryCore, loadKnowledge, type QueryCore } from '../../../src/core/index.js';
import type { Logger } from '../../../src/logger.js';

export interface AlertsTestEnv {
  root: string;
  knowledgeDir: string;
  dataDir: string;
  core: QueryCore;
  logger: Logger & { lines: string[] };
  cleanup(): void;
}

/** A fresh knowledge copy (the repo's knowledge/ is never written) and data folder. */
export function createTestEnv(): AlertsTestEnv {
  const root = mkdtempSync(join(tmpdir(), 'alerts-test-'));
  const knowledgeDir = join(root, 'knowledge');
  cpSync('knowledge', knowledgeDir, { recursive: true });
  const dataDir = join(root, 'data');
  return { root, knowledgeDir, dataDir, core: createQueryCore({ knowledge: loadKnowledge(knowledgeDir) }), logger: memoryLogger(), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export function memoryLogger(lines: string[] = [], bindings: Record<string, unknown> = {}): Logger & { lines: string[] } {
  const log = (level: string) => (message: string, context?: Record<string, unknown>) => {
    const fields = { ...bindings, ...context };
    lines.push(`${level} ${message} ${Object.keys(fields).length ? JSON.stringify(fields, (_k, v) => (v instanceof Error ? v.message : v)) : ''}`);
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: (more) => memoryLogger(lines, { ...bindings, ...more }) };
}

/** Wait until `check` returns a truthy value (polling), or fail with `what`. */
export async function waitUntil<T>(check: () => T | undefined | false, what: string, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
