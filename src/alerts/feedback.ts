// Answer feedback (the FeedbackPort of commands/) over the store: answers under short random ids, one vote per person per answer.
import { createHmac, randomBytes } from 'node:crypto';
import type { FeedbackPort } from '../../commands/types.js';
import type { Logger } from '../logger.js';
import type { FeedbackStore } from '../storage/types.js';

export type { FeedbackRecord } from '../storage/types.js';

export interface FeedbackOptions {
  store: FeedbackStore;
  logger?: Logger;
  /** Votes (button presses or /feedback) one user may make per window. Default 10 a minute. */
  limit?: { votes: number; windowMs: number };
  /** Answers nobody rated are forgotten after this many days (their buttons then say so). Default 30. */
  keepUnratedDays?: number;
  clock?: () => number;
}

const QUESTION_MAX = 1000;
const PRUNE_EVERY_MS = 60 * 60_000;
const MAX_TRACKED_USERS = 100_000;

/** Feedback over the store (SQLite or PostgreSQL: migration 2 of either). */
export function createFeedbackService(options: FeedbackOptions): FeedbackPort {
  const { store, logger } = options;
  const clock = options.clock ?? Date.now;
  const limit = options.limit ?? { votes: 10, windowMs: 60_000 };
  const keepMs = (options.keepUnratedDays ?? 30) * 86_400_000;
  let salt: Promise<Buffer> | undefined;
  const waitFor = createVoteLimiter(limit, clock);
  let prunedAt = 0;

  return {
    async record(answer) {
      try {
        const now = clock();
        if (now - prunedAt >= PRUNE_EVERY_MS) {
          prunedAt = now;
          await store.pruneUnrated(now - keepMs);
        }
        const kept = { ...answer, question: answer.question.slice(0, QUESTION_MAX) };
        for (let attempt = 0; attempt < 3; attempt++) {
          const id = randomBytes(6).toString('base64url');
          if (await store.keepAnswer(id, kept, now)) return id;
        }
      } catch (error) {
        logger?.warn('feedback: could not keep an answer for rating; it is sent without rating buttons', { error: String(error) });
      }
      return undefined;
    },
    async vote({ answerId, voter, vote, note }) {
      const wait = waitFor(voter);
      if (wait > 0) return { status: 'limited', retryInSeconds: wait };
      salt ??= store.feedbackSalt();
      const hash = createHmac('sha256', await salt).update(`${voter}\n${answerId}`).digest('base64url');
      return store.castVote({ answerId, voterHash: hash, vote, now: clock(), ...(note !== undefined ? { note } : {}) });
    },
  };
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
