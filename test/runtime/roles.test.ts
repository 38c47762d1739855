// BOT_ROLES and what a process reports for /metrics, on SQLite (one process, every role).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createPromMetrics } from '../../src/observability/metrics.js';
import { startObservability } from '../../src/observability/index.js';
import { runtimeReadings } from '../../src/runtime/metrics.js';
import { rolesOf, startRoles } from '../../src/runtime/roles.js';
import { openState } from '../../src/runtime/state.js';
import { memoryLogger } from '../alerts/helpers/env.js';
import { testApp } from '../adapters/telegram/harness.js';

const env = (over: Record<string, string> = {}) => loadConfig({ FEEDS: '', ADMIN_IDS: '', ...over }, { dotenv: false });

describe('BOT_ROLES', () => {
  it('runs every role by default, and reads webhook as the Telegram ingress', () => {
    expect([...rolesOf(env())].sort()).toEqual(['discord', 'poller', 'telegram', 'worker']);
    expect([...rolesOf(env({ BOT_ROLES: 'webhook, worker', DATABASE_URL: 'postgres://x@127.0.0.1/db' }))].sort()).toEqual(['telegram', 'worker']);
  });

  it('stops start-up with a message naming the variable for an unknown role, or roles without DATABASE_URL', () => {
    expect(() => env({ BOT_ROLES: 'worker,cook', DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toThrow(/BOT_ROLES.*: each must be one of/s);
    expect(() => env({ BOT_ROLES: 'worker' })).toThrow(ConfigError);
    expect(() => env({ BOT_ROLES: 'worker' })).toThrow(/BOT_ROLES: roles other than "all" need DATABASE_URL/);
    expect(() => env({ DATABASE_URL: 'mysql://x@host/db' })).toThrow(/DATABASE_URL: must be a PostgreSQL URL/);
    expect(() => env({ DATABASE_URL: 'postgres://x@host/db', DATABASE_SCHEMA: 'Bad-Name' })).toThrow(/DATABASE_SCHEMA/);
  });
});

describe('metrics', () => {
  it('reports the outbox, the token budget and the roles of a running process on /metrics', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'metrics-'));
    const logger = memoryLogger();
    const config = env({ DATA_DIR: dataDir });
    const state = await openState(config, logger);
    const ops = await startObservability({ config, app: testApp(), logger, platforms: ['console'] });
    const running = await startRoles({ config, logger, app: testApp(), state, ops });
    try {
      expect(running.console).toBe(true);
      const chat = { platform: 'console' as const, id: 'console', type: 'private' as const };
      await running.services.alerts!.subscribe(chat, { kind: 'all', value: '', label: 'all' });
      await state.store.recordAnnouncement({ title: 'Metrics test', text: 'Something new.', origin: 'test', entities: [], sectors: [] });
      running.alerts.dispatcher.kick();
      await expect.poll(() => running.alerts.dispatcher.stats().sent, { timeout: 5000 }).toBe(1);
      const readings = runtimeReadings(running);
      expect(readings.every((r) => /^hkbot_[a-z_]+$/.test(r.name) && r.help.length > 10 && Number.isFinite(r.value))).toBe(true);
      expect(readings.some((r) => r.name === 'hkbot_outbox_queued')).toBe(false);
      // As Prometheus scrapes them: counters move by what they grew, gauges are set.
      const prom = createPromMetrics({ platforms: ['console'] });
      prom.read({ extra: () => runtimeReadings(running) });
      const text = await prom.render();
      expect(text).toContain('hkbot_budget_granted_total{platform="console",priority="alert"} 1');
      expect(text).toContain('hkbot_outbox_in_flight 0');
      expect(text).toMatch(/# TYPE hkbot_budget_pauses_total counter/);
      await running.budgets.console!.pause(10);
      expect(await prom.render()).toContain('hkbot_budget_pauses_total{platform="console"} 1');
    } finally {
      await running.stop();
      await state.close();
      await ops.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
