// Wires health and metrics when METRICS_PORT is set: prom-client and the HTTP endpoint are imported only then.
import type { Platform } from '../../commands/types.js';
import type { App } from '../app.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { createHealth, type Health } from './health.js';
import type { MetricsSources } from './metrics.js';
import { noMetrics, type CheckResult, type Metrics, type PlatformStatus } from './types.js';

export interface Observability {
  metrics: Metrics;
  health: Health;
  /** Add scrape-time readings (the outbox, the feeds) as their parts start. */
  read(sources: Omit<MetricsSources, 'platforms' | 'knowledge'>): void;
  /** A started platform: /healthz fails while it is not connected, /metrics shows hkbot_platform_connected. */
  platform(name: Platform, status: () => PlatformStatus): void;
  stop(): Promise<void>;
}

/** Nothing to report to: the counters go nowhere and no port is opened. */
const off: Observability = { metrics: noMetrics, health: createHealth(), read: () => undefined, platform: () => undefined, stop: async () => undefined };

/**
 * Start /healthz and /metrics on METRICS_PORT (METRICS_HOST), or nothing when it is not set.
 * The knowledge check is added here; the database, the platforms and the feeds as they start.
 */
export async function startObservability(options: {
  config: Pick<Config, 'METRICS_PORT' | 'METRICS_HOST'>;
  app: App;
  logger: Logger;
  /** The platforms that will run (their counters start at 0). */
  platforms: readonly Platform[];
}): Promise<Observability> {
  const { config, app, logger } = options;
  if (config.METRICS_PORT === undefined) return off;
  const [{ createPromMetrics }, { startOpsServer }] = await Promise.all([import('./metrics.js'), import('./server.js')]);
  const prom = createPromMetrics({ platforms: options.platforms });
  const health = createHealth();
  const platforms = new Map<Platform, () => PlatformStatus>();
  // Source files left out (bad or too large) are named here; the bot answers without them, so it stays healthy.
  health.add('knowledge', (): CheckResult => ({ ok: app.core.knowledge.sources.length > 0, ...app.core.stats, ...(app.core.knowledge.skipped?.length ? { skipped: app.core.knowledge.skipped } : {}) }));
  prom.read({
    knowledge: () => ({ sources: app.core.knowledge.sources.length, facts: app.core.knowledge.facts.length }),
    platforms: () => Object.fromEntries([...platforms].map(([name, status]) => [name, status().ok])),
  });
  const server = await startOpsServer({ port: config.METRICS_PORT, host: config.METRICS_HOST, health, metrics: prom, logger });
  return {
    metrics: prom.metrics,
    health,
    read: (sources) => prom.read(sources),
    platform(name, status) {
      platforms.set(name, status);
      health.add(name, status);
    },
    stop: () => server.stop(),
  };
}
