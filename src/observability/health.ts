// /healthz: named checks, some critical (a failure turns the answer into 503), the rest reported only.
import type { CheckResult } from './types.js';

export type HealthStatus = 'ok' | 'degraded' | 'failing';

export interface HealthReport {
  /** failing: a critical check failed (HTTP 503); degraded: only a non-critical one did (HTTP 200). */
  status: HealthStatus;
  checks: Record<string, CheckResult>;
}

export interface Health {
  /** Add a check. Critical checks (the default) make the bot unhealthy when they fail. */
  add(name: string, check: () => CheckResult, options?: { critical?: boolean }): void;
  report(): HealthReport;
}

/**
 * @example
 * const health = createHealth();
 * health.add('database', () => probeWritable(db));
 * health.add('feeds', () => ({ ok: true, feeds: [] }), { critical: false });
 * health.report(); // { status: 'ok', checks: { database: { ok: true }, feeds: { ok: true, feeds: [] } } }
 */
export function createHealth(): Health {
  const checks = new Map<string, { check: () => CheckResult; critical: boolean }>();
  return {
    add(name, check, options = {}) {
      checks.set(name, { check, critical: options.critical ?? true });
    },
    report() {
      const results: Record<string, CheckResult> = {};
      let status: HealthStatus = 'ok';
      for (const [name, { check, critical }] of checks) {
        let result: CheckResult;
        try {
          result = check();
        } catch (error) {
          result = { ok: false, error: error instanceof Error ? error.message : String(error) };
        }
        results[name] = result;
        if (!result.ok) status = critical ? 'failing' : status === 'ok' ? 'degraded' : status;
      }
      return { status, checks: results };
    },
  };
}
