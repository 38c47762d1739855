// The token's overall limit as a log of its recent sends, each closed when the platform's answer came back.
//
// Why a log and not a window counter: a message reaches the platform some time after its send time (a busy event
// loop, a slow socket), and the platform counts it when it arrives. With send times alone, a message held back
// 45 ms lands next to the one after it, and 31 can arrive within one second although no 31 send times were.
// Here a send counts until its answer came back, which is always after it arrived: the next send time is at least
// one window after the moment the send `points` back was answered. So for any `points + 1` messages, the last one
// leaves after the first one has arrived plus a whole window, whatever the delays on the way; and the margin
// this costs is only the time an answer takes, not a guess at the worst delay.
import type { Pool } from 'pg';

/** The overall rule: at most `points` in any `windowMs`, sends at least `gapMs` apart. */
export interface SendRule {
  points: number;
  windowMs: number;
  gapMs: number;
}

/**
 * A send time: taken (it has an `id` to close or cancel) when it was within the horizon, otherwise only told.
 * `open`: the send it waits for has not been answered yet, so `at` is only a time to ask again.
 */
export interface Reservation {
  at: number;
  id?: number;
  open?: boolean;
}

export interface SendLog {
  /** The earliest send time at or after `now` the log allows; taken when it is at most `horizonMs` away. */
  reserve(key: string, now: number, rule: SendRule, horizonMs: number): Promise<Reservation>;
  /** The platform answered the send (or it failed) at `at`. */
  close(key: string, id: number, at: number): Promise<void>;
  /** The send time was not used: nothing was sent. */
  cancel(key: string, id: number): Promise<void>;
}

/**
 * A send whose answer never came back (its process died) counts as answered this long after its send time:
 * beyond the senders' request timeout (30 s), so a request still on its way is never counted out early.
 */
export const OPEN_SEND_CAP_MS = 35_000;

/** One more millisecond: the first of `points + 1` arrivals and the last are always more than a window apart. */
const STRICT_MS = 1;

interface Entry {
  id: number;
  at: number;
  done: number | undefined;
}

/** Until when a send counts: its answer, or (still open) forever, up to the cap. */
const countsUntil = (e: Entry) => Math.min(e.done ?? Infinity, e.at + OPEN_SEND_CAP_MS);

/**
 * The earliest allowed send time for a log's entries (the same rule as the PostgreSQL function below). When the
 * send that decides it is still open, the time is not known yet: `open`, and `at` is when to ask again.
 */
function nextSendTime(entries: readonly Entry[], now: number, rule: SendRule): { at: number; open: boolean } {
  let last = -Infinity;
  const live: Entry[] = [];
  for (const e of entries) {
    last = Math.max(last, e.at);
    if (countsUntil(e) > now - rule.windowMs) live.push(e);
  }
  const at = Math.max(now, last + rule.gapMs);
  if (live.length < rule.points) return { at, open: false };
  const deciding = live.sort((a, b) => countsUntil(b) - countsUntil(a))[rule.points - 1]!;
  if (deciding.done === undefined && deciding.at + OPEN_SEND_CAP_MS > now) return { at: Math.max(at, now + rule.gapMs), open: true };
  return { at: Math.max(at, countsUntil(deciding) + rule.windowMs + STRICT_MS), open: false };
}

/** The log in this process's memory (SQLite mode, one process). */
export function memorySendLog(): SendLog {
  const logs = new Map<string, Entry[]>();
  let nextId = 1;
  return {
    async reserve(key, now, rule, horizonMs) {
      const entries = (logs.get(key) ?? []).filter((e) => countsUntil(e) > now - rule.windowMs - 1000 || e.at > now - rule.gapMs);
      logs.set(key, entries);
      const { at, open } = nextSendTime(entries, now, rule);
      if (open) return { at, open };
      if (at - now > horizonMs) return { at };
      const id = nextId++;
      entries.push({ id, at, done: undefined });
      return { at, id };
    },
    async close(key, id, at) {
      const entry = logs.get(key)?.find((e) => e.id === id);
      if (entry) entry.done = Math.max(entry.at, at);
    },
    async cancel(key, id) {
      const entries = logs.get(key);
      if (entries) logs.set(key, entries.filter((e) => e.id !== id));
    },
  };
}

/**
 * The log in the `send_log` table of the bot's PostgreSQL schema, shared by every process of the token: one
 * function call takes a send time under the key's advisory lock (migration 5), one statement closes it.
 */
export function postgresSendLog(pool: Pool): SendLog {
  return {
    async reserve(key, now, rule, horizonMs) {
      const { rows } = await pool.query<{ at: number; id: number | null; open: boolean }>('SELECT at, id, open FROM send_log_reserve($1, $2, $3, $4, $5, $6, $7)', [
        key,
        now,
        rule.points,
        rule.windowMs,
        rule.gapMs,
        OPEN_SEND_CAP_MS,
        horizonMs,
      ]);
      const row = rows[0]!;
      if (row.open) return { at: Number(row.at), open: true };
      return row.id === null ? { at: Number(row.at) } : { at: Number(row.at), id: Number(row.id) };
    },
    async close(_key, id, at) {
      await pool.query('UPDATE send_log SET done = greatest(at, $2) WHERE id = $1', [id, at]);
    },
    async cancel(_key, id) {
      await pool.query('DELETE FROM send_log WHERE id = $1', [id]);
    },
  };
}

/** Migration 5 of the PostgreSQL schema: the table and the function `postgresSendLog` uses. */
export const SEND_LOG_MIGRATION = `
  -- Unlogged: a log of the last seconds need not survive a crash.
  CREATE UNLOGGED TABLE send_log (
    id BIGSERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    at DOUBLE PRECISION NOT NULL,
    done DOUBLE PRECISION
  );
  CREATE INDEX send_log_key ON send_log (key, at);
  CREATE FUNCTION send_log_reserve(p_key TEXT, p_now DOUBLE PRECISION, p_points INTEGER, p_window DOUBLE PRECISION,
                                   p_gap DOUBLE PRECISION, p_cap DOUBLE PRECISION, p_horizon DOUBLE PRECISION)
  RETURNS TABLE (at DOUBLE PRECISION, id BIGINT, open BOOLEAN)
  LANGUAGE plpgsql SET search_path FROM CURRENT AS $fn$
  DECLARE
    v_last DOUBLE PRECISION;
    v_until DOUBLE PRECISION;
    v_open BOOLEAN;
    v_at DOUBLE PRECISION;
    v_id BIGINT;
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('send_log:' || p_key));
    DELETE FROM send_log l WHERE l.key = p_key AND least(coalesce(l.done, 'Infinity'), l.at + p_cap) <= p_now - p_window - 1000
      AND l.at <= p_now - p_gap;
    SELECT max(l.at) INTO v_last FROM send_log l WHERE l.key = p_key;
    v_at := greatest(p_now, coalesce(v_last + p_gap, p_now));
    SELECT x.until, x.done IS NULL AND x.at + p_cap > p_now INTO v_until, v_open FROM (
      SELECT l.at, l.done, least(coalesce(l.done, 'Infinity'), l.at + p_cap) AS until FROM send_log l WHERE l.key = p_key
    ) x WHERE x.until > p_now - p_window ORDER BY x.until DESC OFFSET p_points - 1 LIMIT 1;
    IF v_open THEN
      RETURN QUERY SELECT greatest(v_at, p_now + p_gap), NULL::BIGINT, true;
      RETURN;
    END IF;
    v_at := greatest(v_at, coalesce(v_until + p_window + 1, p_now));
    IF v_at - p_now > p_horizon THEN
      RETURN QUERY SELECT v_at, NULL::BIGINT, false;
      RETURN;
    END IF;
    INSERT INTO send_log (key, at) VALUES (p_key, v_at) RETURNING send_log.id INTO v_id;
    RETURN QUERY SELECT v_at, v_id, false;
  END
  $fn$;`;
