// What a process exposes for /metrics: plain readings a Prometheus client (prom-client) can collect on each scrape.
import type { Running } from './roles.js';
import type { State } from './state.js';
import { ALERT_QUEUE } from '../outbox/queue.js';

export interface MetricReading {
  /** Prometheus name, e.g. bot_alerts_sent_total. */
  name: string;
  help: string;
  type: 'counter' | 'gauge';
  labels: Record<string, string>;
  value: number;
}

/**
 * Every reading of this process now. Counters count since the process started (per process, as Prometheus
 * expects); the deliveries and queue gauges are the same in every process that shares the database.
 *
 * Wire it into prom-client with one collect() per name, e.g.
 * `new Gauge({ name, help, labelNames, async collect() { for (const r of await readMetrics(...)) if (r.name === name) this.set(r.labels, r.value); } })`.
 */
export async function readMetrics(running: Running, state: State): Promise<MetricReading[]> {
  const out: MetricReading[] = [];
  const add = (name: string, type: MetricReading['type'], help: string, value: number, labels: Record<string, string> = {}) => out.push({ name, type, help, labels, value });
  const outbox = running.alerts.dispatcher.stats();
  add('bot_alerts_sent_total', 'counter', 'Alerts this process sent (accepted by the platform).', outbox.sent);
  add('bot_alerts_retried_total', 'counter', 'Alert attempts that failed with a server or network error and will be retried.', outbox.retried);
  add('bot_alerts_failed_total', 'counter', 'Alerts given up: refused by the platform, or the chat refused the bot.', outbox.failed);
  add('bot_alerts_rate_limited_total', 'counter', 'Alert attempts answered 429 (each pauses the whole token).', outbox.rateLimited);
  add('bot_outbox_in_flight', 'gauge', 'Deliveries this process holds now (claimed or waiting for a send time).', outbox.inFlight);
  for (const [platform, budget] of Object.entries(running.budgets)) {
    if (!budget) continue;
    const s = budget.stats();
    add('bot_budget_granted_total', 'counter', 'Messages the token budget let through.', s.replies, { platform, priority: 'reply' });
    add('bot_budget_granted_total', 'counter', 'Messages the token budget let through.', s.alerts, { platform, priority: 'alert' });
    add('bot_budget_wait_seconds_total', 'counter', 'Time messages waited for the token budget.', s.waitedMs / 1000, { platform });
    add('bot_budget_pauses_total', 'counter', 'Pauses of the whole token after a 429.', s.pauses, { platform });
    add('bot_budget_late_slots_total', 'counter', 'Send times given up because the process was too late for them (a stalled event loop).', s.lateSlots, { platform });
    add('bot_budget_store_errors_total', 'counter', 'Failures to reach the shared budget (PostgreSQL).', s.storeErrors, { platform });
  }
  for (const l of running.leaderships) add('bot_role_active', 'gauge', 'Whether this process holds a one-at-a-time role now (1) or stands by (0).', l.isLeader() ? 1 : 0, { role: l.role });
  const counts = await state.store.countDeliveries();
  for (const [status, n] of Object.entries(counts)) add('bot_deliveries', 'gauge', 'Deliveries in the database by status.', n, { status });
  if (state.engine === 'postgres') add('bot_outbox_queued', 'gauge', 'Delivery jobs waiting in the shared outbox.', await state.queue.getQueueSize(ALERT_QUEUE));
  return out;
}
