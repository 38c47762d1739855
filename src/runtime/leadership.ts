// One active holder of a role among several processes (feed poller, Discord gateway): a PostgreSQL advisory lock.
import pg from 'pg';
import type { Logger } from '../logger.js';
import type { Leadership } from './sole-leadership.js';

export type { Leadership } from './sole-leadership.js';

export interface LeadershipOptions {
  connectionString: string;
  /** The bot's schema: bots sharing a database keep their locks apart. */
  schema: string;
  role: string;
  logger: Logger;
  /** A standby tries to take over this often; the holder checks its connection as often. */
  intervalMs: number;
  /** Start the role (connect the gateway...). A throw gives the lock back and tries again later. */
  onLead?: () => Promise<void>;
  /** Stop the role: the lock was lost (connection gone) or stop() was called. */
  onLose?: () => Promise<void>;
}

/**
 * The lock lives as long as the holder's connection: when the process dies (even kill -9) PostgreSQL drops
 * the connection and the lock, and a standby takes over at its next try, within `intervalMs`.
 */
export function createLeadership(options: LeadershipOptions): Leadership {
  const { logger, role } = options;
  const key = `hk-innotech-bot:${options.schema}:${role}`;
  let client: pg.Client | undefined;
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> = Promise.resolve();

  const lose = async (reason: string) => {
    const wasLeading = leading;
    leading = false;
    const old = client;
    client = undefined;
    await old?.end().catch(() => undefined);
    if (wasLeading) {
      logger.warn('this process is no longer the active one', { reason });
      await options.onLose?.().catch((error: unknown) => logger.error('stopping the role failed', { err: error }));
    }
  };

  const tick = async () => {
    if (stopped) return;
    try {
      if (!client) {
        const c = new pg.Client({ connectionString: options.connectionString, application_name: `hk-innotech-bot:${role}`, keepAlive: true });
        c.on('error', () => void (busy = busy.then(() => lose('connection lost'))));
        await c.connect();
        client = c;
      }
      if (leading) {
        await client.query('SELECT 1');
        return;
      }
      const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [key]);
      if (!rows[0]?.ok || stopped) return;
      leading = true;
      logger.info('this process is now the active one');
      try {
        await options.onLead?.();
      } catch (error) {
        logger.error('could not start the role; giving it up for now', { err: error });
        leading = false;
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
      }
    } catch (error) {
      await lose(error instanceof Error ? error.message : String(error));
    }
  };

  const loop = () => {
    busy = busy.then(tick);
    void busy.finally(() => {
      if (!stopped) timer = setTimeout(loop, options.intervalMs);
    });
  };
  loop();

  return {
    role,
    isLeader: () => leading,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await busy;
      await lose('stopping');
    },
  };
}
