// Answer feedback in SQLite (the FeedbackPort of commands/): answers under short random ids, one vote per person per answer.
import { createHmac, randomBytes } from 'node:crypto';
import type { FeedbackPort, Platform, Vote } from '../../commands/types.js';
import type { Logger } from '../logger.js';
import type { Db } from './db.js';

export interface FeedbackOptions {
  db: Db;
  logger?: Logger;
  /** Votes (button presses or /feedback) one user may make per window. Default 10 a minute. */
  limit?: { votes: number; windowMs: number };
  /** Answers nobody rated are forgotten after this many days (their buttons then say so). Default 30. */
  keepUnratedDays?: number;
  clock?: () => number;
}

/** One rated answer as exported: labelled data for fitting, with nothing about who asked or rated. */
export interface FeedbackRecord {
  question: string;
  answered: boolean;
  factIds: string[];
  vote: Vote;
  platform: Platform;
  /** When the vote was cast or last changed (ISO 8601). */
  at: string;
  note?: string;
}

const QUESTION_MAX = 1000;
const PRUNE_EVERY_MS = 60 * 60_000;
const MAX_TRACKED_USERS = 100_000;

/** Feedback over the alerts database (migration 2). */
export function createFeedbackService(options: FeedbackOptions): FeedbackPort {
  const { db, logger } = options;
  const clock = options.clock ?? Date.now;
  const limit = options.limit ?? { votes: 10, windowMs: 60_000 };
  const keepMs = (options.keepUnratedDays ?? 30) * 86_400_000;
  const salt = readSalt(db);
  const insert = db.prepare(
    'INSERT OR IGNORE INTO feedback_answers (id, question, answered, fact_ids, platform, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const prune = db.prepare(
    'DELETE FROM feedback_answers WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM feedback_votes v WHERE v.answer_id = feedback_answers.id)',
  );
  const exists = db.prepare('SELECT 1 FROM feedback_answers WHERE id = ?').pluck();
  const previousVote = db.prepare<[string], { vote: Vote; note: string | null }>('SELECT vote, note FROM feedback_votes WHERE voter_hash = ?');
  const upsert = db.prepare(
    `INSERT INTO feedback_votes (voter_hash, answer_id, vote, note, at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (voter_hash) DO UPDATE SET vote = excluded.vote, note = excluded.note, at = excluded.at`,
  );
  const waitFor = createVoteLimiter(limit, clock);
  let prunedAt = 0;

  const castVote = db.transaction((answerId: string, hash: string, vote: Vote, note: string | undefined) => {
    if (!exists.get(answerId)) return { status: 'unknown' } as const;
    const previous = previousVote.get(hash);
    if (previous && previous.vote === vote && (note === undefined || note === previous.note)) return { status: 'unchanged', vote } as const;
    // A changed vote without a new note drops the old note: it explained the other vote.
    const kept = note ?? (previous?.vote === vote ? previous.note : null);
    upsert.run(hash, answerId, vote, kept, clock());
    return { status: previous ? 'changed' : 'added', vote } as const;
  });

  return {
    record(answer) {
      try {
        const now = clock();
        if (now - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = now;
          prune.run(now - keepMs);
        }
        const row = [answer.question.slice(0, QUESTION_MAX), answer.answered ? 1 : 0, JSON.stringify(answer.factIds), answer.platform, now];
        for (let attempt = 0; attempt < 3; attempt++) {
          const id = randomBytes(6).toString('base64url');
          if (insert.run(id, ...row).changes === 1) return id;
        }
      } catch (error) {
        logger?.warn('feedback: could not keep an answer for rating; it is sent without rating buttons', { error: String(error) });
      }
      return undefined;
    },
    vote({ answerId, voter, vote, note }) {
      const wait = waitFor(voter);
      if (wait > 0) return { status: 'limited', retryInSeconds: wait };
      const hash = createHmac('sha256', salt).update(`${voter}\n${answerId}`).digest('base64url');
      return castVote(answerId, hash, vote, note);
    },
  };
}

/** Every vote with its answer, oldest first. */
export function* feedbackRecords(db: Db): Generator<FeedbackRecord> {
  const rows = db.prepare<[], { question: string; answered: number; fact_ids: string; platform: Platform; vote: Vote; note: string | null; at: number }>(
    `SELECT a.question, a.answered, a.fact_ids, a.platform, v.vote, v.note, v.at
       FROM feedback_votes v JOIN feedback_answers a ON a.id = v.answer_id
      ORDER BY v.at, v.rowid`,
  );
  for (const row of rows.iterate()) {
    yield {
      question: row.question,
      answered: row.answered === 1,
      factIds: JSON.parse(row.fact_ids) as string[],
      vote: row.vote,
      platform: row.platform,
      at: new Date(row.at).toISOString(),
      ...(row.note ? { note: row.note } : {}),
    };
  }
}

/** Counts for a summary: answers kept, votes up and down. */
export function feedbackCounts(db: Db): { answers: number; up: number; down: number } {
  const answers = db.prepare('SELECT count(*) FROM feedback_answers').pluck().get() as number;
  const votes = db.prepare<[], { vote: Vote; n: number }>('SELECT vote, count(*) AS n FROM feedback_votes GROUP BY vote').all();
  return { answers, up: votes.find((v) => v.vote === 'up')?.n ?? 0, down: votes.find((v) => v.vote === 'down')?.n ?? 0 };
}

function readSalt(db: Db): Buffer {
  const read = () => db.prepare('SELECT salt FROM feedback_salt WHERE id = 1').pluck().get() as Buffer | undefined;
  const salt = read();
  if (salt) return salt;
  db.prepare('INSERT OR IGNORE INTO feedback_salt (id, salt) VALUES (1, ?)').run(randomBytes(32));
  return read()!;
}

/** A sliding window per voter, in memory only: the seconds to wait, or 0 when the vote may go ahead. */
function createVoteLimiter(limit: { votes: number; windowMs: number }, clock: () => number): (voter: string) => number {
  const voters = new Map<string, number[]>();
  return (voter) => {
    const now = clock();
    const recent = (voters.get(voter) ?? []).filter((at) => now - at < limit.windowMs);
    voters.delete(voter);
    if (recent.length >= limit.votes) {
      voters.set(voter, recent);
      return Math.max(1, Math.ceil((recent[0]! + limit.windowMs - now) / 1000));
    }
    voters.set(voter, [...recent, now]);
    if (voters.size > MAX_TRACKED_USERS) voters.delete(voters.keys().next().value!);
    return 0;
  };
}
