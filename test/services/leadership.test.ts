// One active holder of a role among several processes, by an advisory lock; a standby takes over within seconds.
import { describe, expect, it } from 'vitest';
import pg from 'pg';
import { createLeadership, type Leadership } from '../../src/runtime/leadership.js';
import { memoryLogger } from '../alerts/helpers/env.js';
import { freshSchema, TEST_DATABASE_URL } from './helpers/postgres.js';

describe('leadership', () => {
  it('lets one process hold a role; when its connection dies a standby takes over within the interval', async () => {
    const schema = freshSchema('lead');
    const events: string[] = [];
    const make = (name: string): Leadership =>
      createLeadership({
        connectionString: TEST_DATABASE_URL,
        schema,
        role: 'feed-poller',
        logger: memoryLogger(),
        intervalMs: 200,
        onLead: async () => void events.push(`${name} leads`),
        onLose: async () => void events.push(`${name} stops`),
      });
    const a = make('a');
    await expect.poll(() => a.isLeader(), { timeout: 5000 }).toBe(true);
    const b = make('b');
    await new Promise((r) => setTimeout(r, 600));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    // The holder's connection dies (as with kill -9): PostgreSQL drops its lock, the standby takes the role.
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await admin.connect();
    const killedAt = Date.now();
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'hk-innotech-bot:feed-poller' AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)");
    // The standby takes the role within about an interval; the old holder, whose connection is gone, learns it at
    // its next check (an interval at most) and stops. Here the old holder is alive and tries again too; a killed
    // process would not.
    let tookOverMs = -1;
    while (Date.now() - killedAt < 3000) {
      if (tookOverMs < 0 && b.isLeader()) tookOverMs = Date.now() - killedAt;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(events).toContain('a stops');
    expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
    expect(events.filter((e) => e.endsWith('leads'))).toHaveLength(2);
    if (b.isLeader()) {
      expect(tookOverMs).toBeGreaterThanOrEqual(0);
      expect(tookOverMs).toBeLessThan(2000);
    }
    await b.stop();
    await a.stop();
    expect(events.filter((e) => e.endsWith('stops'))).toHaveLength(2);
    // Once everyone has stopped, a new process takes the role at once.
    const c = make('c');
    await expect.poll(() => c.isLeader(), { timeout: 5000 }).toBe(true);
    await c.stop();
    await admin.end();
  });
});
