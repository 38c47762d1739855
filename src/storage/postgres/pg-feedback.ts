// Answer feedback in PostgreSQL (migration 2): the same tables and rules as SQLite's, for any number of processes.
import { randomBytes } from 'node:crypto';
import type { Platform, Vote } from '../../../commands/types.js';
import type { FeedbackRecord, FeedbackStore } from '../types.js';
import { withTransaction, type Pool } from './pool.js';

export function pgFeedback(pool: Pool): FeedbackStore {
  return {
    async keepAnswer(id, answer, now) {
      const { rowCount } = await pool.query(
        'INSERT INTO feedback_answers (id, question, answered, fact_ids, platform, created_at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING',
        [id, answer.question, answer.answered, JSON.stringify(answer.factIds), answer.platform, now],
      );
      return rowCount === 1;
    },
    async pruneUnrated(olderThan) {
      const { rowCount } = await pool.query('DELETE FROM feedback_answers a WHERE created_at < $1 AND NOT EXISTS (SELECT 1 FROM feedback_votes v WHERE v.answer_id = a.id)', [olderThan]);
      return rowCount ?? 0;
    },
    castVote({ answerId, voterHash, vote, note, now }) {
      return withTransaction(pool, async (client) => {
        if ((await client.query('SELECT 1 FROM feedback_answers WHERE id = $1', [answerId])).rowCount === 0) return { status: 'unknown' } as const;
        // One voter's votes one at a time, whichever instance takes the press.
        const previous = (await client.query('SELECT vote, note FROM feedback_votes WHERE voter_hash = $1 FOR UPDATE', [voterHash])).rows[0] as { vote: Vote; note: string | null } | undefined;
        if (previous && previous.vote === vote && (note === undefined || note === previous.note)) return { status: 'unchanged', vote } as const;
        const kept = note ?? (previous?.vote === vote ? previous.note : null);
        await client.query(
          `INSERT INTO feedback_votes (voter_hash, answer_id, vote, note, at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (voter_hash) DO UPDATE SET vote = excluded.vote, note = excluded.note, at = excluded.at`,
          [voterHash, answerId, vote, kept, now],
        );
        return { status: previous ? 'changed' : 'added', vote } as const;
      });
    },
    async feedbackSalt() {
      await pool.query('INSERT INTO feedback_salt (id, salt) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [randomBytes(32)]);
      return (await pool.query('SELECT salt FROM feedback_salt WHERE id = 1')).rows[0].salt as Buffer;
    },
    async feedbackRecords() {
      const { rows } = await pool.query(
        `SELECT a.question, a.answered, a.fact_ids, a.platform, v.vote, v.note, v.at
           FROM feedback_votes v JOIN feedback_answers a ON a.id = v.answer_id
          ORDER BY v.at, v.voter_hash`,
      );
      return (rows as Array<{ question: string; answered: boolean; fact_ids: string[]; platform: Platform; vote: Vote; note: string | null; at: number }>).map(
        (row): FeedbackRecord => ({
          question: row.question,
          answered: row.answered,
          factIds: row.fact_ids,
          vote: row.vote,
          platform: row.platform,
          at: new Date(Number(row.at)).toISOString(),
          ...(row.note ? { note: row.note } : {}),
        }),
      );
    },
    async feedbackCounts() {
      const answers = Number((await pool.query('SELECT count(*) AS n FROM feedback_answers')).rows[0].n);
      const { rows } = await pool.query('SELECT vote, count(*) AS n FROM feedback_votes GROUP BY vote');
      const n = (vote: Vote) => Number((rows as Array<{ vote: Vote; n: number }>).find((r) => r.vote === vote)?.n ?? 0);
      return { answers, up: n('up'), down: n('down') };
    },
  };
}
