// The readings a process adds to /metrics (see MetricsSources.extra): the token budgets, the outbox, the one-at-a-time roles.
import type { MetricReading } from '../observability/metrics.js';
import type { Running } from './roles.js';

/**
 * Read now, from memory: counters are totals since the process started (per process, as Prometheus expects).
 * `queued` is the shared outbox's backlog where there is one (PostgreSQL), read elsewhere.
 */
export function runtimeReadings(running: Pick<Running, 'alerts' | 'budgets' | 'leaderships'>, queued?: () => number): MetricReading[] {
  const out: MetricReading[] = [];
  const add = (name: string, type: MetricReading['type'], help: string, value: number, labels: Record<string, string> = {}) => out.push({ name, type, help, labels, value });
  add('hkbot_outbox_in_flight', 'gauge', 'Deliveries this process holds now (claimed, or waiting for a send time)', running.alerts.dispatcher.stats().inFlight);
  if (queued) add('hkbot_outbox_queued', 'gauge', 'Delivery jobs waiting in the shared outbox (PostgreSQL)', queued());
  for (const [platform, budget] of Object.entries(running.budgets)) {
    if (!budget) continue;
    const s = budget.stats();
    add('hkbot_budget_granted_total', 'counter', 'Messages the token budget let through, replies and alerts', s.replies, { platform, priority: 'reply' });
    add('hkbot_budget_granted_total', 'counter', 'Messages the token budget let through, replies and alerts', s.alerts, { platform, priority: 'alert' });
    add('hkbot_budget_wait_seconds_total', 'counter', 'Time messages waited for the token budget', s.waitedMs / 1000, { platform });
    add('hkbot_budget_pauses_total', 'counter', 'Pauses of the whole token after a 429', s.pauses, { platform });
    add('hkbot_budget_late_slots_total', 'counter', 'Sends that left more than 5 ms after their send time (a busy machine)', s.lateSlots, { platform });
    add('hkbot_budget_store_errors_total', 'counter', 'Failures to reach the shared budget (PostgreSQL)', s.storeErrors, { platform });
  }
  for (const l of running.leaderships) add('hkbot_role_active', 'gauge', 'A one-at-a-time role: 1 where this process holds it, 0 on a standby', l.isLeader() ? 1 : 0, { role: l.role });
  return out;
}
