// Answer feedback in SQLite (migration 2): answers under short random ids, one vote per voter hash and answer.
import { randomBytes } from 'node:crypto';
import type { Platform, Vote } from '../../commands/types.js';
import type { Db } from '../alerts/db.js';
import type { FeedbackRecord, FeedbackStore } from './types.js';

export function sqliteFeedback(db: Db): FeedbackStore {
  const insert = db.prepare('INSERT OR IGNORE INTO feedback_answers (id, question, answered, fact_ids, platform, created_at) VALUES (?, ?, ?, ?, ?, ?)');
  const prune = db.prepare('DELETE FROM feedback_answers WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM feedback_votes v WHERE v.answer_id = feedback_answers.id)');
  const exists = db.prepare('SELECT 1 FROM feedback_answers WHERE id = ?').pluck();
  const previousVote = db.prepare<[string], { vote: Vote; note: string | null }>('SELECT vote, note FROM feedback_votes WHERE voter_hash = ?');
  const upsert = db.prepare(
    `INSERT INTO feedback_votes (voter_hash, answer_id, vote, note, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (voter_hash) DO UPDATE SET vote = excluded.vote, note = excluded.note, at = excluded.at`,
  );
  const castVote = db.transaction((answerId: string, hash: string, vote: Vote, note: string | undefined, now: number) => {
    if (!exists.get(answerId)) return { status: 'unknown' } as const;
    const previous = previousVote.get(hash);
    if (previous && previous.vote === vote && (note === undefined || note === previous.note)) return { status: 'unchanged', vote } as const;
    // A changed vote without a new note drops the old note: it explained the other vote.
    const kept = note ?? (previous?.vote === vote ? previous.note : null);
    upsert.run(hash, answerId, vote, kept, now);
    return { status: previous ? 'changed' : 'added', vote } as const;
  });
  return {
    async keepAnswer(id, answer, now) {
      return insert.run(id, answer.question, answer.answered ? 1 : 0, JSON.stringify(answer.factIds), answer.platform, now).changes === 1;
    },
    pruneUnrated: async (olderThan) => prune.run(olderThan).changes,
    castVote: async ({ answerId, voterHash, vote, note, now }) => castVote(answerId, voterHash, vote, note, now),
    async feedbackSalt() {
      const read = () => db.prepare('SELECT salt FROM feedback_salt WHERE id = 1').pluck().get() as Buffer | undefined;
      const salt = read();
      if (salt) return salt;
      db.prepare('INSERT OR IGNORE INTO feedback_salt (id, salt) VALUES (1, ?)').run(randomBytes(32));
      return read()!;
    },
    async feedbackRecords() {
      const rows = db
        .prepare<[], { question: string; answered: number; fact_ids: string; platform: Platform; vote: Vote; note: string | null; at: number }>(
          `SELECT a.question, a.answered, a.fact_ids, a.platform, v.vote, v.note, v.at
             FROM feedback_votes v JOIN feedback_answers a ON a.id = v.answer_id
            ORDER BY v.at, v.rowid`,
        )
        .all();
      return rows.map(
        (row): FeedbackRecord => ({
          question: row.question,
          answered: row.answered === 1,
          factIds: JSON.parse(row.fact_ids) as string[],
          vote: row.vote,
          platform: row.platform,
          at: new Date(row.at).toISOString(),
          ...(row.note ? { note: row.note } : {}),
        }),
      );
    },
    async feedbackCounts() {
      const answers = db.prepare('SELECT count(*) FROM feedback_answers').pluck().get() as number;
      const votes = db.prepare<[], { vote: Vote; n: number }>('SELECT vote, count(*) AS n FROM feedback_votes GROUP BY vote').all();
      return { answers, up: votes.find((v) => v.vote === 'up')?.n ?? 0, down: votes.find((v) => v.vote === 'down')?.n ?? 0 };
    },
  };
}
